// Clock reads and waits (a wait is a subtask of the calling task).
#include "clock.h"

double now_ms(void) { return (double)wasi_clocks_monotonic_clock_now() / 1e6; }

uint32_t clock_sleep(task *t, uint64_t ms, on_event fn, void *ctx) {
  return task_await(t, wasi_clocks_monotonic_clock_wait_for(ms * 1000000ull), fn, ctx);
}
