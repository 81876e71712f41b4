// From a line of stdin to a job: JSON-RPC framing, the era of a request,
// the modern envelope, the method, capability gating and params, in the
// order docs/targets.md ("Every request") gives.
#include <stdlib.h>
#include <string.h>

#include "host.h"

#define PV "io.modelcontextprotocol/protocolVersion"
#define CC "io.modelcontextprotocol/clientCapabilities"
#define CI "io.modelcontextprotocol/clientInfo"
#define LL "io.modelcontextprotocol/logLevel"

enum { LEGACY = 1, MODERN = 2, BOTH = 3 };

static const struct {
  const char *name;
  method_t m;
  int eras;
} METHODS[] = {
    {"ping", M_PING, LEGACY},
    {"server/discover", M_DISCOVER, MODERN},
    {"tools/list", M_TOOLS_LIST, BOTH},
    {"tools/call", M_TOOLS_CALL, BOTH},
    {"resources/list", M_RESOURCES_LIST, BOTH},
    {"resources/templates/list", M_TEMPLATES_LIST, BOTH},
    {"resources/read", M_RESOURCES_READ, BOTH},
    {"prompts/list", M_PROMPTS_LIST, BOTH},
    {"prompts/get", M_PROMPTS_GET, BOTH},
    {"completion/complete", M_COMPLETE, BOTH},
    {"logging/setLevel", M_SET_LEVEL, LEGACY},
    {"resources/subscribe", M_SUBSCRIBE, LEGACY},
    {"resources/unsubscribe", M_UNSUBSCRIBE, LEGACY},
    {"subscriptions/listen", M_LISTEN, MODERN},
};

static void detail_error(const jval *id, int code, const char *message, const char *detail) {
  sbuf d = {0};
  sb_puts(&d, "{\"detail\":");
  sb_jstrz(&d, detail);
  sb_putc(&d, '}');
  send_error(id, code, message, d.p, d.len);
  sb_free(&d);
}

static void invalid_params(const jval *id, const char *issue) {
  sbuf d = {0}, m = {0};
  sb_puts(&d, "{\"issues\":[");
  sb_jstrz(&d, issue);
  sb_puts(&d, "]}");
  sb_puts(&m, "Invalid params: ");
  sb_puts(&m, issue);
  sb_putc(&m, 0);
  send_error(id, -32602, m.p, d.p, d.len);
  sb_free(&m);
  sb_free(&d);
}

static void unsupported_version(const jval *id, const jval *requested) {
  sbuf d = {0};
  sb_puts(&d, "{\"supported\":[");
  for (size_t i = 0; i < N_SUPPORTED_VERSIONS; i++) {
    if (i) sb_putc(&d, ',');
    sb_jstrz(&d, SUPPORTED_VERSIONS[i]);
  }
  sb_puts(&d, "],\"requested\":");
  sb_json(&d, requested);
  sb_putc(&d, '}');
  if (defect(D_UNSUPPORTED_VERSION_NO_DATA)) send_error(id, -32022, "Unsupported protocol version", NULL, 0);
  else send_error(id, -32022, "Unsupported protocol version", d.p, d.len);
  sb_free(&d);
}

static bool is_str(const jval *v) { return v && v->t == J_STR; }

/** An object whose members are all strings (absent: fine). */
static bool string_map(const jval *v) {
  if (!v) return true;
  if (v->t != J_OBJ) return false;
  for (size_t i = 0; i < v->n; i++)
    if (v->items[i]->t != J_STR) return false;
  return true;
}

// ---- params (step 4) ----

static const char *mrtr_issue(const jval *p) {
  const jval *ir = json_get(p, "inputResponses"), *rs = json_get(p, "requestState");
  if (ir && ir->t != J_OBJ) return "inputResponses: expected an object";
  if (rs && rs->t != J_STR) return "requestState: expected a string";
  return NULL;
}

