// wasi:mcp/server and read-resource of the tools aspect, the outermost of
// the chain: it owns the tools list; everything else is the next aspect's.
#include "catalog.h"
#include "defect.h"
#include "forward.h"
#include "pages.h"

static void own_capabilities(server_config *c) {
  c->capabilities.tools = (wasi_mcp_types_option_tool_capabilities_t){true, {true}};
  c->capabilities.logging = true;  // `slow` and `log` write log messages
}

static fixture_callback_code_t answered(task *t, request_context *context, str *cursor) {
  exports_wasi_mcp_server_request_context_free(context);
  if (cursor) fixture_string_free(cursor);
  task_done(t);
  return task_turn(t);
}

// Defect describe-answered-alone: who the server is, as this aspect alone knows it.
static fixture_callback_code_t describe_alone(task *t, request_context *context) {
  exports_wasi_mcp_server_result_server_config_error_t r = {.is_err = false};
  r.val.ok.info = (wasi_mcp_types_implementation_t){LIT("wasi-mcp-reference-fixture"), LIT("0.2.0"), NONE_STR, NONE_STR, NONE_STR};
  own_capabilities(&r.val.ok);
  exports_wasi_mcp_server_describe_return(r);
  return answered(t, context, NULL);
}

fixture_callback_code_t exports_wasi_mcp_server_describe(request_context *context) {
  task *t = task_begin();
  if (defect(DEFECT_DESCRIBE_ANSWERED_ALONE)) return describe_alone(t, context);
  forward_describe(t, context, own_capabilities);
  return task_turn(t);
}

// Defect list-own-items-only: a list of another kind answered with this aspect's items of it (none).
#define OWN_ITEMS_ONLY(fn, kind)                                                                                     \
  if (defect(DEFECT_LIST_OWN_ITEMS_ONLY)) {                                                                          \
    exports_wasi_mcp_server_result_##kind##_error_t r = {.is_err = false};                                           \
    r.val.ok.cache = (exports_wasi_mcp_server_option_cache_hint_t){true, {60000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}}; \
    exports_wasi_mcp_server_##fn##_return(r);                                                                        \
    return answered(t, context, cursor);                                                                             \
  }

fixture_callback_code_t exports_wasi_mcp_server_list_tools(request_context *context, str *cursor) {
  task *t = task_begin();
  const tool_config *all[MAX_TOOLS];
  size_t n = catalog_tools(all, MAX_TOOLS);
  page p = paginate(t, "tools", n, 4, cursor);
  exports_wasi_mcp_server_result_tool_page_error_t r;
  if (p.bad) {
    r = (exports_wasi_mcp_server_result_tool_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    tool_config *items = task_alloc(t, (p.end - p.start) * sizeof(tool_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_tool_page_t){{items, p.end - p.start}, p.next, {true, {60000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}}};
  }
  exports_wasi_mcp_server_list_tools_return(r);
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resources(request_context *context, str *cursor) {
  task *t = task_begin();
  OWN_ITEMS_ONLY(list_resources, resource_page)
  forward_list_resources(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resource_templates(request_context *context, str *cursor) {
  task *t = task_begin();
  OWN_ITEMS_ONLY(list_resource_templates, resource_template_page)
  forward_list_resource_templates(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_prompts(request_context *context, str *cursor) {
  task *t = task_begin();
  OWN_ITEMS_ONLY(list_prompts, prompt_page)
  forward_list_prompts(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_get_prompt(request_context *context, str *name, fixture_list_tuple2_string_string_t *arguments,
                                                          exports_wasi_mcp_server_retry_t *retry) {
  task *t = task_begin();
  forward_get_prompt(t, context, name, arguments, retry);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_complete(request_context *context, exports_wasi_mcp_server_completion_ref_t *ref,
                                                        fixture_tuple2_string_string_t *argument, fixture_list_tuple2_string_string_t *resolved) {
  task *t = task_begin();
  forward_complete(t, context, ref, argument, resolved);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_read_resource(request_context *context, str *uri, wasi_mcp_types_retry_t *retry,
                                                                exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  forward_read_resource(t, context, uri, retry, cancel);
  return task_turn(t);
}

#define CALLBACK(fn) \
  fixture_callback_code_t exports_wasi_mcp_##fn##_callback(fixture_event_t *event) { return task_event(event); }
CALLBACK(server_describe)
CALLBACK(server_list_tools)
CALLBACK(server_list_resources)
CALLBACK(server_list_resource_templates)
CALLBACK(server_list_prompts)
CALLBACK(server_get_prompt)
CALLBACK(server_complete)
CALLBACK(streaming_read_resource)
