// What every part of the C fixture shares: the generated bindings, the
// profile switch, string helpers and the fixture's mutable state.
#ifndef FX_GUEST_H
#define FX_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"
#include "json.h"

#ifdef PROFILE_MINIMAL
#define MINIMAL true
#else
#define MINIMAL false
#endif

typedef fixture_string_t str;
typedef wasi_mcp_types_request_context_t request_context;

/** A string of a literal (static memory; the runtime copies what it lifts). */
#define LIT(s) ((str){(uint8_t *)(s), sizeof(s) - 1})
#define SOME(s) ((fixture_option_string_t){true, LIT(s)})
#define NONE_STR ((fixture_option_string_t){false, {0}})
#define SOME_JSON(s) ((wasi_mcp_types_option_json_t){true, LIT(s)})

/** A string viewing the C string s (not copied). */
str cstr(const char *s);
/** Whether s holds exactly the bytes of the C string c. */
bool str_is(str s, const char *c);
/** Whether s starts with the C string prefix. */
bool str_starts(str s, const char *prefix);
/** A NUL-terminated copy of s (malloc). */
char *str_z(str s);

/** What `change` toggles and counts (docs/fixtures.md, "Changes"). */
typedef struct {
  bool extra_tool, extra_prompt, extra_resource;
  uint64_t counter;
} fixture_state;
extern fixture_state state;

/** Milliseconds of the monotonic clock since an arbitrary start. */
double now_ms(void);

#endif
