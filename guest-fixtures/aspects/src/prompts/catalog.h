// The prompts as list-prompts shows them (docs/fixtures.md, "Prompts"),
// with the `extra` prompt that `change {what: prompts}` toggles.
#ifndef ASPECT_PROMPTS_CATALOG_H
#define ASPECT_PROMPTS_CATALOG_H

#include "guest.h"

typedef wasi_mcp_types_prompt_config_t prompt_config;

#define MAX_PROMPTS 8

/** The current list (entries point into static tables). Returns the count. */
size_t catalog_prompts(const prompt_config **out, size_t max);
/** A listed prompt by name, or NULL. */
const prompt_config *catalog_prompt(str name);
/** Lists or unlists the `extra` prompt. */
void catalog_toggle_extra_prompt(void);

#endif
