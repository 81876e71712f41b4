// wasi:mcp/server of the prompts aspect, the innermost of the chain: who
// the server is (info, instructions, the discover cache hint), the prompts
// and their completion. The lists it does not own fail as a server that
// offers no such list does (wit/README.md, "Composing a server from aspects").
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "pages.h"
#include "prompts.h"

static fixture_callback_code_t answered(task *t, request_context *context, str *cursor) {
  exports_wasi_mcp_server_request_context_free(context);
  if (cursor) fixture_string_free(cursor);
  task_done(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_describe(request_context *context) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_server_config_error_t r = {.is_err = false};
  wasi_mcp_types_server_config_t *c = &r.val.ok;
  c->info = (wasi_mcp_types_implementation_t){LIT("wasi-mcp-reference-fixture"), LIT("0.2.0"), SOME("Reference fixture"),
                                              SOME("The reference server of wasi-mcp-conformance."), NONE_STR};
  c->capabilities.prompts = (wasi_mcp_types_option_prompt_capabilities_t){true, {true}};
  c->capabilities.completions = true;  // of the prompts' arguments
  c->instructions = SOME("Reference fixture of wasi-mcp-conformance.");
  c->cache = (wasi_mcp_types_option_cache_hint_t){true, {60000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}};
  exports_wasi_mcp_server_describe_return(r);
  return answered(t, context, NULL);
}

fixture_callback_code_t exports_wasi_mcp_server_list_tools(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_list_tools_return((exports_wasi_mcp_server_result_tool_page_error_t){.is_err = true, .val.err = not_offered(t, "tools")});
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resources(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_list_resources_return(
      (exports_wasi_mcp_server_result_resource_page_error_t){.is_err = true, .val.err = not_offered(t, "resources")});
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resource_templates(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_list_resource_templates_return(
      (exports_wasi_mcp_server_result_resource_template_page_error_t){.is_err = true, .val.err = not_offered(t, "resources")});
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_list_prompts(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_prompt_page_error_t r;
  const prompt_config *all[MAX_PROMPTS];
  size_t n = catalog_prompts(all, MAX_PROMPTS);
  page p = paginate(t, "prompts", n, 2, cursor);
  if (p.bad) {
    r = (exports_wasi_mcp_server_result_prompt_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    prompt_config *items = task_alloc(t, (p.end - p.start) * sizeof(prompt_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_prompt_page_t){
        {items, p.end - p.start}, p.next, {true, {60000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}}};
  }
  exports_wasi_mcp_server_list_prompts_return(r);
  return answered(t, context, cursor);
}

fixture_callback_code_t exports_wasi_mcp_server_get_prompt(request_context *context, str *name, fixture_list_tuple2_string_string_t *arguments,
                                                          exports_wasi_mcp_server_retry_t *retry) {
  task *t = task_begin();
  exports_wasi_mcp_server_get_prompt_return(get_prompt(t, context, *name, arguments, retry));
  fixture_string_free(name);
  fixture_list_tuple2_string_string_free(arguments);
  if (retry) exports_wasi_mcp_server_retry_free(retry);
  return answered(t, context, NULL);
}

static const char *const STYLES[] = {"formal", "friendly", "funny", "plain"};
static const char *const NAMES[] = {"Ada", "Alan", "Alice", "Grace"};

/** Adds candidate to values when it starts with prefix. */
static void offer(fixture_list_string_t *values, const char *candidate, str prefix) {
  if (strlen(candidate) < prefix.len || memcmp(candidate, prefix.ptr, prefix.len) != 0) return;
  values->ptr[values->len++] = cstr(candidate);
}

fixture_callback_code_t exports_wasi_mcp_server_complete(request_context *context, exports_wasi_mcp_server_completion_ref_t *ref,
                                                        fixture_tuple2_string_string_t *argument, fixture_list_tuple2_string_string_t *resolved) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_completion_error_t r = {.is_err = false};
  fixture_list_string_t values = {task_alloc(t, 8 * sizeof(str)), 0};
  str arg = argument->f0, value = argument->f1;
  if (ref->tag == WASI_MCP_TYPES_COMPLETION_REF_PROMPT) {
    str pname = ref->val.prompt;
    if (!catalog_prompt(pname)) {
      r = (exports_wasi_mcp_server_result_completion_error_t){
          .is_err = true, .val.err = fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "unknown prompt", "ref", pname)};
    } else if (str_is(pname, "greet") && str_is(arg, "style")) {
      for (size_t i = 0; i < 4; i++) offer(&values, STYLES[i], value);
      bool named = false;
      for (size_t i = 0; i < resolved->len; i++)
        if (str_is(resolved->ptr[i].f0, "name")) named = true;
      if (named) offer(&values, "personal", value);
    } else if (str_is(pname, "greet") && str_is(arg, "name")) {
      for (size_t i = 0; i < 4; i++) offer(&values, NAMES[i], value);
    }
  } else {
    // A template no aspect before this one owns.
    r = (exports_wasi_mcp_server_result_completion_error_t){
        .is_err = true,
        .val.err = fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "unknown resource template", "ref", ref->val.resource_template)};
  }
  if (!r.is_err) r.val.ok = (wasi_mcp_types_completion_t){values, {true, (uint32_t)values.len}, {true, false}};
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
