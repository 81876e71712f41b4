// The `slow` tool (docs/fixtures.md, "Tools" and "Observations").
#ifndef ASPECT_SLOW_H
#define ASPECT_SLOW_H

#include "call.h"

/** Runs slow with its arguments on an open call; it finishes the call itself. */
void slow_tool(call *c, const jv *args);

#endif
