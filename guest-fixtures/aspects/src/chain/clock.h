// The monotonic clock of the aspects that wait or time what they observe
// (tools: `slow`; resources: slow reads).
#ifndef ASPECT_CLOCK_H
#define ASPECT_CLOCK_H

#include "task.h"

/** Milliseconds of the monotonic clock since an arbitrary start. */
double now_ms(void);
/**
 * Waits ms milliseconds, then calls fn(ctx, 0). Returns 0 if the time had
 * already passed (fn is not called), else a handle for task_abandon.
 */
uint32_t clock_sleep(task *t, uint64_t ms, on_event fn, void *ctx);

#endif
