// Pages of a list: cursor "PREFIX:N", N the index of the page's first item
// (docs/fixtures.md, "Tools"); only cursors the list hands out are valid.
#ifndef ASPECT_PAGES_H
#define ASPECT_PAGES_H

#include "errors.h"
#include "task.h"

typedef struct {
  size_t start, end;  // items [start, end) of the page
  fixture_option_string_t next;
  bool bad;
} page;

/** The page of a list of `count` items in pages of `size` that `cursor` (or none) asks for. */
page paginate(task *t, const char *prefix, size_t count, size_t size, const str *cursor);
/** invalid-params for a cursor the list did not hand out. */
error bad_cursor(task *t, const str *cursor);
/** method-not-found for a list, read or completion this aspect does not own. */
error not_offered(task *t, const char *what);

#endif
