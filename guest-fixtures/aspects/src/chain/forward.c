// Calls of the next aspect on behalf of an export call. The imported and
// exported interfaces are the same WIT, so their results have the same
// layout (checked below) and are handed back byte for byte.
#include "forward.h"

#include <stdlib.h>
#include <string.h>

#include "defect.h"
#include "errors.h"

#define SAME_LAYOUT(a, b) _Static_assert(sizeof(a) == sizeof(b), #a " and " #b " differ")

static fixture_option_string_t opt(const str *s) { return s ? (fixture_option_string_t){true, *s} : (fixture_option_string_t){false, {0}}; }

// Defect retry-not-passed-on: the retry of a multi round-trip request stays here (and is freed).
static wasi_mcp_types_retry_t *kept_retry(wasi_mcp_types_retry_t *r) {
  if (!r || !defect(DEFECT_RETRY_NOT_PASSED_ON)) return r;
  wasi_mcp_types_retry_free(r);
  return NULL;
}

static wasi_mcp_server_option_retry_t server_retry(wasi_mcp_types_retry_t *r) {
  r = kept_retry(r);
  return r ? (wasi_mcp_server_option_retry_t){true, *r} : (wasi_mcp_server_option_retry_t){false, {{0}, {0}}};
}

static wasi_mcp_streaming_option_retry_t streaming_retry(wasi_mcp_types_retry_t *r) {
  r = kept_retry(r);
  return r ? (wasi_mcp_streaming_option_retry_t){true, *r} : (wasi_mcp_streaming_option_retry_t){false, {{0}, {0}}};
}

// Defect cancel-not-passed-on: the next aspect gets a cancel future of this aspect's own, which
// nothing writes (its writable end is kept: dropping it unwritten would trap), and the host's is
// dropped unread.
static wasi_mcp_streaming_future_string_t passed_cancel(cancel_future cancel) {
  if (!defect(DEFECT_CANCEL_NOT_PASSED_ON)) return cancel;
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  wasi_mcp_streaming_future_string_writer_t never_written;
  return wasi_mcp_streaming_future_string_new(&never_written);
}

// Starts the call; `done(f, 0)` runs once it has returned (now, or on a later turn).
#define AWAIT(t, call, done, f) \
  if (!task_await(t, call, done, f)) done(f, 0)

// ---------------------------------------------------------------------------
// describe

SAME_LAYOUT(exports_wasi_mcp_server_result_server_config_error_t, wasi_mcp_server_result_server_config_error_t);

typedef struct {
  task *t;
  request_context ctx;
  void (*own)(server_config *);
  wasi_mcp_server_result_server_config_error_t res;
} describe_call;

static void described(void *p, uint32_t code) {
  (void)code;
  describe_call *f = p;
  if (!f->res.is_err) f->own(&f->res.val.ok);
  exports_wasi_mcp_server_result_server_config_error_t r;
  memcpy(&r, &f->res, sizeof r);
  exports_wasi_mcp_server_describe_return(r);
  wasi_mcp_server_result_server_config_error_free(&f->res);
  wasi_mcp_types_request_context_free(&f->ctx);
  task_done(f->t);
}

void forward_describe(task *t, request_context *ctx, void (*own)(server_config *)) {
  if (defect_unknown()) {
    exports_wasi_mcp_server_result_server_config_error_t r = {.is_err = true};
    r.val.err = fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, "WASI_MCP_FIXTURE_DEFECT names no defect of the aspects fixture");
    exports_wasi_mcp_server_describe_return(r);
    wasi_mcp_types_request_context_free(ctx);
    task_done(t);
    return;
  }
  describe_call *f = task_alloc(t, sizeof *f);
  *f = (describe_call){.t = t, .ctx = *ctx, .own = own};
  AWAIT(t, wasi_mcp_server_describe(&f->ctx, &f->res), described, f);
}

// ---------------------------------------------------------------------------
// The four lists: one aspect owns each list whole, cursors included.

