// The request context every call into the component receives
// (wit/README.md, "Eras"): from a modern request's _meta, or from the legacy
// session that initialize opened.
#include <stdlib.h>
#include <string.h>

#include "host.h"

const char *const SUPPORTED_VERSIONS[] = {MODERN_VERSION, "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
const size_t N_SUPPORTED_VERSIONS = sizeof SUPPORTED_VERSIONS / sizeof *SUPPORTED_VERSIONS;
const char *const LOG_LEVELS[] = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

session_t session = {.log_min = -1};

int log_level_index(const jval *v) {
  for (int i = 0; i < 8; i++)
    if (json_str_is(v, LOG_LEVELS[i])) return i;
  return -1;
}

static virtual_host_string_t wstr(const jval *v) { return (virtual_host_string_t){(uint8_t *)v->s, v->slen}; }

static virtual_host_option_string_t opt_str(const jval *v) {
  virtual_host_option_string_t o = {0};
  if (v && v->t == J_STR) {
    o.is_some = true;
    o.val = wstr(v);
  }
  return o;
}

bool implementation_valid(const jval *v) {
  if (!v || v->t != J_OBJ) return false;
  const jval *name = json_get(v, "name"), *version = json_get(v, "version");
  if (!name || name->t != J_STR || !version || version->t != J_STR) return false;
  static const char *const OPTIONAL[] = {"title", "description", "websiteUrl"};
  for (size_t i = 0; i < 3; i++) {
    const jval *o = json_get(v, OPTIONAL[i]);
    if (o && o->t != J_STR) return false;
  }
  const jval *icons = json_get(v, "icons");
  return !icons || icons->t == J_ARR;
}

/** A string member, or "" (only a clientInfo the envelope-presence-only defect let through lacks one). */
static virtual_host_string_t str_or_empty(const jval *v) {
  return v && v->t == J_STR ? wstr(v) : (virtual_host_string_t){(uint8_t *)"", 0};
}

static wasi_mcp_types_option_implementation_t client_info(const jval *v) {
  wasi_mcp_types_option_implementation_t o = {0};
  if (!v || v->t != J_OBJ) return o;
  o.is_some = true;
  o.val.name = str_or_empty(json_get(v, "name"));
  o.val.version = str_or_empty(json_get(v, "version"));
  o.val.title = opt_str(json_get(v, "title"));
  o.val.description = opt_str(json_get(v, "description"));
  o.val.website_url = opt_str(json_get(v, "websiteUrl"));
  return o;
}

static const char *const TRACE_KEYS[] = {"traceparent", "tracestate", "baggage"};

static bool key_is(const jval *obj, size_t i, const char *k) {
  size_t n = strlen(k);
  return obj->klens[i] == n && memcmp(obj->keys[i], k, n) == 0;
}

// Trace context and the _meta members the protocol does not reserve.
static void trace_and_meta(job *j, const jval *meta) {
  wasi_mcp_types_request_context_t *c = &j->ctx;
  if (!meta || meta->t != J_OBJ) return;
  c->trace.traceparent = opt_str(json_get(meta, "traceparent"));
  c->trace.tracestate = opt_str(json_get(meta, "tracestate"));
  c->trace.baggage = opt_str(json_get(meta, "baggage"));
  sbuf b = {0};
  bool first = true;
  sb_putc(&b, '{');
  for (size_t i = 0; i < meta->n; i++) {
    static const char RESERVED[] = "io.modelcontextprotocol/";
    if (key_is(meta, i, "progressToken")) continue;
    if (meta->klens[i] >= sizeof RESERVED - 1 && memcmp(meta->keys[i], RESERVED, sizeof RESERVED - 1) == 0) continue;
    bool trace = false;
    for (size_t k = 0; k < 3; k++) trace |= key_is(meta, i, TRACE_KEYS[k]);
    if (trace) continue;
    if (!first) sb_putc(&b, ',');
    first = false;
    sb_jstr(&b, meta->keys[i], meta->klens[i]);
    sb_putc(&b, ':');
    sb_json(&b, meta->items[i]);
  }
  sb_putc(&b, '}');
  if (first) {
    sb_free(&b);
    return;
  }
  c->meta.is_some = true;
  c->meta.val = arena_take(j, &b);
}

static void set_capabilities(job *j, const jval *caps) {
  sbuf b = {0};
  if (caps && caps->t == J_OBJ && !defect(D_CONTEXT_CAPABILITIES_EMPTY)) sb_json(&b, caps);
  else sb_puts(&b, "{}");
  j->ctx.client_capabilities = arena_take(j, &b);
}

void context_modern(job *j, const jval *meta) {
  wasi_mcp_types_request_context_t *c = &j->ctx;
  c->protocol_version = wstr(json_get(meta, "io.modelcontextprotocol/protocolVersion"));
  c->client_info = client_info(json_get(meta, "io.modelcontextprotocol/clientInfo"));
  set_capabilities(j, json_get(meta, "io.modelcontextprotocol/clientCapabilities"));
  int level = log_level_index(json_get(meta, "io.modelcontextprotocol/logLevel"));
  c->log_level.is_some = level >= 0;
  c->log_level.val = (wasi_mcp_types_log_level_t)(level >= 0 ? level : 0);
  j->log_min = level;
  trace_and_meta(j, meta);
}

void context_legacy(job *j, const jval *meta) {
  wasi_mcp_types_request_context_t *c = &j->ctx;
  c->protocol_version = (virtual_host_string_t){(uint8_t *)session.version, strlen(session.version)};
  c->client_info = client_info(defect(D_LEGACY_CLIENT_INFO_DROPPED) ? NULL : session.client_info);
  if (defect(D_CONTEXT_CAPABILITIES_EMPTY)) set_capabilities(j, NULL);
  else c->client_capabilities = session.capabilities;
  c->log_level.is_some = session.log_min >= 0;
  c->log_level.val = (wasi_mcp_types_log_level_t)(session.log_min >= 0 ? session.log_min : 0);
  j->log_min = session.log_min;
  trace_and_meta(j, meta);
}

bool session_subscribed(const char *uri, size_t len) {
  for (size_t i = 0; i < session.nuris; i++)
    if (session.ulens[i] == len && memcmp(session.uris[i], uri, len) == 0) return true;
  return false;
}

void session_subscribe(const char *uri, size_t len) {
  if (session_subscribed(uri, len)) return;
  session.uris = xrealloc(session.uris, (session.nuris + 1) * sizeof(char *));
  session.ulens = xrealloc(session.ulens, (session.nuris + 1) * sizeof(size_t));
  session.uris[session.nuris] = xstrndup(uri, len);
  session.ulens[session.nuris] = len;
  session.nuris++;
}

void session_unsubscribe(const char *uri, size_t len) {
  for (size_t i = 0; i < session.nuris; i++) {
    if (session.ulens[i] == len && memcmp(session.uris[i], uri, len) == 0) {
      free(session.uris[i]);
      session.uris[i] = session.uris[session.nuris - 1];
      session.ulens[i] = session.ulens[session.nuris - 1];
      session.nuris--;
      return;
    }
  }
}
