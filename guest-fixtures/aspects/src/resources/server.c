// wasi:mcp/server of the resources aspect: the resources and templates
// lists and the completion of template arguments; everything else is the
// next aspect's.
#include <string.h>

#include "catalog.h"
#include "defect.h"
#include "forward.h"
#include "pages.h"

typedef exports_wasi_mcp_server_option_cache_hint_t cache_opt;

static cache_opt cache(uint64_t ttl) { return (cache_opt){true, {ttl, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}}; }

static fixture_callback_code_t answered(task *t, request_context *context, str *cursor) {
  exports_wasi_mcp_server_request_context_free(context);
  if (cursor) fixture_string_free(cursor);
  task_done(t);
  return task_turn(t);
}

static void own_capabilities(server_config *c) {
  // Defect capabilities-replaced: the next aspect's capabilities overwritten, not added to.
  if (defect(DEFECT_CAPABILITIES_REPLACED)) c->capabilities = (wasi_mcp_types_server_capabilities_t){0};
  c->capabilities.resources = (wasi_mcp_types_option_resource_capabilities_t){true, {true, true}};
  c->capabilities.completions = true;  // of the templates' parameters
}

fixture_callback_code_t exports_wasi_mcp_server_describe(request_context *context) {
  task *t = task_begin();
  forward_describe(t, context, own_capabilities);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_tools(request_context *context, str *cursor) {
  task *t = task_begin();
  forward_list_tools(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_prompts(request_context *context, str *cursor) {
  task *t = task_begin();
  forward_list_prompts(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resources(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_resource_page_error_t r;
  const resource_config *all[MAX_RESOURCES];
  size_t n = catalog_resources(all, MAX_RESOURCES);
  page p = paginate(t, "resources", n, 2, cursor);
  if (p.bad) {
    r = (exports_wasi_mcp_server_result_resource_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    resource_config *items = task_alloc(t, (p.end - p.start) * sizeof(resource_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_resource_page_t){{items, p.end - p.start}, p.next, cache(30000)};
  }
  exports_wasi_mcp_server_list_resources_return(r);
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resource_templates(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_resource_template_page_error_t r;
  const template_config *all[MAX_RESOURCES];
  size_t n = catalog_templates(all, MAX_RESOURCES);
  page p = paginate(t, "templates", n, 1, cursor);
  if (p.bad) {
    r = (exports_wasi_mcp_server_result_resource_template_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    template_config *items = task_alloc(t, (p.end - p.start) * sizeof(template_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_resource_template_page_t){{items, p.end - p.start}, p.next, cache(60000)};
  }
  exports_wasi_mcp_server_list_resource_templates_return(r);
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_get_prompt(request_context *context, str *name, fixture_list_tuple2_string_string_t *arguments,
                                                          exports_wasi_mcp_server_retry_t *retry) {
  task *t = task_begin();
  forward_get_prompt(t, context, name, arguments, retry);
  return task_turn(t);
}

static const char *const NAMES[] = {"Ada", "Alan", "Alice", "Grace"};

fixture_callback_code_t exports_wasi_mcp_server_complete(request_context *context, exports_wasi_mcp_server_completion_ref_t *ref,
                                                        fixture_tuple2_string_string_t *argument, fixture_list_tuple2_string_string_t *resolved) {
  task *t = task_begin();
  bool own = ref->tag == WASI_MCP_TYPES_COMPLETION_REF_RESOURCE_TEMPLATE && catalog_template(ref->val.resource_template);
  if (!own || defect(DEFECT_TEMPLATE_COMPLETION_PASSED_ON)) {
    forward_complete(t, context, ref, argument, resolved);
    return task_turn(t);
  }
  fixture_list_string_t values = {task_alloc(t, 4 * sizeof(str)), 0};
  str arg = argument->f0, value = argument->f1;
  if (str_is(ref->val.resource_template, "fixture://greeting/{name}") && str_is(arg, "name")) {
    for (size_t i = 0; i < 4; i++) {
      if (strlen(NAMES[i]) >= value.len && memcmp(NAMES[i], value.ptr, value.len) == 0) values.ptr[values.len++] = cstr(NAMES[i]);
    }
  }
  exports_wasi_mcp_server_result_completion_error_t r = {.is_err = false};
  r.val.ok = (wasi_mcp_types_completion_t){values, {true, (uint32_t)values.len}, {true, false}};
  exports_wasi_mcp_server_complete_return(r);
  exports_wasi_mcp_server_completion_ref_free(ref);
  fixture_tuple2_string_string_free(argument);
  fixture_list_tuple2_string_string_free(resolved);
  return answered(t, context, NULL);
}

#define CALLBACK(fn) \
  fixture_callback_code_t exports_wasi_mcp_server_##fn##_callback(fixture_event_t *event) { return task_event(event); }
CALLBACK(describe)
CALLBACK(list_tools)
CALLBACK(list_resources)
CALLBACK(list_resource_templates)
CALLBACK(list_prompts)
CALLBACK(get_prompt)
CALLBACK(complete)
