// JSON-RPC messages on stdout: results with the members of their era,
// errors (wit/README.md, "Errors"), notifications.
#include <string.h>

#include "controls.h"
#include "host.h"

void put_id(sbuf *b, const jval *id) {
  if (id->t == J_STR) sb_jstr(b, id->s, id->slen);
  else sb_num(b, id->num);
}

static void flush_held(job *j);

/** Whether a string id is all decimal digits (numeric-string-id only). */
static bool digits_only(const jval *id) {
  if (id->t != J_STR || !id->slen || id->slen > 15) return false;
  for (size_t i = 0; i < id->slen; i++)
    if (id->s[i] < '0' || id->s[i] > '9') return false;
  return true;
}

/** The id of a response: the request's, exactly. */
static void put_response_id(sbuf *b, const jval *id) {
  if (defect(D_NUMERIC_STRING_ID) && digits_only(id)) {
    uint64_t n = 0;
    for (size_t i = 0; i < id->slen; i++) n = n * 10 + (uint64_t)(id->s[i] - '0');
    sb_u64(b, n);
  } else if (id->t == J_NUM && defect(D_ID_UINT32)) {
    sb_u64(b, (uint32_t)(int64_t)id->num);
  } else {
    put_id(b, id);
  }
}

/**
 * control-unrelated-notifications: a server that declared tools.listChanged
 * may send list_changed whenever it likes (2025-11-25); a legacy session
 * gets one after initialize and after every 5th response.
 */
static void after_response(const job *j) {
  static unsigned long legacy_responses;
  if (!defect(D_CONTROL_UNRELATED_NOTIFICATIONS) || j->modern || !session.active) return;
  if (!described.ready || !described.caps.tools.is_some || !described.caps.tools.val.list_changed) return;
  if (j->m == M_INITIALIZE || ++legacy_responses % 5 == 0) send_notification("notifications/tools/list_changed", NULL);
}

void reply(job *j, sbuf *result) {
  if (!j->answered && (!j->cancelled || defect(D_RESPOND_AFTER_CANCEL))) {
    // The envelope goes around the result in place: a large result is not copied.
    sbuf head = {0};
    sb_puts(&head, "{\"jsonrpc\":\"2.0\",\"id\":");
    put_response_id(&head, j->id);
    sb_puts(&head, ",\"result\":");
    if (!head.failed && sb_reserve(result, head.len + 1)) {
      memmove(result->p + head.len, result->p, result->len);
      memcpy(result->p, head.p, head.len);
      result->len += head.len;
      sb_putc(result, '}');
    }
    sb_free(&head);
    if (result->failed || !send_line(result)) {
      sb_free(result);
      reply_internal(j, "out of memory while writing the result");
      return;
    }
    after_response(j);
    flush_held(j);
  }
  j->answered = true;
  sb_free(result);
  job_release(j);
}

void send_error(const jval *id, int code, const char *message, const char *data, size_t dlen) {
  sbuf b = {0};
  sb_puts(&b, "{\"jsonrpc\":\"2.0\",");
  if (id) {
    sb_puts(&b, "\"id\":");
    put_response_id(&b, id);
    sb_putc(&b, ',');
  } else if (defect(D_CONTROL_NULL_ID_ERRORS)) {
    sb_puts(&b, "\"id\":null,");  // JSON-RPC 2.0's form; MCP's schema leaves the id out
  }
  sb_puts(&b, "\"error\":{\"code\":");
  sb_i64(&b, code);
  sb_puts(&b, ",\"message\":");
  control_host_message(&b, message, strlen(message));
  if (data) {
    sb_puts(&b, ",\"data\":");
    sb_put(&b, data, dlen);
  }
  sb_puts(&b, "}}");
  if (!send_line(&b)) log_text("out of memory: dropped an error response", NULL, 0);
}