/** The params members MCP defines for each method (strict-params only). */
static const char *undefined_member(const job *j) {
  static const char *const MRTR[] = {"inputResponses", "requestState", NULL};
  static const struct {
    method_t m;
    const char *names[5];
  } DEFINED[] = {
      {M_PING, {NULL}},
      {M_DISCOVER, {NULL}},
      {M_TOOLS_LIST, {"cursor", NULL}},
      {M_RESOURCES_LIST, {"cursor", NULL}},
      {M_TEMPLATES_LIST, {"cursor", NULL}},
      {M_PROMPTS_LIST, {"cursor", NULL}},
      {M_TOOLS_CALL, {"name", "arguments", NULL}},
      {M_RESOURCES_READ, {"uri", NULL}},
      {M_PROMPTS_GET, {"name", "arguments", NULL}},
      {M_COMPLETE, {"ref", "argument", "context", NULL}},
      {M_SET_LEVEL, {"level", NULL}},
      {M_SUBSCRIBE, {"uri", NULL}},
      {M_UNSUBSCRIBE, {"uri", NULL}},
      {M_LISTEN, {"notifications", NULL}},
  };
  const jval *p = j->params;
  for (size_t d = 0; p && d < sizeof DEFINED / sizeof *DEFINED; d++) {
    if (DEFINED[d].m != j->m) continue;
    bool mrtr = j->m == M_TOOLS_CALL || j->m == M_RESOURCES_READ || j->m == M_PROMPTS_GET;
    for (size_t i = 0; i < p->n; i++) {
      bool known = j->m != M_PING && p->klens[i] == 5 && memcmp(p->keys[i], "_meta", 5) == 0;
      for (size_t k = 0; !known && DEFINED[d].names[k]; k++)
        known = p->klens[i] == strlen(DEFINED[d].names[k]) && memcmp(p->keys[i], DEFINED[d].names[k], p->klens[i]) == 0;
      for (size_t k = 0; !known && mrtr && MRTR[k]; k++)
        known = p->klens[i] == strlen(MRTR[k]) && memcmp(p->keys[i], MRTR[k], p->klens[i]) == 0;
      if (!known) return "params: unexpected member";
    }
  }
  return NULL;
}

static const char *params_issue(job *j) {
  const jval *p = j->params;
  if (defect(D_STRICT_PARAMS) && undefined_member(j)) return undefined_member(j);
  switch (j->m) {
    case M_TOOLS_LIST:
    case M_RESOURCES_LIST:
    case M_TEMPLATES_LIST:
    case M_PROMPTS_LIST: {
      const jval *c = json_get(p, "cursor");
      return c && c->t != J_STR ? "cursor: expected a string" : NULL;
    }
    case M_TOOLS_CALL: {
      const jval *args = json_get(p, "arguments");
      if (!is_str(json_get(p, "name"))) return "name: expected a string";
      if (args && args->t != J_OBJ) return "arguments: expected an object";
      return mrtr_issue(p);
    }
    case M_RESOURCES_READ:
      if (!is_str(json_get(p, "uri"))) return "uri: expected a string";
      return mrtr_issue(p);
    case M_PROMPTS_GET:
      if (!is_str(json_get(p, "name"))) return "name: expected a string";
      if (!string_map(json_get(p, "arguments"))) return "arguments: expected an object of strings";
      return mrtr_issue(p);
    case M_COMPLETE: {
      const jval *ref = json_get(p, "ref"), *arg = json_get(p, "argument"), *ctx = json_get(p, "context");
      const jval *type = json_get(ref, "type");
      if (!ref || ref->t != J_OBJ) return "ref: expected an object";
      if (json_str_is(type, "ref/prompt")) {
        if (!is_str(json_get(ref, "name"))) return "ref.name: expected a string";
      } else if (json_str_is(type, "ref/resource")) {
        if (!is_str(json_get(ref, "uri"))) return "ref.uri: expected a string";
      } else {
        return "ref.type: expected \"ref/prompt\" or \"ref/resource\"";
      }
      if (!arg || arg->t != J_OBJ || !is_str(json_get(arg, "name")) || !is_str(json_get(arg, "value")))
        return "argument: expected {name, value} strings";
      if (ctx && ctx->t != J_OBJ) return "context: expected an object";
      if (!string_map(json_get(ctx, "arguments"))) return "context.arguments: expected an object of strings";
      return NULL;
    }
    case M_SET_LEVEL:
      return log_level_index(json_get(p, "level")) < 0 ? "level: expected a log level" : NULL;
    case M_SUBSCRIBE:
    case M_UNSUBSCRIBE:
      return is_str(json_get(p, "uri")) ? NULL : "uri: expected a string";
    case M_LISTEN: {
      const jval *n = json_get(p, "notifications");
      if (!n || n->t != J_OBJ) return "notifications: expected an object";
      static const char *const FLAGS[] = {"toolsListChanged", "promptsListChanged", "resourcesListChanged"};
      for (size_t i = 0; i < 3; i++) {
        const jval *f = json_get(n, FLAGS[i]);
        if (f && f->t != J_BOOL) return "notifications: flags must be booleans";
      }
      const jval *uris = json_get(n, "resourceSubscriptions");
      if (uris) {
        if (uris->t != J_ARR) return "notifications.resourceSubscriptions: expected an array of strings";
        for (size_t i = 0; i < uris->n; i++)
          if (uris->items[i]->t != J_STR) return "notifications.resourceSubscriptions: expected an array of strings";
      }
      return NULL;
    }
    default:
      return NULL;
  }
}

