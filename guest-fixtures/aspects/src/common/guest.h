// What every part of an aspect shares: the generated bindings (every
// aspect's world is renamed `aspect` by the build, so one set of names
// serves all three), string helpers and the literals of records.
#ifndef ASPECT_GUEST_H
#define ASPECT_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"
#include "json.h"

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

#endif
