// The `changes` export: every call opens a stream, and every change event
// goes to every stream still open (docs/fixtures.md, "Changes").
#ifndef ASPECT_CHANGES_H
#define ASPECT_CHANGES_H

#include "task.h"

/** Writes a change (a WASI_MCP_TYPES_CHANGE_* tag; uri for resource-updated) to every open stream. */
void changes_emit(uint8_t tag, str uri);

// What each aspect adds (an aspect with a next one merges the next one's
// events into its streams and records what it saw; the innermost, nothing).

/** A stream was opened, in task t (which lives as long as the stream). */
void changes_on_open(task *t);
/** A write found a stream's reader gone. */
void changes_on_close(void);
/** An event is being written to the open streams. */
void changes_on_event(uint8_t tag, str uri);

#endif