// ---- gating (step 3, once describe is known) and the start of the work ----

static bool offered(method_t m) {
  const wasi_mcp_types_server_capabilities_t *c = &described.caps;
  switch (m) {
    case M_TOOLS_LIST:
    case M_TOOLS_CALL: return c->tools.is_some;
    case M_RESOURCES_LIST:
    case M_TEMPLATES_LIST:
    case M_RESOURCES_READ: return c->resources.is_some;
    case M_SUBSCRIBE:
    case M_UNSUBSCRIBE: return c->resources.is_some && c->resources.val.subscribe;
    case M_PROMPTS_LIST:
    case M_PROMPTS_GET: return c->prompts.is_some;
    case M_COMPLETE: return c->completions;
    case M_SET_LEVEL: return c->logging;
    default: return true;
  }
}

static void reply_empty(job *j) {
  sbuf b = {0};
  sb_putc(&b, '{');
  result_close(j, &b, true, "complete", NULL, false, NULL);
  reply(j, &b);
}

void dispatch_gated(job *j) {
  if (!offered(j->m) && !defect(D_CAPABILITY_GATING_OFF)) {
    reply_error_z(j, -32601, "Method not found: the server does not offer this feature");
    return;
  }
  const char *issue = params_issue(j);
  if (issue) {
    reply_invalid_params(j, issue);
    return;
  }
  const jval *uri = json_get(j->params, "uri");
  switch (j->m) {
    case M_SET_LEVEL:
      session.log_min = log_level_index(json_get(j->params, "level"));
      reply_empty(j);
      return;
    case M_SUBSCRIBE:
      session_subscribe(uri->s, uri->slen);
      changes_ensure();
      reply_empty(j);
      return;
    case M_UNSUBSCRIBE:
      session_unsubscribe(uri->s, uri->slen);
      reply_empty(j);
      return;
    case M_LISTEN:
      listen_start(j);
      return;
    default:
      job_start(j, start_call);
  }
}

// ---- requests ----

/** The modern envelope (step 2); NULL when it is fine, else the error was sent. */
static bool envelope_ok(const jval *id, const jval *meta) {
  const jval *pv = json_get(meta, PV);
  if (pv->t == J_STR && !json_str_is(pv, MODERN_VERSION)) {
    unsupported_version(id, pv);
    return false;
  }
  if (pv->t != J_STR) {
    invalid_params(id, "_meta." PV ": expected a string");
    return false;
  }
  const jval *caps = json_get(meta, CC);
  if (!(caps && (caps->t == J_OBJ || defect(D_ENVELOPE_PRESENCE_ONLY))) && !(defect(D_MISSING_META_ACCEPTED) && !caps)) {
    invalid_params(id, "_meta." CC ": expected an object");
    return false;
  }
  const jval *ci = json_get(meta, CI);
  if (ci && !implementation_valid(ci) && !defect(D_ENVELOPE_PRESENCE_ONLY)) {
    invalid_params(id, "_meta." CI ": expected an Implementation");
    return false;
  }
  const jval *ll = json_get(meta, LL);
  if (ll && log_level_index(ll) < 0 && !defect(D_ENVELOPE_PRESENCE_ONLY)) {
    invalid_params(id, "_meta." LL ": expected a log level");
    return false;
  }
  return true;
}

/** Whether _meta has a key of MCP's reserved prefix that the host does not know (reserved-meta-rejected only). */
static bool unknown_reserved_key(const jval *meta) {
  static const char PREFIX[] = "io.modelcontextprotocol/";
  static const char *const KNOWN[] = {PV, CC, CI, LL};
  for (size_t i = 0; meta && i < meta->n; i++) {
    if (meta->klens[i] < sizeof PREFIX - 1 || memcmp(meta->keys[i], PREFIX, sizeof PREFIX - 1) != 0) continue;
    bool known = false;
    for (size_t k = 0; k < 4; k++) known |= meta->klens[i] == strlen(KNOWN[k]) && memcmp(meta->keys[i], KNOWN[k], meta->klens[i]) == 0;
    if (!known) return true;
  }
  return false;
}

