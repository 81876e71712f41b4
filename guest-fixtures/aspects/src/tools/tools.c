// call-tool in the tools aspect: every tool of docs/fixtures.md ("Tools") is
// listed here and runs here, but for the parts that concern another
// aspect's state (wit/README.md, "Composing a server from aspects"):
// `observations` this aspect has no record of and `change` of prompts or
// resources go to the next aspect, as does a tool name it does not list.
// The call returns its stream and future at once; tools that take time
// (slow, log) keep writing after that.
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "catalog.h"
#include "changes.h"
#include "content.h"
#include "defect.h"
#include "forward.h"
#include "observe.h"
#include "outcome.h"
#include "slow.h"

typedef wasi_mcp_types_tool_result_t tool_result;

static tool_outcome state_does_not_verify(task *t) {
  return failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "requestState does not verify"));
}

// ---------------------------------------------------------------------------
// Tools that answer at once

static tool_outcome echo(task *t, const jv *args) {
  const jv *text = jget(args, "text");
  if (!text || text->k != JSTR) return tool_error(t, "text: a string is required");
  return result_of(t, task_str(t, text->s, text->slen), false);
}

static tool_outcome add(task *t, const jv *args) {
  const jv *a = jget(args, "a"), *b = jget(args, "b");
  if (!a || !b || a->k != JNUM || b->k != JNUM) return tool_error(t, "a and b must both be numbers");
  buf j = {0};
  bputs(&j, "{\"sum\":");
  bnum(&j, a->n + b->n);
  bputc(&j, '}');
  return structured(t, &j);
}

static bool observations_valid(const jv *args) {
  const jv *kind = jget(args, "kind"), *key = jget(args, "key");
  return (jis(kind, "stream") || jis(kind, "cancellation") || jis(kind, "changes")) && key && key->k == JSTR;
}

/**
 * Whether this aspect answers the observation: the changes streams are the
 * ones the host opened here, and slow calls run here; reads are recorded by
 * the resources aspect.
 */
static bool observed_here(const jv *args) {
  const jv *kind = jget(args, "kind"), *key = jget(args, "key");
  str k = {(uint8_t *)kind->s, kind->slen};
  return jis(kind, "changes") || observe_recorded(k, (str){(uint8_t *)key->s, key->slen});
}

static tool_outcome observations(task *t, const jv *args) {
  if (!observations_valid(args)) return tool_error(t, "kind: stream, cancellation or changes; key: a string");
  const jv *kind = jget(args, "kind"), *key = jget(args, "key");
  buf j = {0};
  observe_report(&j, (str){(uint8_t *)kind->s, kind->slen}, (str){(uint8_t *)key->s, key->slen});
  return structured(t, &j);
}

static const char *const LEVELS[] = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

static void opt_str_member(buf *b, const char *name, const fixture_option_string_t *v, bool null_when_absent) {
  if (!v->is_some && !null_when_absent) return;
  bputc(b, ',');
  bstrz(b, name);
  bputc(b, ':');
  if (v->is_some) bstr(b, (const char *)v->val.ptr, v->val.len);
  else bputs(b, "null");
}

/** A JSON member whose value is JSON text (re-read so that it is written compactly), or null. */
static void json_member(buf *b, const char *name, const str *text) {
  bstrz(b, name);
  bputc(b, ':');
  jv *v = text ? jparse((const char *)text->ptr, text->len) : NULL;
  bjson(b, v);
  jfree(v);
}

static tool_outcome context_tool(task *t, const request_context *ctx) {
  buf j = {0};
  bputs(&j, "{\"protocolVersion\":");
  bstr(&j, (const char *)ctx->protocol_version.ptr, ctx->protocol_version.len);
  bputs(&j, ",\"clientInfo\":");
  if (ctx->client_info.is_some) {
    const wasi_mcp_types_implementation_t *ci = &ctx->client_info.val;
    bputs(&j, "{\"name\":");
    bstr(&j, (const char *)ci->name.ptr, ci->name.len);
    bputs(&j, ",\"version\":");
    bstr(&j, (const char *)ci->version.ptr, ci->version.len);
    opt_str_member(&j, "title", &ci->title, true);
    opt_str_member(&j, "description", &ci->description, true);
    opt_str_member(&j, "websiteUrl", &ci->website_url, true);
    bputc(&j, '}');
  } else {
    bputs(&j, "null");
  }
  bputc(&j, ',');
  json_member(&j, "clientCapabilities", &ctx->client_capabilities);
  bputs(&j, ",\"logLevel\":");
  if (ctx->log_level.is_some) bstrz(&j, LEVELS[ctx->log_level.val]);
  else bputs(&j, "null");
  bputs(&j, ",\"trace\":{\"traceparent\":");
  if (ctx->trace.traceparent.is_some) bstr(&j, (const char *)ctx->trace.traceparent.val.ptr, ctx->trace.traceparent.val.len);
  else bputs(&j, "null");
  opt_str_member(&j, "tracestate", &ctx->trace.tracestate, true);
  opt_str_member(&j, "baggage", &ctx->trace.baggage, true);
  bputs(&j, "},");
  json_member(&j, "meta", ctx->meta.is_some ? &ctx->meta.val : NULL);
  bputc(&j, '}');
  return structured(t, &j);
}

