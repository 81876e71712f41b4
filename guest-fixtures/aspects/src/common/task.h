// An aspect's tasks: every export is lifted async with a callback, and each
// call is a task with its own waitable set, a table from waitable to
// handler, and memory released when the task exits. A task may keep running
// after it has returned its result (return-then-continue), and may wait for
// subtasks: calls of the next aspect and clock waits.
#ifndef ASPECT_TASK_H
#define ASPECT_TASK_H

#include "guest.h"

typedef struct task task;
/** Called with the event's code when a watched waitable has an event. */
typedef void (*on_event)(void *ctx, uint32_t code);

/** Starts the task of an export call (first thing an export does). */
task *task_begin(void);
/** The end of a turn: WAIT on the task's set, or EXIT once it is done. */
fixture_callback_code_t task_turn(task *t);
/** The callback of every export: runs the handler of the event's waitable. */
fixture_callback_code_t task_event(fixture_event_t *event);

/** Calls fn(ctx, code) on the next event of waitable h. */
void task_watch(task *t, uint32_t h, on_event fn, void *ctx);
void task_unwatch(task *t, uint32_t h);
/** Nothing is left to do: the task exits at the end of this turn. */
void task_done(task *t);

/**
 * Follows a subtask from the status its async call gave. Returns 0 when the
 * call has already returned (fn is not called), else the subtask's handle;
 * fn(ctx, 0) runs once the subtask has returned (it is dropped first).
 */
uint32_t task_await(task *t, fixture_subtask_status_t status, on_event fn, void *ctx);
/** Abandons a subtask that has not returned (task_await's handle). */
void task_abandon(task *t, uint32_t h);

/** Memory that lives as long as the task. */
void *task_alloc(task *t, size_t n);
/** Frees p when the task ends. */
void *task_keep(task *t, void *p);
str task_str(task *t, const char *p, size_t n);
/** The text of a JSON buffer, kept until the task ends. */
str task_buf(task *t, buf *b);

#endif