static void method_not_found(const jval *id, bool known) {
  if (!known && defect(D_UNKNOWN_METHOD_INTERNAL_ERROR)) send_error(id, -32603, "Internal error", NULL, 0);
  else send_error(id, -32601, "Method not found", NULL, 0);
}

static void handle_request(jval *msg, const jval *id, const jval *method) {
  const jval *params = json_get(msg, "params");
  if (params && params->t != J_OBJ) {
    invalid_params(id, "params: expected an object");
    json_free(msg);
    return;
  }
  if (json_str_is(method, "initialize")) {
    start_initialize(job_new(msg, id, M_INITIALIZE, false));
    return;
  }
  const jval *meta = json_get(params, "_meta");
  bool modern = meta && meta->t == J_OBJ && json_get(meta, PV);
  if (modern && !envelope_ok(id, meta)) {
    json_free(msg);
    return;
  }
  if (!modern && !session.active && !defect(D_SERVE_BEFORE_INITIALIZE) && !json_str_is(method, "ping")) {
    invalid_params(id, "_meta." PV " is required (or open a legacy session with initialize)");
    json_free(msg);
    return;
  }
  if (meta && meta->t != J_OBJ) {
    invalid_params(id, "_meta: expected an object");
    json_free(msg);
    return;
  }
  if (defect(D_RESERVED_META_REJECTED) && unknown_reserved_key(meta)) {
    invalid_params(id, "_meta: unknown io.modelcontextprotocol/ key");
    json_free(msg);
    return;
  }
  const jval *token = json_get(meta, "progressToken");
  if (token && token->t != J_STR && token->t != J_NUM) {
    invalid_params(id, "_meta.progressToken: expected a string or a number");
    json_free(msg);
    return;
  }
  int era = modern ? MODERN : LEGACY;
  method_t m = M_PING;
  bool known = false, served = false;
  for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
    if (json_str_is(method, METHODS[i].name)) {
      known = true;
      m = METHODS[i].m;
      served = (METHODS[i].eras & era) != 0;
    }
  }
  // 2026-07-28 removed ping and logging/setLevel (and the legacy subscribe pair).
  if (known && !served && modern && defect(D_REMOVED_METHODS_SERVED) && (m == M_PING || m == M_SET_LEVEL)) served = true;
  if (!served) {
    method_not_found(id, known);
    json_free(msg);
    return;
  }
  job *j = job_new(msg, id, m, modern);
  j->token = token;
  if (modern) context_modern(j, meta);
  else context_legacy(j, meta);
  if (j->oom) {
    reply_internal(j, "out of memory while reading the request");
    return;
  }
  switch (m) {
    case M_PING:
      if (defect(D_STRICT_PARAMS) && undefined_member(j)) reply_invalid_params(j, undefined_member(j));
      else reply_empty(j);
      return;
    case M_DISCOVER:
      start_discover(j);
      return;
    default:
      with_describe(j, dispatch_gated);
  }
}

// ---- notifications ----

/** Whether a cancellation's requestId names this request (exactly: "1" is not 1). */
static bool same_id(const jval *a, const jval *b) {
  if (defect(D_LOOSE_ID_MATCH)) {
    sbuf x = {0}, y = {0};
    if (a->t == J_STR) sb_put(&x, a->s, a->slen);
    else sb_num(&x, a->num);
    if (b->t == J_STR) sb_put(&y, b->s, b->slen);
    else sb_num(&y, b->num);
    bool eq = x.len == y.len && (!x.len || memcmp(x.p, y.p, x.len) == 0);
    sb_free(&x);
    sb_free(&y);
    return eq;
  }
  if (a->t != b->t) return false;
  if (a->t == J_STR) return json_str_eq(b, a->s, a->slen);
  return a->num == b->num;
}

static void handle_notification(jval *msg, const jval *method) {
  if (json_str_is(method, "notifications/cancelled")) {
    const jval *params = json_get(msg, "params");
    const jval *rid = json_get(params, "requestId");
    const jval *reason = json_get(params, "reason");
    if (rid && (rid->t == J_STR || rid->t == J_NUM)) {
      for (job *j = jobs_first(), *next; j; j = next) {
        next = j->next;
        if (j->answered || j->cancelled || j->m == M_INITIALIZE || !same_id(j->id, rid)) continue;
        if (is_str(reason) && !defect(D_CANCEL_REASON_DROPPED)) cancel_job(j, reason->s, reason->slen);
        else cancel_job(j, "cancelled", 9);
      }
    }
  }
  // notifications/initialized and every other notification: nothing to do.
  json_free(msg);
}

