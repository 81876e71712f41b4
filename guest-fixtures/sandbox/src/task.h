// Export calls as tasks: each has a waitable set and a handler per waitable
// it waits on; the export's callback runs the handler of each event.
#ifndef SB_TASK_H
#define SB_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "sandbox.h"

typedef struct task task;
/** Called once with the event's code; the waitable is no longer watched. */
typedef void (*on_event)(void *ctx, uint32_t code);

/** Starts the task of an export call. */
task *task_begin(void);
/** The end of a turn: WAIT for the next event, or EXIT once the task is done and waits on nothing. */
sandbox_callback_code_t task_turn(task *t);
/** The callback of every export. */
sandbox_callback_code_t task_event(sandbox_event_t *event);

/** Calls fn(ctx, code) on the next event of the stream or future end h. */
void task_watch(task *t, uint32_t h, on_event fn, void *ctx);
/**
 * Calls fn(ctx) once the subtask of an async import call has returned (at
 * once if it already has), then drops the subtask.
 */
void task_await(task *t, sandbox_subtask_status_t status, void (*fn)(void *ctx), void *ctx);
/** Nothing is left to do: the task exits once it waits on nothing. */
void task_done(task *t);

#endif