// Defects inner-cursors-tagged (the next aspect's cursor handed out as "next:CURSOR", and taken
// back unchanged) and inner-cursors-dropped (its pages handed out without their cursor).
static void mangle_cursor(fixture_option_string_t *next) {
  if (!next->is_some) return;
  if (defect(DEFECT_INNER_CURSORS_DROPPED)) {
    fixture_option_string_free(next);
    *next = (fixture_option_string_t){false, {0}};
  } else if (defect(DEFECT_INNER_CURSORS_TAGGED)) {
    uint8_t *p = malloc(next->val.len + 5);
    if (!p) __builtin_trap();
    memcpy(p, "next:", 5);
    memcpy(p + 5, next->val.ptr, next->val.len);
    str tagged = {p, next->val.len + 5};
    fixture_string_free(&next->val);
    next->val = tagged;
  }
}

#define FORWARD_LIST(fn, kind)                                                                          \
  SAME_LAYOUT(exports_wasi_mcp_server_result_##kind##_error_t, wasi_mcp_server_result_##kind##_error_t); \
  typedef struct {                                                                                      \
    task *t;                                                                                            \
    wasi_mcp_server_##fn##_args_t args;                                                                 \
    wasi_mcp_server_result_##kind##_error_t res;                                                        \
  } fn##_call;                                                                                          \
  static void fn##_returned(void *p, uint32_t code) {                                                   \
    (void)code;                                                                                         \
    fn##_call *f = p;                                                                                   \
    if (!f->res.is_err) mangle_cursor(&f->res.val.ok.next_cursor);                                      \
    exports_wasi_mcp_server_result_##kind##_error_t r;                                                  \
    memcpy(&r, &f->res, sizeof r);                                                                      \
    exports_wasi_mcp_server_##fn##_return(r);                                                           \
    wasi_mcp_server_result_##kind##_error_free(&f->res);                                                \
    wasi_mcp_types_request_context_free(&f->args.context);                                              \
    fixture_option_string_free(&f->args.cursor);                                                         \
    task_done(f->t);                                                                                    \
  }                                                                                                     \
  void forward_##fn(task *t, request_context *ctx, str *cursor) {                                       \
    fn##_call *f = task_alloc(t, sizeof *f);                                                            \
    f->t = t;                                                                                           \
    f->args = (wasi_mcp_server_##fn##_args_t){*ctx, opt(cursor)};                                       \
    AWAIT(t, wasi_mcp_server_##fn(&f->args, &f->res), fn##_returned, f);                                \
  }

FORWARD_LIST(list_tools, tool_page)
FORWARD_LIST(list_resources, resource_page)
FORWARD_LIST(list_resource_templates, resource_template_page)
FORWARD_LIST(list_prompts, prompt_page)

// ---------------------------------------------------------------------------
// get-prompt and complete

SAME_LAYOUT(exports_wasi_mcp_server_result_prompt_outcome_error_t, wasi_mcp_server_result_prompt_outcome_error_t);
SAME_LAYOUT(exports_wasi_mcp_server_result_completion_error_t, wasi_mcp_server_result_completion_error_t);

typedef struct {
  task *t;
  wasi_mcp_server_get_prompt_args_t args;
  wasi_mcp_server_result_prompt_outcome_error_t res;
} get_prompt_call;

static void prompt_returned(void *p, uint32_t code) {
  (void)code;
  get_prompt_call *f = p;
  exports_wasi_mcp_server_result_prompt_outcome_error_t r;
  memcpy(&r, &f->res, sizeof r);
  exports_wasi_mcp_server_get_prompt_return(r);
  wasi_mcp_server_result_prompt_outcome_error_free(&f->res);
  wasi_mcp_types_request_context_free(&f->args.context);
  fixture_string_free(&f->args.name);
  fixture_list_tuple2_string_string_free(&f->args.arguments);
  wasi_mcp_server_option_retry_free(&f->args.retry);
  task_done(f->t);
}

void forward_get_prompt(task *t, request_context *ctx, str *name, fixture_list_tuple2_string_string_t *arguments, wasi_mcp_types_retry_t *retry) {
  get_prompt_call *f = task_alloc(t, sizeof *f);
  f->t = t;
  f->args = (wasi_mcp_server_get_prompt_args_t){*ctx, *name, *arguments, server_retry(retry)};
  AWAIT(t, wasi_mcp_server_get_prompt(&f->args, &f->res), prompt_returned, f);
}

typedef struct {
  task *t;
  wasi_mcp_server_complete_args_t args;
  wasi_mcp_server_result_completion_error_t res;
} complete_call;

static void completed(void *p, uint32_t code) {
  (void)code;
  complete_call *f = p;
  exports_wasi_mcp_server_result_completion_error_t r;
  memcpy(&r, &f->res, sizeof r);
  exports_wasi_mcp_server_complete_return(r);
  wasi_mcp_server_result_completion_error_free(&f->res);
  wasi_mcp_types_request_context_free(&f->args.context);
  wasi_mcp_types_completion_ref_free(&f->args.ref);
  fixture_tuple2_string_string_free(&f->args.argument);
  fixture_list_tuple2_string_string_free(&f->args.resolved);
  task_done(f->t);
}

void forward_complete(task *t, request_context *ctx, wasi_mcp_types_completion_ref_t *ref, fixture_tuple2_string_string_t *argument,
                      fixture_list_tuple2_string_string_t *resolved) {
  complete_call *f = task_alloc(t, sizeof *f);
  f->t = t;
  f->args = (wasi_mcp_server_complete_args_t){*ctx, *ref, *argument, *resolved};
  AWAIT(t, wasi_mcp_server_complete(&f->args, &f->res), completed, f);
}

// ---------------------------------------------------------------------------
// call-tool and read-resource: the tool call or read in flight is the next
// aspect's; its handles become the caller's.

SAME_LAYOUT(exports_wasi_mcp_streaming_result_tool_call_error_t, wasi_mcp_streaming_result_tool_call_error_t);
SAME_LAYOUT(exports_wasi_mcp_streaming_result_read_outcome_error_t, wasi_mcp_streaming_result_read_outcome_error_t);

typedef struct {
  task *t;
  wasi_mcp_streaming_call_tool_args_t args;
  wasi_mcp_streaming_result_tool_call_error_t res;
} call_tool_call;

static void tool_returned(void *p, uint32_t code) {
  (void)code;
  call_tool_call *f = p;
  exports_wasi_mcp_streaming_result_tool_call_error_t r;
  memcpy(&r, &f->res, sizeof r);
  exports_wasi_mcp_streaming_call_tool_return(r);
  wasi_mcp_streaming_result_tool_call_error_free(&f->res);
  wasi_mcp_types_request_context_free(&f->args.context);
  fixture_string_free(&f->args.name);
  fixture_string_free(&f->args.arguments);
  wasi_mcp_streaming_option_retry_free(&f->args.retry);
  task_done(f->t);
}

void forward_call_tool(task *t, request_context *ctx, str *name, str *arguments, wasi_mcp_types_retry_t *retry, cancel_future cancel) {
  call_tool_call *f = task_alloc(t, sizeof *f);
  f->t = t;
  f->args = (wasi_mcp_streaming_call_tool_args_t){*ctx, *name, *arguments, streaming_retry(retry), passed_cancel(cancel)};
  AWAIT(t, wasi_mcp_streaming_call_tool(&f->args, &f->res), tool_returned, f);
}

typedef struct {
  task *t;
  wasi_mcp_streaming_read_resource_args_t args;
  wasi_mcp_streaming_result_read_outcome_error_t res;
} read_call;

static void read_returned(void *p, uint32_t code) {
  (void)code;
  read_call *f = p;
  exports_wasi_mcp_streaming_result_read_outcome_error_t r;
  memcpy(&r, &f->res, sizeof r);
  exports_wasi_mcp_streaming_read_resource_return(r);
  wasi_mcp_streaming_result_read_outcome_error_free(&f->res);
  wasi_mcp_types_request_context_free(&f->args.context);
  fixture_string_free(&f->args.uri);
  wasi_mcp_streaming_option_retry_free(&f->args.retry);
  task_done(f->t);
}

void forward_read_resource(task *t, request_context *ctx, str *uri, wasi_mcp_types_retry_t *retry, cancel_future cancel) {
  read_call *f = task_alloc(t, sizeof *f);
  f->t = t;
  f->args = (wasi_mcp_streaming_read_resource_args_t){*ctx, *uri, streaming_retry(retry), passed_cancel(cancel)};
  AWAIT(t, wasi_mcp_streaming_read_resource(&f->args, &f->res), read_returned, f);
}