// ---- lines ----

/** An id a JavaScript-style truthiness test would take for absent (falsy-id-absent only). */
static bool falsy(const jval *id) { return (id->t == J_NUM && id->num == 0) || (id->t == J_STR && id->slen == 0); }

void host_line(const char *line, size_t len) {
  json_error e;
  jval *msg = json_parse(line, len, &e);
  if (!msg) {
    if (e.status == JSON_NOMEM) send_error(NULL, -32603, "Internal error: out of memory", NULL, 0);
    else if (!defect(D_NO_PARSE_ERROR)) detail_error(NULL, -32700, "Parse error", e.message);
    if (e.status != JSON_NOMEM && defect(D_STOP_AFTER_PARSE_ERROR)) stdin_stop();
    return;
  }
  const char *why = NULL;
  const jval *id = json_get(msg, "id"), *method = json_get(msg, "method");
  // the id an error about this message may carry
  const jval *echo = id && (id->t == J_STR || (id->t == J_NUM && json_is_int(id))) ? id : NULL;
  if (msg->t != J_OBJ) {
    why = "expected a JSON-RPC message object";
  } else if (!json_str_is(json_get(msg, "jsonrpc"), "2.0")) {
    why = "jsonrpc: expected \"2.0\"";
  } else if (method) {
    if (method->t != J_STR) why = "method: expected a string";
    else if (!id || (id->t == J_NULL && defect(D_NULL_ID_NOTIFICATION)) || (defect(D_FALSY_ID_ABSENT) && falsy(id))) {
      handle_notification(msg, method);
      return;
    } else if (!echo) {
      why = "id: expected a string or an integer";
    } else {
      handle_request(msg, id, method);
      return;
    }
  } else {
    const jval *result = json_get(msg, "result"), *error = json_get(msg, "error");
    if (echo && result && !error) {
      client_response(id, result, NULL);
      json_free(msg);
      return;
    }
    if (echo && error && !result && error->t == J_OBJ && json_is_int(json_get(error, "code")) &&
        is_str(json_get(error, "message"))) {
      client_response(id, NULL, error);
      json_free(msg);
      return;
    }
    why = "not a JSON-RPC request, notification or response";
  }
  detail_error(echo, -32600, "Invalid Request", why);
  json_free(msg);
}

void host_line_dropped(void) { send_error(NULL, -32603, "Internal error: a line too long to hold in memory", NULL, 0); }

void host_stdin_ended(void) { calls_stdin_ended(); }

bool host_done(void) {
  bool listening = false;
  for (job *j = jobs_first(); j; j = j->next) {
    if (j->starting || j->subtask || j->events || j->outcome || j->body || j->end) return false;
    if (!j->answered) {
      if (j->m != M_LISTEN) return false;
      listening = true;
    }
  }
  if (!changes_idle()) return false;
  // Only open subscriptions are left: end them with a response.
  if (listening) {
    listen_close_all();
    return false;
  }
  return true;
}

void host_shutdown(void) { changes_shutdown(); }

bool host_start(void) {
  session.version = LATEST_LEGACY;
  session.capabilities = (virtual_host_string_t){(uint8_t *)"{}", 2};
  virtual_host_list_tuple2_string_string_t env;
  wasi_cli_environment_get_environment(&env);
  bool ok = true;
  for (size_t i = 0; i < env.len; i++) {
    static const char NAME[] = "WASI_MCP_HOST_DEFECT";
    virtual_host_string_t k = env.ptr[i].f0, v = env.ptr[i].f1;
    if (k.len != sizeof NAME - 1 || memcmp(k.ptr, NAME, k.len) != 0) continue;
    if (!defect_select((const char *)v.ptr, v.len)) {
      log_text("unknown WASI_MCP_HOST_DEFECT: ", (const char *)v.ptr, v.len);
      ok = false;
    }
  }
  virtual_host_list_tuple2_string_string_free(&env);
  if (ok && defect(D_BANNER_BEFORE_INITIALIZE)) {
    sbuf p = {0};
    sb_puts(&p, "{\"level\":\"info\",\"logger\":\"wasi-mcp virtual host\",\"data\":\"ready\"}");
    send_notification("notifications/message", &p);
    sb_free(&p);
  }
  return ok;
}
