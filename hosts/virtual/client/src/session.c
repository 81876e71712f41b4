// The session resource: `open` connects to the peer and finds its era
// (docs/targets.md, "Peers"): `server/discover` with the 2026-07-28 envelope;
// a DiscoverResult makes the session modern; a -32022 naming another modern
// version the provider serves is probed once more with that version (it
// serves 2026-07-28 alone and asks for that first, so today a -32022 means
// legacy: a version the provider does not know cannot be spoken); anything
// else, or no answer within 2 s, makes it legacy: `initialize` with
// 2025-11-25, then `notifications/initialized`.
#include <stdlib.h>
#include <string.h>

#include "provider.h"

typedef exports_wasi_mcp_client_result_own_session_error_t open_result;

static uint32_t open_write(uint32_t w, const void *v) { return exports_wasi_mcp_client_future_result_own_session_error_write(w, v); }
static void open_drop(uint32_t w) { exports_wasi_mcp_client_future_result_own_session_error_drop_writable(w); }

static void open_done(void *p, bool taken) {
  open_result *r = p;
  if (r->is_err) exports_wasi_mcp_client_error_free(&r->val.err);
  else if (!taken) exports_wasi_mcp_client_session_drop_own(r->val.ok);  // nobody took it: the session ends
  free(r);
}

static void open_put(uint32_t w, open_result r) {
  open_result *v = xmalloc(sizeof(open_result));
  *v = r;
  future_put(w, open_write, open_drop, v, open_done);
}

static void open_fail(uint32_t w, cp_error e) { open_put(w, (open_result){.is_err = true, .val.err = e}); }

static void session_free(session *s) {
  if (s->c) conn_release(s->c);
  timer_detach(s->probe_timer);
  free(s->version);
  wasi_mcp_types_implementation_free(&s->info);
  free(s->peer);
  free(s);
}

/** The handshake failed: the open fails with e, the session is gone. */
static void handshake_failed(session *s, cp_error e) {
  open_fail(s->open_w, e);
  session_free(s);
}

static void handshake_done(session *s, bool modern, const char *version, size_t vlen) {
  s->modern = modern;
  s->version = xstrndup(version, vlen);
  exports_wasi_mcp_client_own_session_t handle = exports_wasi_mcp_client_session_new(s);
  open_put(s->open_w, (open_result){.is_err = false, .val.ok = handle});
}

/** What the connection's end means for an open in progress. */
static cp_error unreachable(session *s, const char *what) {
  sbuf m = {0};
  sb_puts(&m, what);
  sb_puts(&m, " (peer ");
  sb_put(&m, s->peer, s->peer_len);
  sb_putc(&m, ')');
  sb_putc(&m, 0);
  cp_error e = make_error_z(WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE, m.failed ? what : m.p);
  sb_free(&m);
  return e;
}

// ---------------------------------------------------------------------------
// Legacy: initialize.

static void on_initialize(void *ctx, const jval *result, const jval *error) {
  session *s = ctx;
  if (!result && !error) {
    handshake_failed(s, unreachable(s, "the peer closed the connection during initialize"));
    return;
  }
  if (error) {
    handshake_failed(s, peer_error(error));
    return;
  }
  const jval *version = json_get(result, "protocolVersion");
  const char *bad = to_implementation(json_get(result, "serverInfo"), &s->info);
  if (!version || version->t != J_STR) bad = "protocolVersion";
  if (bad) {
    sbuf m = {0};
    sb_puts(&m, "the peer's initialize result has no valid ");
    sb_puts(&m, bad);
    sb_putc(&m, 0);
    handshake_failed(s, make_error_z(WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, m.failed ? "malformed initialize result" : m.p));
    sb_free(&m);
    return;
  }
  conn_notify(s->c, "notifications/initialized", NULL);
  handshake_done(s, false, version->s, version->slen);
}

static void start_initialize(session *s) {
  sbuf p = {0};
  sb_puts(&p, "{\"protocolVersion\":\"" LEGACY_VERSION "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"" PROVIDER_NAME
              "\",\"version\":\"" PROVIDER_VERSION "\"}}");
  conn_request(s->c, "initialize", &p, on_initialize, s);
}

// ---------------------------------------------------------------------------
// Modern: server/discover.

static void start_probe(session *s, const char *version, size_t vlen);

/** A modern version the provider serves that a -32022 names, other than the one asked for. */
static const jval *modern_version_named(const jval *error, const char *asked) {
  const jval *code = json_get(error, "code");
  const jval *data = json_get(error, "data");
  const jval *supported = json_get(data, "supported");
  if (!code || !json_is_int(code) || code->num != -32022 || !supported || supported->t != J_ARR) return NULL;
  const jval *best = NULL;
  for (size_t i = 0; i < supported->n; i++) {
    const jval *v = supported->items[i];
    if (v->t != J_STR || strlen(v->s) != v->slen || strcmp(v->s, MODERN_VERSION) != 0 || strcmp(v->s, asked) == 0) continue;
    if (!best || strcmp(v->s, best->s) > 0) best = v;
  }
  return best;
}

/** The probe found no modern peer: initialize (or, under peer-no-legacy-fallback, the open fails). */
static void fall_back_to_legacy(session *s) {
  free(s->version);
  s->version = NULL;
  if (defect(D_PEER_NO_LEGACY_FALLBACK)) {
    handshake_failed(s, unreachable(s, "the peer did not answer server/discover"));
    return;
  }
  start_initialize(s);
}

