// caller: a wasi:cli@0.3.0 command whose `run` has two calls in flight, both
// async-lowered and started in its first slice: a 60 s `wait-for` on
// wasi:clocks/monotonic-clock@0.3.0, then `boom`. `boom` traps, which must end
// the command at once. If `run` is resumed anyway, it returns ok as soon as
// either call returns.
#include "caller.h"

#define OTHER_WAIT_S 60

static caller_waitable_set_t set;
static uint32_t result;

static caller_callback_code_t finish(void) {
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){.is_err = false});
  return CALLER_CALLBACK_CODE_EXIT;
}

// Waits for `s` unless it has already returned.
static void track(caller_subtask_status_t s) {
  if (CALLER_SUBTASK_STATE(s) != CALLER_SUBTASK_RETURNED)
    caller_waitable_join(CALLER_SUBTASK_HANDLE(s), set);
}

caller_callback_code_t exports_wasi_cli_run_run(void) {
  set = caller_waitable_set_new();
  track(wasi_clocks_monotonic_clock_wait_for((uint64_t)OTHER_WAIT_S * 1000000000u));
  caller_subtask_status_t s = local_repro_boom_boom(&result);
  if (CALLER_SUBTASK_STATE(s) == CALLER_SUBTASK_RETURNED) return finish();
  track(s);
  return CALLER_CALLBACK_CODE_WAIT(set);
}

caller_callback_code_t exports_wasi_cli_run_run_callback(caller_event_t *event) {
  if (event->event == CALLER_EVENT_SUBTASK && CALLER_SUBTASK_STATE(event->code) == CALLER_SUBTASK_RETURNED)
    return finish();
  return CALLER_CALLBACK_CODE_WAIT(set);
}