/** An error response for j; `own`: the host made the message up (else it is the component's). */
static void error_reply(job *j, int code, const char *message, size_t mlen, const char *data, size_t dlen, bool own) {
  if (!j->answered && (!j->cancelled || defect(D_RESPOND_AFTER_CANCEL))) {
    sbuf b = {0};
    sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
    put_response_id(&b, j->id);
    sb_puts(&b, ",\"error\":{\"code\":");
    sb_i64(&b, code);
    sb_puts(&b, ",\"message\":");
    if (own) control_host_message(&b, message, mlen);
    else sb_jstr(&b, message, mlen);
    if (data) {
      sb_puts(&b, ",\"data\":");
      sb_put(&b, data, dlen);
    }
    sb_puts(&b, "}}");
    if (!send_line(&b)) log_text("out of memory: dropped an error response", NULL, 0);
    else after_response(j);
    flush_held(j);
  }
  j->answered = true;
  job_release(j);
}

void reply_error(job *j, int code, const char *message, size_t mlen, const char *data, size_t dlen) {
  error_reply(j, code, message, mlen, data, dlen, true);
}

void reply_error_z(job *j, int code, const char *message) { reply_error(j, code, message, strlen(message), NULL, 0); }

void reply_invalid_params(job *j, const char *issue) {
  sbuf d = {0};
  sb_puts(&d, "{\"issues\":[");
  sb_jstrz(&d, issue);
  sb_puts(&d, "]}");
  sbuf m = {0};
  sb_puts(&m, "Invalid params: ");
  sb_puts(&m, issue);
  reply_error(j, -32602, m.p, m.len, d.p, d.len);
  sb_free(&m);
  sb_free(&d);
}

void reply_internal(job *j, const char *why) {
  log_text("internal error: ", why, strlen(why));
  reply_error_z(j, -32603, why);
}

static int rpc_code(wasi_mcp_types_error_code_t c, bool modern) {
  switch (c) {
    case WASI_MCP_TYPES_ERROR_CODE_INVALID_REQUEST: return -32600;
    case WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND: return -32601;
    case WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS:
    case WASI_MCP_TYPES_ERROR_CODE_TOOL_NOT_FOUND:
    case WASI_MCP_TYPES_ERROR_CODE_PROMPT_NOT_FOUND: return -32602;
    case WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR: return -32603;
    case WASI_MCP_TYPES_ERROR_CODE_RESOURCE_NOT_FOUND:
      return modern && !defect(D_RESOURCE_NOT_FOUND_32002_MODERN) ? -32602 : -32002;
    case WASI_MCP_TYPES_ERROR_CODE_MISSING_CLIENT_CAPABILITY: return -32021;
    case WASI_MCP_TYPES_ERROR_CODE_UNAUTHORIZED: return -31001;
    case WASI_MCP_TYPES_ERROR_CODE_FORBIDDEN: return -31002;
    case WASI_MCP_TYPES_ERROR_CODE_TIMEOUT: return -31003;
    case WASI_MCP_TYPES_ERROR_CODE_RATE_LIMITED: return -31004;
    case WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE: return -31005;
    default: return -32603;
  }
}

void reply_guest_error(job *j, const wasi_mcp_types_error_t *e) {
  sbuf data = {0};
  if (e->data.is_some) {
    // data is JSON text: it becomes the error's data parsed; text that is not
    // JSON is passed on as a string rather than lost.
    if (defect(D_ERROR_DATA_STRING) || !put_json_text(&data, &e->data.val)) {
      sb_free(&data);
      sb_jstr(&data, (const char *)e->data.val.ptr, e->data.val.len);
    }
  }
  error_reply(j, rpc_code(e->code, j->modern), (const char *)e->message.ptr, e->message.len, e->data.is_some ? data.p : NULL,
              data.len, false);
  sb_free(&data);
}

static void notification_text(sbuf *b, const char *method, const sbuf *params) {
  sb_puts(b, "{\"jsonrpc\":\"2.0\",\"method\":");
  sb_jstrz(b, method);
  if (params) {
    sb_puts(b, ",\"params\":");
    sb_put(b, params->p, params->len);
  }
  sb_putc(b, '}');
  if (params && params->failed) b->failed = true;
}

