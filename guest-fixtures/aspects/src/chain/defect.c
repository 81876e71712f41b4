// WASI_MCP_FIXTURE_DEFECT, read once from the environment.
#include "defect.h"

#include <string.h>

#include "guest.h"

// In the order of defect_t; the names of docs/fixtures.md's table.
static const char *const NAMES[DEFECT_COUNT] = {
    "list-own-items-only",
    "describe-answered-alone",
    "capabilities-replaced",
    "template-reads-passed-on",
    "template-completion-passed-on",
    "change-answered-alone",
    "cancel-not-passed-on",
    "retry-not-passed-on",
    "inner-changes-dropped",
    "observations-answered-alone",
    "unknown-observations-passed-on",
    "inner-cursors-tagged",
    "inner-cursors-dropped",
};

enum { UNREAD = -3, UNKNOWN = -2, NONE = -1 };
static int chosen = UNREAD;

static int choose(void) {
  fixture_list_tuple2_string_string_t env;
  wasi_cli_environment_get_environment(&env);
  int found = NONE;
  for (size_t i = 0; i < env.len; i++) {
    if (!str_is(env.ptr[i].f0, "WASI_MCP_FIXTURE_DEFECT")) continue;
    str value = env.ptr[i].f1;
    found = str_is(value, "none") ? NONE : UNKNOWN;
    for (int d = 0; d < DEFECT_COUNT; d++)
      if (str_is(value, NAMES[d])) found = d;
  }
  fixture_list_tuple2_string_string_free(&env);
  return found;
}

static int current(void) {
  if (chosen == UNREAD) chosen = choose();
  return chosen;
}

bool defect(defect_t d) { return current() == (int)d; }

bool defect_unknown(void) { return current() == UNKNOWN; }
