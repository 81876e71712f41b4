// The sandbox fixture's wasi:mcp exports: one tool, `probe`, that reports
// what the component can reach through WASI 0.2 and 0.3
// (docs/fixtures.md, "The sandbox fixture"). Every other feature is not
// offered.
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "json.h"
#include "probe02.h"
#include "probe03.h"
#include "sandbox.h"
#include "task.h"

typedef sandbox_string_t str;
typedef wasi_mcp_types_error_t error;
typedef exports_wasi_mcp_server_request_context_t request_context;

#define LIT(s) ((str){(uint8_t *)(s), sizeof(s) - 1})
#define NONE_STR ((sandbox_option_string_t){false, {0}})

/** An error whose message is a literal (the runtime copies what it lifts). */
static error fail(wasi_mcp_types_error_code_t code, const char *message) {
  return (error){code, {(uint8_t *)message, strlen(message)}, {false, {0}}};
}

static error not_offered(void) { return fail(WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND, "the sandbox fixture offers tools only"); }

/** A finished task of an export that answered within its first turn. */
static sandbox_callback_code_t answered(task *t) {
  task_done(t);
  return task_turn(t);
}

// ---------------------------------------------------------------------------
// describe and the lists

sandbox_callback_code_t exports_wasi_mcp_server_describe(request_context *context) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_server_config_error_t r = {.is_err = false};
  r.val.ok.info = (wasi_mcp_types_implementation_t){LIT("wasi-mcp-sandbox-fixture"), LIT("0.2.0"), NONE_STR, NONE_STR, NONE_STR};
  r.val.ok.capabilities.tools = (wasi_mcp_types_option_tool_capabilities_t){true, {false}};
  exports_wasi_mcp_server_describe_return(r);
  exports_wasi_mcp_server_request_context_free(context);
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_server_describe_callback(sandbox_event_t *event) { return task_event(event); }

static wasi_mcp_types_tool_config_t PROBE_TOOL = {
    .name = LIT("probe"),
    .title = {true, LIT("Probe")},
    .description = {true, LIT("Reports what the component can reach of its host: files, preopened directories, environment, network.")},
    .input_schema = LIT("{\"type\":\"object\",\"properties\":{}}"),
};

sandbox_callback_code_t exports_wasi_mcp_server_list_tools(request_context *context, str *cursor) {
  task *t = task_begin();
  exports_wasi_mcp_server_result_tool_page_error_t r;
  if (cursor) {
    // One page: no cursor was ever handed out.
    r = (exports_wasi_mcp_server_result_tool_page_error_t){.is_err = true,
                                                           .val.err = fail(WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "invalid cursor")};
  } else {
    r = (exports_wasi_mcp_server_result_tool_page_error_t){.is_err = false, .val.ok = {{&PROBE_TOOL, 1}, NONE_STR, {false, {0, 0}}}};
  }
  exports_wasi_mcp_server_list_tools_return(r);
  exports_wasi_mcp_server_request_context_free(context);
  if (cursor) sandbox_string_free(cursor);
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_server_list_tools_callback(sandbox_event_t *event) { return task_event(event); }

#define NOT_OFFERED_LIST(fn, result_t)                                                         \
  sandbox_callback_code_t exports_wasi_mcp_server_##fn(request_context *context, str *cursor) { \
    task *t = task_begin();                                                                    \
    exports_wasi_mcp_server_##fn##_return((result_t){.is_err = true, .val.err = not_offered()}); \
    exports_wasi_mcp_server_request_context_free(context);                                     \
    if (cursor) sandbox_string_free(cursor);                                                   \
    return answered(t);                                                                        \
  }                                                                                            \
  sandbox_callback_code_t exports_wasi_mcp_server_##fn##_callback(sandbox_event_t *event) { return task_event(event); }

NOT_OFFERED_LIST(list_resources, exports_wasi_mcp_server_result_resource_page_error_t)
NOT_OFFERED_LIST(list_resource_templates, exports_wasi_mcp_server_result_resource_template_page_error_t)
NOT_OFFERED_LIST(list_prompts, exports_wasi_mcp_server_result_prompt_page_error_t)

