// callee: exports `work(ms, label)`, an async (callback-lifted) function that
// waits `ms` on wasi:clocks/monotonic-clock@0.3.0 `wait-for` and returns `ms`.
// Its first slice calls the async-lowered `wait-for` and then returns WAIT.
#include "callee.h"

static uint32_t work_ms;  // one value is enough: both calls pass the same ms

callee_callback_code_t exports_local_repro_work_work(uint32_t ms, callee_string_t *label) {
  callee_string_free(label);
  work_ms = ms;
  callee_subtask_status_t st = wasi_clocks_monotonic_clock_wait_for((uint64_t)ms * 1000000u);
  if (CALLEE_SUBTASK_STATE(st) == CALLEE_SUBTASK_RETURNED) {
    exports_local_repro_work_work_return(ms);
    return CALLEE_CALLBACK_CODE_EXIT;
  }
  callee_waitable_set_t set = callee_waitable_set_new();
  callee_waitable_join(CALLEE_SUBTASK_HANDLE(st), set);
  callee_context_set_0((void *)(uintptr_t)set);
  return CALLEE_CALLBACK_CODE_WAIT(set);
}

callee_callback_code_t exports_local_repro_work_work_callback(callee_event_t *event) {
  callee_waitable_set_t set = (callee_waitable_set_t)(uintptr_t)callee_context_get_0();
  if (event->event != CALLEE_EVENT_SUBTASK || CALLEE_SUBTASK_STATE(event->code) != CALLEE_SUBTASK_RETURNED)
    return CALLEE_CALLBACK_CODE_WAIT(set);
  callee_waitable_join(event->waitable, 0);
  callee_subtask_drop(event->waitable);
  callee_waitable_set_drop(set);
  exports_local_repro_work_work_return(work_ms);
  return CALLEE_CALLBACK_CODE_EXIT;
}
