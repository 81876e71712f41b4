// call-tool in the resources aspect. It lists no tools, but answers the two
// that concern its state (wit/README.md, "Composing a server from aspects"):
// `observations` of reads (the writes of a body, the cancellation of a slow
// read; it is the last aspect that records observations, so a key nobody
// recorded is {found: false} here), and `change` of resources. Every other
// call goes to the next aspect as it came.
#include "call.h"
#include "catalog.h"
#include "changes.h"
#include "defect.h"
#include "forward.h"
#include "observe.h"
#include "outcome.h"

static tool_outcome observations(task *t, const jv *args) {
  const jv *kind = jget(args, "kind"), *key = jget(args, "key");
  if (!(jis(kind, "stream") || jis(kind, "cancellation") || jis(kind, "changes")) || !key || key->k != JSTR)
    return tool_error(t, "kind: stream, cancellation or changes; key: a string");
  buf j = {0};
  observe_report(&j, (str){(uint8_t *)kind->s, kind->slen}, (str){(uint8_t *)key->s, key->slen});
  return structured(t, &j);
}

static tool_outcome change(task *t, const jv *args) {
  const jv *what = jget(args, "what"), *uri = jget(args, "uri");
  if (jis(what, "resources")) {
    catalog_toggle_extra_resource();
    changes_emit(WASI_MCP_TYPES_CHANGE_RESOURCES_LIST_CHANGED, (str){0});
    return text_result(t, "changed resources");
  }
  str u = uri && uri->k == JSTR ? (str){(uint8_t *)uri->s, uri->slen} : (str){0};
  if (!uri || uri->k != JSTR || !catalog_resource(u)) return failed(fail_member(t, "uri: a listed resource is required", "uri", uri));
  if (str_is(u, "fixture://counter")) counter++;
  changes_emit(WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED, u);
  return text_result(t, "changed resource");
}

/** Whether this aspect recorded what `observations` asks about (defect unknown-observations-passed-on). */
static bool recorded(const jv *args) {
  const jv *kind = jget(args, "kind"), *key = jget(args, "key");
  if (!kind || kind->k != JSTR || !key || key->k != JSTR) return true;  // answered here: a tool error
  return observe_recorded((str){(uint8_t *)kind->s, kind->slen}, (str){(uint8_t *)key->s, key->slen});
}

/** Whether this aspect answers the call (the arguments already parsed). */
static bool owns(str name, const jv *args) {
  if (!args || args->k != JOBJ) return false;  // the tools aspect has refused these
  if (str_is(name, "observations")) return !defect(DEFECT_UNKNOWN_OBSERVATIONS_PASSED_ON) || recorded(args);
  const jv *what = jget(args, "what");
  return str_is(name, "change") && (jis(what, "resources") || jis(what, "resource"));
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool(request_context *context, str *name, str *arguments, retry *r,
                                                            exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  jv *args = jparse((const char *)arguments->ptr, arguments->len);
  if (!owns(*name, args)) {
    jfree(args);
    forward_call_tool(t, context, name, arguments, r, cancel);
    return task_turn(t);
  }
  call *c = call_open(t, cancel);
  call_finish(c, str_is(*name, "observations") ? observations(t, args) : change(t, args));
  jfree(args);
  exports_wasi_mcp_streaming_request_context_free(context);
  fixture_string_free(name);
  fixture_string_free(arguments);
  if (r) exports_wasi_mcp_streaming_retry_free(r);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool_callback(fixture_event_t *event) { return task_event(event); }