static void on_discover(void *ctx, const jval *result, const jval *error) {
  session *s = ctx;
  timer_detach(s->probe_timer);
  s->probe_timer = NULL;
  if (!result && !error) {
    handshake_failed(s, unreachable(s, "the peer closed the connection during server/discover"));
    return;
  }
  if (error) {
    const jval *named = s->retried ? NULL : modern_version_named(error, s->version);
    if (named) {
      s->retried = true;
      start_probe(s, named->s, named->slen);
      return;
    }
    if (defect(D_PEER_NO_LEGACY_FALLBACK)) {
      handshake_failed(s, peer_error(error));
      return;
    }
    fall_back_to_legacy(s);
    return;
  }
  const jval *versions = json_get(result, "supportedVersions");
  if (!versions || versions->t != J_ARR || !json_get(result, "capabilities")) {
    // not a DiscoverResult
    fall_back_to_legacy(s);
    return;
  }
  const jval *meta = json_get(result, "_meta");
  if (to_implementation(json_get(meta, "io.modelcontextprotocol/serverInfo"), &s->info)) {
    // a DiscoverResult whose serverInfo is missing or malformed: the session is modern all the same
    wasi_mcp_types_implementation_free(&s->info);
    s->info = (wasi_mcp_types_implementation_t){.name = str_dupz(""), .version = str_dupz("")};
  }
  char *version = s->version;
  s->version = NULL;
  handshake_done(s, true, version, strlen(version));
  free(version);
}

static void on_probe_timeout(void *ctx) {
  session *s = ctx;
  s->probe_timer = NULL;
  conn_forget(s->c, s->probe_id);
  fall_back_to_legacy(s);
}

static void start_probe(session *s, const char *version, size_t vlen) {
  if (conn_ended(s->c)) {
    handshake_failed(s, unreachable(s, "the peer closed the connection during server/discover"));
    return;
  }
  free(s->version);
  s->version = xstrndup(version, vlen);  // the version being probed
  sbuf p = {0};
  sb_putc(&p, '{');
  put_meta_envelope(&p, s->version);
  sb_putc(&p, '}');
  s->probe_id = conn_request(s->c, "server/discover", &p, on_discover, s);
  s->probe_timer = timer_start(DISCOVER_TIMEOUT_NS, on_probe_timeout, s);
}

static void on_connected(void *ctx, const char *failure) {
  session *s = ctx;
  if (failure) {
    handshake_failed(s, unreachable(s, failure));
    return;
  }
  if (defect(D_PEER_LEGACY_ONLY)) start_initialize(s);
  else start_probe(s, MODERN_VERSION, strlen(MODERN_VERSION));
}

// ---------------------------------------------------------------------------
// The exports.

/** The open itself, in the driver: find the peer, connect, then the handshake. */
static void open_run(void *ctx) {
  session *s = ctx;
  uint32_t w = s->open_w;
  size_t len = s->peer_len;
  wasi_sockets_types_ip_socket_address_t addr;
  const char *failure = NULL;
  switch (peer_address(s->peer, len, &addr)) {
    case PEER_UNKNOWN: {
      sbuf m = {0}, d = {0};
      sb_puts(&m, "unknown peer ");
      sb_jstr(&m, s->peer, len);
      sb_putc(&m, 0);
      sb_puts(&d, "{\"peer\":");
      sb_jstr(&d, s->peer, len);
      sb_putc(&d, '}');
      if (m.failed || d.failed) __builtin_trap();
      wasi_mcp_types_error_code_t code =
          defect(D_PEER_UNKNOWN_UNAVAILABLE) ? WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE : WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS;
      open_fail(w, make_error(code, m.p, d.p, d.len));
      sb_free(&m);
      sb_free(&d);
      break;
    }
    case PEERS_UNREADABLE:
      open_fail(w, make_error_z(WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE, "WASI_MCP_PEERS is not a JSON object of peer names to addresses"));
      break;
    case PEER_BAD_ADDRESS:
      open_fail(w, unreachable(s, "the peer's address in WASI_MCP_PEERS is not IP:PORT"));
      break;
    case PEER_FOUND:
      s->c = conn_open(&addr, &failure);
      if (!s->c) {
        open_fail(w, unreachable(s, failure));
        break;
      }
      conn_connect(s->c, on_connected, s);
      return;
  }
  session_free(s);
}

exports_wasi_mcp_client_future_result_own_session_error_t exports_wasi_mcp_client_static_session_open(cp_string *name) {
  session *s = xcalloc(1, sizeof(session));
  uint32_t r = exports_wasi_mcp_client_future_result_own_session_error_new(&s->open_w);
  s->peer = xstrndup((const char *)name->ptr, name->len);
  s->peer_len = name->len;
  client_provider_string_free(name);
  later(open_run, s);
  return r;
}

void exports_wasi_mcp_client_method_session_protocol_version(exports_wasi_mcp_client_borrow_session_t self, cp_string *ret) {
  *ret = str_dupz(self->version);
}

static client_provider_option_string_t opt_copy(const client_provider_option_string_t *o) {
  client_provider_option_string_t r = {false, {0}};
  if (o->is_some) r = (client_provider_option_string_t){true, str_dup((const char *)o->val.ptr, o->val.len)};
  return r;
}

void exports_wasi_mcp_client_method_session_server_info(exports_wasi_mcp_client_borrow_session_t self,
                                                        exports_wasi_mcp_client_implementation_t *ret) {
  const wasi_mcp_types_implementation_t *i = &self->info;
  ret->name = str_dup((const char *)i->name.ptr, i->name.len);
  ret->version = str_dup((const char *)i->version.ptr, i->version.len);
  ret->title = opt_copy(&i->title);
  ret->description = opt_copy(&i->description);
  ret->website_url = opt_copy(&i->website_url);
}

static void session_free_job(void *s) { session_free(s); }

void exports_wasi_mcp_client_session_destructor(exports_wasi_mcp_client_session_t *rep) { later(session_free_job, rep); }
