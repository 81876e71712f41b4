// wasi:mcp/server: describe, the four paginated lists, get-prompt and
// complete. Each answers within its first turn.
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "content.h"
#include "errors.h"
#include "prompts.h"
#include "task.h"

typedef exports_wasi_mcp_server_option_cache_hint_t cache_opt;

static cache_opt cache(uint64_t ttl) {
  return (cache_opt){true, {ttl, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}};
}

// ---------------------------------------------------------------------------
// describe

fixture_callback_code_t exports_wasi_mcp_server_describe(request_context *context) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_server_config_error_t r = {.is_err = false};
  wasi_mcp_types_server_config_t *c = &r.val.ok;
  if (MINIMAL) {
    c->info = (wasi_mcp_types_implementation_t){LIT("wasi-mcp-minimal-fixture"), LIT("0.2.0"), NONE_STR, NONE_STR, NONE_STR};
    c->capabilities.tools = (wasi_mcp_types_option_tool_capabilities_t){true, {false}};
  } else {
    c->info = (wasi_mcp_types_implementation_t){LIT("wasi-mcp-reference-fixture"), LIT("0.2.0"), SOME("Reference fixture"),
                                                SOME("The reference server of wasi-mcp-conformance."), NONE_STR};
    c->capabilities.tools = (wasi_mcp_types_option_tool_capabilities_t){true, {true}};
    c->capabilities.resources = (wasi_mcp_types_option_resource_capabilities_t){true, {true, true}};
    c->capabilities.prompts = (wasi_mcp_types_option_prompt_capabilities_t){true, {true}};
    c->capabilities.logging = true;
    c->capabilities.completions = true;
    c->instructions = SOME("Reference fixture of wasi-mcp-conformance.");
    c->cache = (wasi_mcp_types_option_cache_hint_t){true, {60000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC}};
  }
  exports_wasi_mcp_server_describe_return(r);
  exports_wasi_mcp_server_request_context_free(context);
  task_done(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_describe_callback(fixture_event_t *event) { return task_event(event); }

// ---------------------------------------------------------------------------
// Pages: cursor "PREFIX:N", N the index of the page's first item.

typedef struct {
  size_t start, end;  // items [start, end) of the page
  fixture_option_string_t next;
  bool bad;
} page;

static page paginate(task *t, const char *prefix, size_t count, size_t size, const str *cursor) {
  page p = {0, 0, NONE_STR, false};
  if (cursor) {
    size_t plen = strlen(prefix), n = 0;
    bool ok = cursor->len > plen + 1 && memcmp(cursor->ptr, prefix, plen) == 0 && cursor->ptr[plen] == ':';
    const uint8_t *d = cursor->ptr + plen + 1;
    size_t dlen = ok ? cursor->len - plen - 1 : 0;
    if (ok && (dlen > 9 || d[0] == '0')) ok = false;  // canonical decimals only
    for (size_t i = 0; ok && i < dlen; i++) {
      if (d[i] < '0' || d[i] > '9') ok = false;
      else n = n * 10 + (size_t)(d[i] - '0');
    }
    // Only cursors the fixture hands out are valid: N > 0 starts a later page.
    if (!ok || n == 0 || n % size != 0 || n >= count) {
      p.bad = true;
      return p;
    }
    p.start = n;
  }
  p.end = p.start + size < count ? p.start + size : count;
  if (p.end < count) {
    char tmp[32];
    size_t plen = strlen(prefix);
    memcpy(tmp, prefix, plen);
    tmp[plen] = ':';
    size_t k = plen + 1, v = p.end, digits = 1;
    for (size_t x = v; x >= 10; x /= 10) digits++;
    for (size_t i = digits; i-- > 0; v /= 10) tmp[k + i] = (char)('0' + v % 10);
    p.next = (fixture_option_string_t){true, task_str(t, tmp, k + digits)};
  }
  return p;
}

static error bad_cursor(task *t, const str *cursor) {
  return fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "invalid cursor", "cursor", *cursor);
}

static error not_offered(task *t, const char *what) {
  buf m = {0};
  bputs(&m, "this server offers no ");
  bputs(&m, what);
  error e = fail_with(t, WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND, m.p);
  free(m.p);
  return e;
}

