// String helpers.
#include "guest.h"

#include <stdlib.h>
#include <string.h>

str cstr(const char *s) { return (str){(uint8_t *)s, strlen(s)}; }

bool str_is(str s, const char *c) { return s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0; }

bool str_starts(str s, const char *prefix) {
  size_t n = strlen(prefix);
  return s.len >= n && memcmp(s.ptr, prefix, n) == 0;
}

char *str_z(str s) {
  char *p = malloc(s.len + 1);
  if (!p) __builtin_trap();
  if (s.len) memcpy(p, s.ptr, s.len);
  p[s.len] = 0;
  return p;
}
