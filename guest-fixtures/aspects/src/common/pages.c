// Cursors of the paginated lists.
#include "pages.h"

#include <stdlib.h>
#include <string.h>

page paginate(task *t, const char *prefix, size_t count, size_t size, const str *cursor) {
  page p = {0, 0, NONE_STR, false};
  if (cursor) {
    size_t plen = strlen(prefix), n = 0;
    bool ok = cursor->len > plen + 1 && memcmp(cursor->ptr, prefix, plen) == 0 && cursor->ptr[plen] == ':';
    const uint8_t *d = cursor->ptr + plen + 1;
    size_t dlen = ok ? cursor->len - plen - 1 : 0;
    if (ok && (dlen > 9 || d[0] == '0')) ok = false;  // canonical decimals only
    for (size_t i = 0; ok && i < dlen; i++) {
      if (d[i] < '0' || d[i] > '9') ok = false;
      else n = n * 10 + (size_t)(d[i] - '0');
    }
    // Only cursors the list hands out are valid: N > 0 starts a later page.
    if (!ok || n == 0 || n % size != 0 || n >= count) {
      p.bad = true;
      return p;
    }
    p.start = n;
  }
  p.end = p.start + size < count ? p.start + size : count;
  if (p.end < count) {
    char tmp[32];
    size_t plen = strlen(prefix);
    memcpy(tmp, prefix, plen);
    tmp[plen] = ':';
    size_t k = plen + 1, v = p.end, digits = 1;
    for (size_t x = v; x >= 10; x /= 10) digits++;
    for (size_t i = digits; i-- > 0; v /= 10) tmp[k + i] = (char)('0' + v % 10);
    p.next = (fixture_option_string_t){true, task_str(t, tmp, k + digits)};
  }
  return p;
}

error bad_cursor(task *t, const str *cursor) {
  return fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "invalid cursor", "cursor", *cursor);
}

error not_offered(task *t, const char *what) {
  buf m = {0};
  bputs(&m, "this server offers no ");
  bputs(&m, what);
  error e = fail_with(t, WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND, m.p);
  free(m.p);
  return e;
}