static tool_outcome gallery(task *t) {
  static const wasi_mcp_types_role_t user[] = {WASI_MCP_TYPES_ROLE_USER};
  content *c = task_alloc(t, 6 * sizeof(content));
  c[0] = text_content(LIT("A gallery of content."));
  c[0].val.text.annotations = (wasi_mcp_types_option_annotations_t){true, {{(wasi_mcp_types_role_t *)user, 1}, {true, 0.9}, NONE_STR}};
  c[1] = png_content();
  c[2] = wav_content();
  c[3] = hello_link();
  c[4] = hello_embedded();
  c[5] = bytes_embedded();
  tool_outcome o = {.is_err = false};
  o.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_TOOL_OUTCOME_COMPLETE;
  o.val.ok.val.complete = (tool_result){{c, 6}, {false, {0}}, false, SOME_JSON("{\"com.example.fixture/kind\":\"gallery\"}")};
  return o;
}

static tool_outcome change_tools(task *t) {
  catalog_toggle_extra_tool();
  changes_emit(WASI_MCP_TYPES_CHANGE_TOOLS_LIST_CHANGED, (str){0});
  return text_result(t, "changed tools");
}

// Defect change-answered-alone: the event of another aspect's kind is written here, and that
// aspect's list or resource stays as it was.
static tool_outcome change_alone(task *t, const jv *args) {
  const jv *what = jget(args, "what"), *uri = jget(args, "uri");
  if (jis(what, "prompts")) {
    changes_emit(WASI_MCP_TYPES_CHANGE_PROMPTS_LIST_CHANGED, (str){0});
    return text_result(t, "changed prompts");
  }
  if (jis(what, "resources")) {
    changes_emit(WASI_MCP_TYPES_CHANGE_RESOURCES_LIST_CHANGED, (str){0});
    return text_result(t, "changed resources");
  }
  if (!uri || uri->k != JSTR) return failed(fail_member(t, "uri: a listed resource is required", "uri", uri));
  changes_emit(WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED, (str){(uint8_t *)uri->s, uri->slen});
  return text_result(t, "changed resource");
}

static const char *const CODES[] = {
    "invalid-request", "method-not-found", "invalid-params", "internal-error", "resource-not-found", "tool-not-found", "prompt-not-found",
    "unauthorized",    "forbidden",        "timeout",        "rate-limited",   "unavailable",        "missing-client-capability",
};

static tool_outcome raise(task *t, const jv *args) {
  const jv *code = jget(args, "code"), *message = jget(args, "message"), *data = jget(args, "data");
  for (uint8_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++) {
    if (!jis(code, CODES[i])) continue;
    error e;
    if (message && message->k == JSTR) {
      e = (error){i, task_str(t, message->s, message->slen), {false, {0}}};
    } else {
      buf m = {0};
      bputs(&m, "raised ");
      bputs(&m, CODES[i]);
      e = (error){i, task_buf(t, &m), {false, {0}}};
    }
    if (data) {
      buf d = {0};
      bjson(&d, data);
      e.data = (wasi_mcp_types_option_json_t){true, task_buf(t, &d)};
    }
    return failed(e);
  }
  return tool_error(t, "code: not an error code of wasi:mcp");
}

// ---------------------------------------------------------------------------
// Multi round-trip tools

#define CONFIRM_STATE "confirm:v1:7f3a"
#define CONFIRM_PARAMS                                                                                                            \
  "{\"mode\":\"form\",\"message\":\"Proceed with the action?\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"ok\":" \
  "{\"type\":\"boolean\"}},\"required\":[\"ok\"]}}"
