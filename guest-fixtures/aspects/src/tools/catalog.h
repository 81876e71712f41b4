// The tools as list-tools shows them (docs/fixtures.md, "Tools"), with the
// `extra` tool that `change {what: tools}` toggles.
#ifndef ASPECT_TOOLS_CATALOG_H
#define ASPECT_TOOLS_CATALOG_H

#include "guest.h"

typedef wasi_mcp_types_tool_config_t tool_config;

#define MAX_TOOLS 32

/** The current list (entries point into static tables). Returns the count. */
size_t catalog_tools(const tool_config **out, size_t max);
/** A listed tool by name, or NULL. */
const tool_config *catalog_tool(str name);
/** Lists or unlists the `extra` tool. */
void catalog_toggle_extra_tool(void);

#endif