sandbox_callback_code_t exports_wasi_mcp_server_get_prompt(request_context *context, str *name, sandbox_list_tuple2_string_string_t *arguments,
                                                           exports_wasi_mcp_server_retry_t *retry) {
  task *t = task_begin();
  exports_wasi_mcp_server_get_prompt_return((exports_wasi_mcp_server_result_prompt_outcome_error_t){.is_err = true, .val.err = not_offered()});
  exports_wasi_mcp_server_request_context_free(context);
  sandbox_string_free(name);
  sandbox_list_tuple2_string_string_free(arguments);
  if (retry) exports_wasi_mcp_server_retry_free(retry);
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_server_get_prompt_callback(sandbox_event_t *event) { return task_event(event); }

sandbox_callback_code_t exports_wasi_mcp_server_complete(request_context *context, exports_wasi_mcp_server_completion_ref_t *ref,
                                                         sandbox_tuple2_string_string_t *argument, sandbox_list_tuple2_string_string_t *resolved) {
  task *t = task_begin();
  exports_wasi_mcp_server_complete_return((exports_wasi_mcp_server_result_completion_error_t){.is_err = true, .val.err = not_offered()});
  exports_wasi_mcp_server_request_context_free(context);
  exports_wasi_mcp_server_completion_ref_free(ref);
  sandbox_tuple2_string_string_free(argument);
  sandbox_list_tuple2_string_string_free(resolved);
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_server_complete_callback(sandbox_event_t *event) { return task_event(event); }

// The fixture never changes: the stream stays open and silent.
sandbox_callback_code_t exports_wasi_mcp_server_changes(void) {
  task *t = task_begin();
  exports_wasi_mcp_server_stream_change_writer_t writer;
  exports_wasi_mcp_server_changes_return(exports_wasi_mcp_server_stream_change_new(&writer));
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_server_changes_callback(sandbox_event_t *event) { return task_event(event); }

sandbox_callback_code_t exports_wasi_mcp_streaming_read_resource(request_context *context, str *uri, exports_wasi_mcp_streaming_retry_t *retry,
                                                                 exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  exports_wasi_mcp_streaming_read_resource_return((exports_wasi_mcp_streaming_result_read_outcome_error_t){.is_err = true, .val.err = not_offered()});
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  exports_wasi_mcp_streaming_request_context_free(context);
  sandbox_string_free(uri);
  if (retry) exports_wasi_mcp_streaming_retry_free(retry);
  return answered(t);
}

sandbox_callback_code_t exports_wasi_mcp_streaming_read_resource_callback(sandbox_event_t *event) { return task_event(event); }

// ---------------------------------------------------------------------------
// call-tool: `probe` returns its call at once, probes, then resolves the outcome.

typedef struct {
  task *t;
  exports_wasi_mcp_streaming_future_result_tool_outcome_error_writer_t out;
  facts wasi02, wasi03;
  buf report;
  wasi_mcp_types_content_t text;
  exports_wasi_mcp_streaming_result_tool_outcome_error_t outcome;
} probe_call;

static void outcome_taken(void *ctx, uint32_t code) {
  (void)code;
  probe_call *c = ctx;
  exports_wasi_mcp_streaming_future_result_tool_outcome_error_drop_writable(c->out);
  task_done(c->t);
  free(c->report.p);
  free(c);
}

static void probed(void *ctx) {
  probe_call *c = ctx;
  bputs(&c->report, "{\"wasi-0.2\":");
  facts_json(&c->report, &c->wasi02);
  bputs(&c->report, ",\"wasi-0.3\":");
  facts_json(&c->report, &c->wasi03);
  bputc(&c->report, '}');
  facts_free(&c->wasi02);
  facts_free(&c->wasi03);
  str json = {(uint8_t *)c->report.p, c->report.n};
  c->text = (wasi_mcp_types_content_t){.tag = WASI_MCP_TYPES_CONTENT_TEXT, .val.text = {json, {false}, {false, {0}}}};
  c->outcome.is_err = false;
  c->outcome.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_TOOL_OUTCOME_COMPLETE;
  c->outcome.val.ok.val.complete = (wasi_mcp_types_tool_result_t){{&c->text, 1}, {true, json}, false, {false, {0}}};
  uint32_t st = exports_wasi_mcp_streaming_future_result_tool_outcome_error_write(c->out, &c->outcome);
  if (st == SANDBOX_WAITABLE_STATUS_BLOCKED) task_watch(c->t, c->out, outcome_taken, c);
  else outcome_taken(c, st);
}

sandbox_callback_code_t exports_wasi_mcp_streaming_call_tool(request_context *context, str *name, str *arguments, exports_wasi_mcp_streaming_retry_t *retry,
                                                             exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  // The probe is quick and takes no notice of cancellation.
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  bool known = name->len == 5 && memcmp(name->ptr, "probe", 5) == 0;
  if (!known) {
    buf m = {0}, data = {0};
    bputs(&m, "unknown tool: ");
    bput(&m, name->ptr, name->len);
    bputs(&data, "{\"name\":");
    bstr(&data, name->ptr, name->len);
    bputc(&data, '}');
    error e = {WASI_MCP_TYPES_ERROR_CODE_TOOL_NOT_FOUND, {(uint8_t *)m.p, m.n}, {true, {(uint8_t *)data.p, data.n}}};
    exports_wasi_mcp_streaming_call_tool_return((exports_wasi_mcp_streaming_result_tool_call_error_t){.is_err = true, .val.err = e});
    free(m.p);
    free(data.p);
    task_done(t);
  } else {
    probe_call *c = calloc(1, sizeof(probe_call));
    if (!c) __builtin_trap();
    c->t = t;
    exports_wasi_mcp_streaming_stream_call_event_writer_t events;
    exports_wasi_mcp_streaming_result_tool_call_error_t r = {.is_err = false};
    r.val.ok.events = exports_wasi_mcp_streaming_stream_call_event_new(&events);
    r.val.ok.outcome = exports_wasi_mcp_streaming_future_result_tool_outcome_error_new(&c->out);
    exports_wasi_mcp_streaming_call_tool_return(r);
    exports_wasi_mcp_streaming_stream_call_event_drop_writable(events);  // no progress, no logs
    probe_wasi02(&c->wasi02);
    probe_wasi03(t, &c->wasi03, probed, c);
  }
  exports_wasi_mcp_streaming_request_context_free(context);
  sandbox_string_free(name);
  sandbox_string_free(arguments);
  if (retry) exports_wasi_mcp_streaming_retry_free(retry);
  return task_turn(t);
}

sandbox_callback_code_t exports_wasi_mcp_streaming_call_tool_callback(sandbox_event_t *event) { return task_event(event); }
