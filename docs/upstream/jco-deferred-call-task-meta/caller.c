// caller: a wasi:cli@0.3.0 command whose `run` starts two calls of
// `work(ms, label)` back to back (async-lowered, in the same slice) and returns
// ok once both have returned `ms`, err otherwise.
#include "caller.h"

#define MS 20

typedef struct {
  caller_waitable_set_t set;
  uint32_t result[2];
  int pending;
  bool bad;
} state_t;

static state_t st;

static void finish(void) {
  caller_waitable_set_drop(st.set);
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){.is_err = st.bad});
}

caller_callback_code_t exports_wasi_cli_run_run(void) {
  st.set = caller_waitable_set_new();
  for (int i = 0; i < 2; i++) {
    caller_subtask_status_t s = local_repro_work_work(MS, (caller_string_t){(uint8_t *)"x", 1}, &st.result[i]);
    if (CALLER_SUBTASK_STATE(s) == CALLER_SUBTASK_RETURNED) {
      st.bad |= st.result[i] != MS;
      continue;
    }
    st.pending++;
    caller_waitable_join(CALLER_SUBTASK_HANDLE(s), st.set);
  }
  if (st.pending == 0) {
    finish();
    return CALLER_CALLBACK_CODE_EXIT;
  }
  return CALLER_CALLBACK_CODE_WAIT(st.set);
}

caller_callback_code_t exports_wasi_cli_run_run_callback(caller_event_t *event) {
  if (event->event == CALLER_EVENT_SUBTASK && CALLER_SUBTASK_STATE(event->code) == CALLER_SUBTASK_RETURNED) {
    caller_waitable_join(event->waitable, 0);
    caller_subtask_drop(event->waitable);
    if (--st.pending == 0) {
      st.bad |= st.result[0] != MS || st.result[1] != MS;
      finish();
      return CALLER_CALLBACK_CODE_EXIT;
    }
  }
  return CALLER_CALLBACK_CODE_WAIT(st.set);
}