void send_notification(const char *method, const sbuf *params) {
  sbuf b = {0};
  notification_text(&b, method, params);
  if (b.failed || !send_line(&b)) log_text("out of memory: dropped a notification", NULL, 0);
  sb_free(&b);
}

void send_call_notification(job *j, const char *method, const sbuf *params) {
  if (!defect(D_PROGRESS_AFTER_RESPONSE)) {
    send_notification(method, params);
    return;
  }
  notification_text(&j->held, method, params);
  sb_putc(&j->held, '\n');
}

/** Writes the notifications held back until the response (progress-after-response). */
static void flush_held(job *j) {
  size_t start = 0;
  for (size_t i = 0; !j->held.failed && i < j->held.len; i++) {
    if (j->held.p[i] != '\n') continue;
    sbuf line = {0};
    sb_put(&line, j->held.p + start, i - start);
    if (line.failed || !send_line(&line)) log_text("out of memory: dropped a notification", NULL, 0);
    sb_free(&line);
    start = i + 1;
  }
  sb_free(&j->held);
}

// The component's meta object merged after the host's serverInfo (the
// host's reserved key wins).
static bool put_modern_meta(sbuf *b, bool *first, const wasi_mcp_types_option_json_t *meta) {
  jval *m = NULL;
  if (meta && meta->is_some && !defect(D_META_DROPPED)) {
    json_error e;
    m = json_parse((const char *)meta->val.ptr, meta->val.len, &e);
    if (!m || m->t != J_OBJ) {
      json_free(m);
      return false;
    }
  }
  bool info = !defect(D_NO_SERVER_INFO) && described.ready;
  if (!info && (!m || !m->n)) {
    json_free(m);
    return true;
  }
  bool f = true;
  put_key(b, first, "_meta");
  sb_putc(b, '{');
  if (info) {
    put_key(b, &f, "io.modelcontextprotocol/serverInfo");
    sb_put(b, described.server_info.p, described.server_info.len);
  }
  for (size_t i = 0; m && i < m->n; i++) {
    static const char SI[] = "io.modelcontextprotocol/serverInfo";
    if (m->klens[i] == sizeof SI - 1 && memcmp(m->keys[i], SI, sizeof SI - 1) == 0) continue;
    if (!f) sb_putc(b, ',');
    f = false;
    sb_jstr(b, m->keys[i], m->klens[i]);
    sb_putc(b, ':');
    sb_json(b, m->items[i]);
  }
  sb_putc(b, '}');
  json_free(m);
  return true;
}

bool result_close(job *j, sbuf *b, bool first, const char *result_type, const wasi_mcp_types_option_json_t *meta,
                  bool cacheable, const wasi_mcp_types_option_cache_hint_t *cache) {
  bool ok = true;
  if (j->modern || defect(D_LEGACY_MODERN_FIELDS)) {
    if (!defect(D_NO_RESULT_TYPE)) {
      put_key(b, &first, "resultType");
      sb_jstrz(b, result_type);
    }
    ok = put_modern_meta(b, &first, meta);
    if (cacheable && j->modern && !defect(D_NO_CACHE_FIELDS)) {
      if (defect(D_CACHE_HINT_IGNORED)) cache = NULL;
      put_key(b, &first, "ttlMs");
      sb_num(b, cache && cache->is_some ? (double)cache->val.ttl_ms : 0);
      put_key(b, &first, "cacheScope");
      sb_puts(b, cache && cache->is_some && cache->val.scope == WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC ? "\"public\"" : "\"private\"");
    }
  } else if (meta && meta->is_some && !defect(D_META_DROPPED) && !defect(D_LEGACY_RESULT_META_DROPPED)) {
    put_key(b, &first, "_meta");
    ok = put_json_text(b, &meta->val);
  }
  sb_putc(b, '}');
  return ok;
}
