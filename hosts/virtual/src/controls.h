// Legal variations of what the host writes and how it reads (the
// `control-*` entries of defects.c): each gives the same messages in another
// form MCP and docs/targets.md allow, so a case that fails under one is
// over-strict.
#ifndef VH_CONTROLS_H
#define VH_CONTROLS_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/** Rewrites one outgoing message (JSON text, no newline) as the active control varies it. */
void control_vary(sbuf *msg);
/** How long every message waits before it is written, in nanoseconds (0: not at all). */
uint64_t control_delay_ns(void);
/** The most bytes of a resource body read at once, given the host's own limit. */
size_t control_body_read(size_t limit);
/** The most items of an events or changes stream read at once, given the buffer's size. */
size_t control_items_read(size_t buffer);
/** The message of an error the host makes up (not a component's), as it goes on the wire. */
void control_host_message(sbuf *b, const char *message, size_t len);

#endif
