// The static table of the prompts.
#include "catalog.h"

#include <string.h>

#define S(x) {(uint8_t *)(x), sizeof(x) - 1}
#define OS(x) {true, S(x)}
#define NO {false, {0}}

static const wasi_mcp_types_prompt_argument_t GREET_ARGS[] = {
    {S("name"), OS("Name"), OS("Who to greet."), true},
    {S("style"), OS("Style"), OS("How to greet (default: plain)."), false},
};

#define PROMPT(name, title, description) {S(name), OS(title), OS(description), {NULL, 0}, NO}

static const prompt_config PROMPTS[] = {
    PROMPT("plain", "Plain", "A prompt without arguments."),
    {S("greet"), OS("Greet"), OS("Asks to greet someone."), {(wasi_mcp_types_prompt_argument_t *)GREET_ARGS, 2}, NO},
    PROMPT("rich", "Rich", "Messages with media and an embedded resource."),
    PROMPT("guarded", "Guarded", "Asks the user for a topic first (elicitation)."),
};
#define N_PROMPTS (sizeof PROMPTS / sizeof PROMPTS[0])

static const prompt_config EXTRA_PROMPT = PROMPT("extra", "Extra", "Listed while toggled on by change {what: prompts}.");

static bool extra_prompt;

size_t catalog_prompts(const prompt_config **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < N_PROMPTS && n < max; i++) out[n++] = &PROMPTS[i];
  if (extra_prompt && n < max) out[n++] = &EXTRA_PROMPT;
  return n;
}

const prompt_config *catalog_prompt(str name) {
  const prompt_config *all[MAX_PROMPTS];
  size_t n = catalog_prompts(all, MAX_PROMPTS);
  for (size_t i = 0; i < n; i++)
    if (all[i]->name.len == name.len && memcmp(all[i]->name.ptr, name.ptr, name.len) == 0) return all[i];
  return NULL;
}

void catalog_toggle_extra_prompt(void) { extra_prompt = !extra_prompt; }