#define SAMPLE_STATE "sample:v1"
#define SAMPLE_PARAMS \
  "{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"Say a number.\"}}],\"maxTokens\":10}"
#define ROOTS_STATE "roots:v1"
#define LATER_STATE "later:v1:1"

static tool_outcome confirm(task *t, const request_context *ctx, const retry *r) {
  if (!has_capability(ctx, "elicitation")) return failed(missing_capability(t, "elicitation"));
  tool_outcome again = asking(ask(t, "confirm", "elicitation/create", CONFIRM_PARAMS, CONFIRM_STATE));
  if (!r) return again;
  if (!state_is(r, CONFIRM_STATE)) return state_does_not_verify(t);
  jv *resp = response(r, "confirm");
  if (!resp) return again;
  const jv *action = jget(resp, "action");
  tool_outcome o;
  if (jis(action, "accept")) {
    const jv *ok = jget(jget(resp, "content"), "ok");
    o = text_result(t, ok && ok->k == JBOOL && ok->b ? "confirmed" : "not confirmed");
  } else if (jis(action, "decline")) {
    o = text_result(t, "declined");
  } else if (jis(action, "cancel")) {
    o = text_result(t, "cancelled");
  } else {
    o = failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "confirm: not an elicitation result"));
  }
  jfree(resp);
  return o;
}

static tool_outcome retry_later(task *t, const retry *r) {
  if (!r) return asking(ask_state(t, LATER_STATE));
  if (!state_is(r, LATER_STATE)) return state_does_not_verify(t);
  return text_result(t, "done after a retry");
}

static tool_outcome sample(task *t, const request_context *ctx, const retry *r) {
  if (!has_capability(ctx, "sampling")) return failed(missing_capability(t, "sampling"));
  tool_outcome again = asking(ask(t, "answer", "sampling/createMessage", SAMPLE_PARAMS, SAMPLE_STATE));
  if (!r) return again;
  if (!state_is(r, SAMPLE_STATE)) return state_does_not_verify(t);
  jv *resp = response(r, "answer");
  if (!resp) return again;
  const jv *text = jget(jget(resp, "content"), "text");
  tool_outcome o;
  if (text && text->k == JSTR) {
    buf b = {0};
    bputs(&b, "the model said: ");
    bput(&b, text->s, text->slen);
    o = result_of(t, task_buf(t, &b), false);
  } else {
    o = failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "answer: no text content"));
  }
  jfree(resp);
  return o;
}

static tool_outcome roots(task *t, const request_context *ctx, const retry *r) {
  if (!has_capability(ctx, "roots")) return failed(missing_capability(t, "roots"));
  tool_outcome again = asking(ask(t, "roots", "roots/list", "{}", ROOTS_STATE));
  if (!r) return again;
  if (!state_is(r, ROOTS_STATE)) return state_does_not_verify(t);
  jv *resp = response(r, "roots");
  if (!resp) return again;
  const jv *list = jget(resp, "roots");
  tool_outcome o;
  if (list && list->k == JARR) {
    buf j = {0}, text = {0};
    bputs(&j, "{\"roots\":[");
    size_t n = 0;
    for (size_t i = 0; i < list->len; i++) {
      const jv *uri = jget(list->item[i], "uri");
      if (!uri || uri->k != JSTR) continue;
      if (n++) bputc(&j, ',');
      bstr(&j, uri->s, uri->slen);
    }
    bputs(&j, "]}");
    bnum(&text, (double)n);
    bputs(&text, " roots");
    o = result_of(t, task_buf(t, &text), false);
    o.val.ok.val.complete.structured_content = (wasi_mcp_types_option_json_t){true, task_buf(t, &j)};
  } else {
    o = failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "roots: not a roots/list result"));
  }
  jfree(resp);
  return o;
}

// ---------------------------------------------------------------------------
// log: one call-event::log per message, then the result.

static void logged(call *c) {
  size_t n = (size_t)(uintptr_t)c->user;
  char text[48] = "logged ";
  buf b = {0};
  bnum(&b, (double)n);
  memcpy(text + 7, b.p, b.len + 1);
  free(b.p);
  call_finish(c, text_result(c->t, text));
}

