// The fixture's tools, resources, templates and prompts as their lists
// show them (docs/fixtures.md), with the entries `change` toggles.
#ifndef FX_CATALOG_H
#define FX_CATALOG_H

#include "guest.h"

typedef wasi_mcp_types_tool_config_t tool_config;
typedef wasi_mcp_types_resource_config_t resource_config;
typedef wasi_mcp_types_resource_template_config_t template_config;
typedef wasi_mcp_types_prompt_config_t prompt_config;

/** The current list (entries point into static tables). Returns the count. */
size_t catalog_tools(const tool_config **out, size_t max);
size_t catalog_resources(const resource_config **out, size_t max);
size_t catalog_templates(const template_config **out, size_t max);
size_t catalog_prompts(const prompt_config **out, size_t max);

/** A listed tool, resource or prompt by name/uri, or NULL. */
const tool_config *catalog_tool(str name);
const resource_config *catalog_resource(str uri);
const prompt_config *catalog_prompt(str name);
const template_config *catalog_template(str uri_template);

/** The list entry of fixture://text/hello.txt (for links and embeds). */
extern const resource_config HELLO;

#define MAX_ITEMS 32

#endif
