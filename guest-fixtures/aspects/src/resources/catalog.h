// The resources and templates as their lists show them (docs/fixtures.md,
// "Resources"), with what `change` toggles and counts.
#ifndef ASPECT_RESOURCES_CATALOG_H
#define ASPECT_RESOURCES_CATALOG_H

#include "guest.h"

typedef wasi_mcp_types_resource_config_t resource_config;
typedef wasi_mcp_types_resource_template_config_t template_config;

#define MAX_RESOURCES 16

/** The current lists (entries point into static tables). Return the count. */
size_t catalog_resources(const resource_config **out, size_t max);
size_t catalog_templates(const template_config **out, size_t max);
/** A listed resource by uri, a template by its uri template, or NULL. */
const resource_config *catalog_resource(str uri);
const template_config *catalog_template(str uri_template);

/** Lists or unlists fixture://text/extra.txt. */
void catalog_toggle_extra_resource(void);
/** fixture://counter's count. */
extern uint64_t counter;

#endif
