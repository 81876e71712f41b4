// The `changes` export and the fan-out of change events to every stream
// still open (docs/fixtures.md, "Changes").
#ifndef FX_CHANGES_H
#define FX_CHANGES_H

#include "guest.h"

/** Writes a change (a WASI_MCP_TYPES_CHANGE_* tag; uri for resource-updated) to every open stream. */
void changes_emit(uint8_t tag, str uri);

#endif
