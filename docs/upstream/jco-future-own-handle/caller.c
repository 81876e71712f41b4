// caller: a wasi:cli@0.3.0 command whose `run` calls `open` (async-lowered),
// reads the own<session> out of the future it returns, and returns ok if the
// session's `name` is "s1", err otherwise.
#include <string.h>
#include "caller.h"

static caller_waitable_set_t set;
static local_repro_opener_future_own_session_t reader;
static local_repro_opener_own_session_t session;

static caller_callback_code_t finish(bool ok) {
  caller_waitable_set_drop(set);
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){.is_err = !ok});
  return CALLER_CALLBACK_CODE_EXIT;
}

// The future was read: check the session, then drop it.
static caller_callback_code_t got_session(void) {
  local_repro_opener_future_own_session_drop_readable(reader);
  caller_string_t name;
  local_repro_opener_method_session_name(local_repro_opener_borrow_session(session), &name);
  bool ok = name.len == 2 && memcmp(name.ptr, "s1", 2) == 0;
  caller_string_free(&name);
  local_repro_opener_session_drop_own(session);
  return finish(ok);
}

// `open` returned the future: start reading it.
static caller_callback_code_t opened(void) {
  caller_waitable_status_t s = local_repro_opener_future_own_session_read(reader, &session);
  if (s == CALLER_WAITABLE_STATUS_BLOCKED) {
    caller_waitable_join(reader, set);
    return CALLER_CALLBACK_CODE_WAIT(set);
  }
  if (CALLER_WAITABLE_STATE(s) != CALLER_WAITABLE_COMPLETED) return finish(false);
  return got_session();
}

caller_callback_code_t exports_wasi_cli_run_run(void) {
  set = caller_waitable_set_new();
  caller_subtask_status_t s = local_repro_opener_open(&reader);
  if (CALLER_SUBTASK_STATE(s) == CALLER_SUBTASK_RETURNED) return opened();
  caller_waitable_join(CALLER_SUBTASK_HANDLE(s), set);
  return CALLER_CALLBACK_CODE_WAIT(set);
}

caller_callback_code_t exports_wasi_cli_run_run_callback(caller_event_t *event) {
  caller_waitable_join(event->waitable, 0);
  if (event->event == CALLER_EVENT_SUBTASK && CALLER_SUBTASK_STATE(event->code) == CALLER_SUBTASK_RETURNED) {
    caller_subtask_drop(event->waitable);
    return opened();
  }
  if (event->event == CALLER_EVENT_FUTURE_READ) {
    if (CALLER_WAITABLE_STATE(event->code) != CALLER_WAITABLE_COMPLETED) return finish(false);
    return got_session();
  }
  caller_waitable_join(event->waitable, set);
  return CALLER_CALLBACK_CODE_WAIT(set);
}