static bool log_tool(call *c, const jv *args) {
  task *t = c->t;
  const jv *messages = jget(args, "messages");
  if (!messages || messages->k != JARR) {
    call_finish(c, tool_error(t, "messages: an array is required"));
    return true;
  }
  call_event *ev = task_alloc(t, (messages->len ? messages->len : 1) * sizeof(call_event));
  for (size_t i = 0; i < messages->len; i++) {
    const jv *m = messages->item[i], *level = jget(m, "level"), *logger = jget(m, "logger");
    int lv = -1;
    for (int k = 0; k < 8; k++)
      if (jis(level, LEVELS[k])) lv = k;
    if (lv < 0 || (logger && logger->k != JSTR)) {
      call_finish(c, tool_error(t, "messages: each needs a level of RFC 5424 and may have a string logger"));
      return true;
    }
    buf data = {0};
    bjson(&data, jget(m, "data"));
    ev[i].tag = EXPORTS_WASI_MCP_STREAMING_CALL_EVENT_LOG;
    ev[i].val.log = (wasi_mcp_types_log_message_t){
        (wasi_mcp_types_log_level_t)lv,
        logger ? (fixture_option_string_t){true, task_str(t, logger->s, logger->slen)} : NONE_STR,
        task_buf(t, &data),
    };
  }
  c->user = (void *)(uintptr_t)messages->len;
  if (call_emit(c, ev, messages->len, logged) != EMIT_PENDING) logged(c);
  return true;
}

// ---------------------------------------------------------------------------
// call-tool

/** Whether `change` is asked to change another aspect's kind. */
static bool other_kind(const jv *args) {
  const jv *what = jget(args, "what");
  return jis(what, "prompts") || jis(what, "resources") || jis(what, "resource");
}

/** Whether the next aspect answers this call of a listed tool (arguments an object). */
static bool for_next(str name, const jv *args) {
  // Defect observations-answered-alone: this aspect's records are taken for the whole server's.
  if (str_is(name, "observations")) return observations_valid(args) && !observed_here(args) && !defect(DEFECT_OBSERVATIONS_ANSWERED_ALONE);
  return str_is(name, "change") && other_kind(args) && !defect(DEFECT_CHANGE_ANSWERED_ALONE);
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool(request_context *context, str *name, str *arguments, retry *r,
                                                            exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  jv *args = jparse((const char *)arguments->ptr, arguments->len);
  bool object = args && args->k == JOBJ;
  if (!catalog_tool(*name) || (object && for_next(*name, args))) {
    jfree(args);
    forward_call_tool(t, context, name, arguments, r, cancel);
    return task_turn(t);
  }
  if (!object) {
    call_reject(t, cancel, fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "arguments must be a JSON object"));
  } else if (str_is(*name, "crash")) {
    __builtin_trap();
  } else {
    call *c = call_open(t, cancel);
    str n = *name;
    if (str_is(n, "slow")) slow_tool(c, args);
    else if (str_is(n, "log")) log_tool(c, args);
    else if (str_is(n, "echo")) call_finish(c, echo(t, args));
    else if (str_is(n, "add")) call_finish(c, add(t, args));
    else if (str_is(n, "fail")) call_finish(c, tool_error(t, "the tool failed on purpose"));
    else if (str_is(n, "observations")) call_finish(c, observations(t, args));
    else if (str_is(n, "context")) call_finish(c, context_tool(t, context));
    else if (str_is(n, "gallery")) call_finish(c, gallery(t));
    else if (str_is(n, "confirm")) call_finish(c, confirm(t, context, r));
    else if (str_is(n, "retry-later")) call_finish(c, retry_later(t, r));
    else if (str_is(n, "sample")) call_finish(c, sample(t, context, r));
    else if (str_is(n, "roots")) call_finish(c, roots(t, context, r));
    else if (str_is(n, "change") && jis(jget(args, "what"), "tools")) call_finish(c, change_tools(t));
    else if (str_is(n, "change") && other_kind(args)) call_finish(c, change_alone(t, args));
    else if (str_is(n, "change")) call_finish(c, failed(fail_member(t, "what: one of tools, prompts, resources, resource", "what", jget(args, "what"))));
    else if (str_is(n, "raise")) call_finish(c, raise(t, args));
    else call_finish(c, text_result(t, "extra"));
  }
  jfree(args);
  exports_wasi_mcp_streaming_request_context_free(context);
  fixture_string_free(name);
  fixture_string_free(arguments);
  if (r) exports_wasi_mcp_streaming_retry_free(r);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool_callback(fixture_event_t *event) { return task_event(event); }