static void finish_list(task *t, request_context *context, str *cursor) {
  exports_wasi_mcp_server_request_context_free(context);
  if (cursor) fixture_string_free(cursor);
  task_done(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_tools(request_context *context, str *cursor) {
  task *t = task_begin();
  const tool_config *all[MAX_ITEMS];
  size_t n = catalog_tools(all, MAX_ITEMS);
  page p = paginate(t, "tools", n, MINIMAL ? MAX_ITEMS : 4, cursor);  // minimal: one page
  exports_wasi_mcp_server_result_tool_page_error_t r;
  if (p.bad) {
    r = (exports_wasi_mcp_server_result_tool_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    tool_config *items = task_alloc(t, (p.end - p.start) * sizeof(tool_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_tool_page_t){{items, p.end - p.start}, p.next, MINIMAL ? (cache_opt){false, {0, 0}} : cache(60000)};
  }
  exports_wasi_mcp_server_list_tools_return(r);
  finish_list(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_tools_callback(fixture_event_t *event) { return task_event(event); }

fixture_callback_code_t exports_wasi_mcp_server_list_resources(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_resource_page_error_t r;
  const resource_config *all[MAX_ITEMS];
  size_t n = catalog_resources(all, MAX_ITEMS);
  page p = paginate(t, "resources", n, 2, cursor);
  if (MINIMAL) {
    r = (exports_wasi_mcp_server_result_resource_page_error_t){.is_err = true, .val.err = not_offered(t, "resources")};
  } else if (p.bad) {
    r = (exports_wasi_mcp_server_result_resource_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    resource_config *items = task_alloc(t, (p.end - p.start) * sizeof(resource_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_resource_page_t){{items, p.end - p.start}, p.next, cache(30000)};
  }
  exports_wasi_mcp_server_list_resources_return(r);
  finish_list(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resources_callback(fixture_event_t *event) { return task_event(event); }

fixture_callback_code_t exports_wasi_mcp_server_list_resource_templates(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_resource_template_page_error_t r;
  const template_config *all[MAX_ITEMS];
  size_t n = catalog_templates(all, MAX_ITEMS);
  page p = paginate(t, "templates", n, 1, cursor);
  if (MINIMAL) {
    r = (exports_wasi_mcp_server_result_resource_template_page_error_t){.is_err = true, .val.err = not_offered(t, "resources")};
  } else if (p.bad) {
    r = (exports_wasi_mcp_server_result_resource_template_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    template_config *items = task_alloc(t, (p.end - p.start) * sizeof(template_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_resource_template_page_t){{items, p.end - p.start}, p.next, cache(60000)};
  }
  exports_wasi_mcp_server_list_resource_templates_return(r);
  finish_list(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_resource_templates_callback(fixture_event_t *event) { return task_event(event); }

fixture_callback_code_t exports_wasi_mcp_server_list_prompts(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_prompt_page_error_t r;
  const prompt_config *all[MAX_ITEMS];
  size_t n = catalog_prompts(all, MAX_ITEMS);
  page p = paginate(t, "prompts", n, 2, cursor);
  if (MINIMAL) {
    r = (exports_wasi_mcp_server_result_prompt_page_error_t){.is_err = true, .val.err = not_offered(t, "prompts")};
  } else if (p.bad) {
    r = (exports_wasi_mcp_server_result_prompt_page_error_t){.is_err = true, .val.err = bad_cursor(t, cursor)};
  } else {
    r.is_err = false;
    prompt_config *items = task_alloc(t, (p.end - p.start) * sizeof(prompt_config));
    for (size_t i = p.start; i < p.end; i++) items[i - p.start] = *all[i];
    r.val.ok = (exports_wasi_mcp_server_prompt_page_t){{items, p.end - p.start}, p.next, cache(60000)};
  }
  exports_wasi_mcp_server_list_prompts_return(r);
  finish_list(t, context, cursor);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_list_prompts_callback(fixture_event_t *event) { return task_event(event); }

// ---------------------------------------------------------------------------
// get-prompt

fixture_callback_code_t exports_wasi_mcp_server_get_prompt(request_context *context, str *name, fixture_list_tuple2_string_string_t *arguments,
                                                           exports_wasi_mcp_server_retry_t *retry) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_prompt_outcome_error_t r;
  if (MINIMAL) {
    r = (exports_wasi_mcp_server_result_prompt_outcome_error_t){.is_err = true, .val.err = not_offered(t, "prompts")};
  } else {
    r = get_prompt(t, context, *name, arguments, retry);
  }
  exports_wasi_mcp_server_get_prompt_return(r);
  exports_wasi_mcp_server_request_context_free(context);
  fixture_string_free(name);
  fixture_list_tuple2_string_string_free(arguments);
  if (retry) exports_wasi_mcp_server_retry_free(retry);
  task_done(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_get_prompt_callback(fixture_event_t *event) { return task_event(event); }

// ---------------------------------------------------------------------------
// complete

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
  if (MINIMAL) {
    r = (exports_wasi_mcp_server_result_completion_error_t){.is_err = true, .val.err = not_offered(t, "completions")};
  } else if (ref->tag == WASI_MCP_TYPES_COMPLETION_REF_PROMPT) {
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
    str tmpl = ref->val.resource_template;
    if (!catalog_template(tmpl)) {
      r = (exports_wasi_mcp_server_result_completion_error_t){
          .is_err = true, .val.err = fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "unknown resource template", "ref", tmpl)};
    } else if (str_is(tmpl, "fixture://greeting/{name}") && str_is(arg, "name")) {
      for (size_t i = 0; i < 4; i++) offer(&values, NAMES[i], value);
    }
  }
  if (!r.is_err) r.val.ok = (wasi_mcp_types_completion_t){values, {true, (uint32_t)values.len}, {true, false}};
  exports_wasi_mcp_server_complete_return(r);
  exports_wasi_mcp_server_request_context_free(context);
  exports_wasi_mcp_server_completion_ref_free(ref);
  fixture_tuple2_string_string_free(argument);
  fixture_list_tuple2_string_string_free(resolved);
  task_done(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_complete_callback(fixture_event_t *event) { return task_event(event); }
