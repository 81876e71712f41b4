// wasi:mcp/streaming of the prompts aspect: it lists no tools and owns no
// resources. `change {what: prompts}` (the tools aspect lists `change`; each
// aspect changes its own kind) toggles the extra prompt; every other call
// that reaches this aspect was owned by none before it and fails as
// docs/fixtures.md says an unknown tool or resource does.
#include "call.h"
#include "catalog.h"
#include "changes.h"
#include "outcome.h"

static tool_outcome change(task *t, const jv *args) {
  const jv *what = jget(args, "what");
  if (!jis(what, "prompts")) return failed(fail_member(t, "what: one of tools, prompts, resources, resource", "what", what));
  catalog_toggle_extra_prompt();
  changes_emit(WASI_MCP_TYPES_CHANGE_PROMPTS_LIST_CHANGED, (str){0});
  return text_result(t, "changed prompts");
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool(request_context *context, str *name, str *arguments, retry *r,
                                                            exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  jv *args = jparse((const char *)arguments->ptr, arguments->len);
  if (!str_is(*name, "change")) {
    call_reject(t, cancel, fail_named(t, WASI_MCP_TYPES_ERROR_CODE_TOOL_NOT_FOUND, "unknown tool", "name", *name));
  } else if (!args || args->k != JOBJ) {
    call_reject(t, cancel, fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "arguments must be a JSON object"));
  } else {
    call_finish(call_open(t, cancel), change(t, args));
  }
  jfree(args);
  exports_wasi_mcp_streaming_request_context_free(context);
  fixture_string_free(name);
  fixture_string_free(arguments);
  if (r) exports_wasi_mcp_streaming_retry_free(r);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_call_tool_callback(fixture_event_t *event) { return task_event(event); }

fixture_callback_code_t exports_wasi_mcp_streaming_read_resource(request_context *context, str *uri, retry *r,
                                                                exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  exports_wasi_mcp_streaming_result_read_outcome_error_t o = {
      .is_err = true, .val.err = fail_named(t, WASI_MCP_TYPES_ERROR_CODE_RESOURCE_NOT_FOUND, "resource not found", "uri", *uri)};
  exports_wasi_mcp_streaming_read_resource_return(o);
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  exports_wasi_mcp_streaming_request_context_free(context);
  fixture_string_free(uri);
  if (r) exports_wasi_mcp_streaming_retry_free(r);
  task_done(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_read_resource_callback(fixture_event_t *event) { return task_event(event); }
