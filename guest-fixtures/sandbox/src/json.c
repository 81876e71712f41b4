// The JSON writer: only strings need care (quotes, backslashes, controls).
#include "json.h"

#include <stdlib.h>
#include <string.h>

void bput(buf *b, const void *p, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p) __builtin_trap();
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->n, p, n);
  b->n += n;
  b->p[b->n] = 0;
}

void bputs(buf *b, const char *s) { bput(b, s, strlen(s)); }

void bputc(buf *b, char c) { bput(b, &c, 1); }

void bstr(buf *b, const void *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const uint8_t *p = s;
  bputc(b, '"');
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (c == '"' || c == '\\') {
      bputc(b, '\\');
      bputc(b, (char)c);
    } else if (c < 0x20) {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      bput(b, e, 6);
    } else {
      bputc(b, (char)c);
    }
  }
  bputc(b, '"');
}

void bstrz(buf *b, const char *s) { bstr(b, s, strlen(s)); }
