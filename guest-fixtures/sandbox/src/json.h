// A growing byte buffer and the JSON text the probe report is written as.
#ifndef SB_JSON_H
#define SB_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *p;
  size_t n, cap;
} buf;

void bput(buf *b, const void *p, size_t n);
void bputs(buf *b, const char *s);
void bputc(buf *b, char c);
/** A JSON string of the n bytes at s (UTF-8 passed through, controls escaped). */
void bstr(buf *b, const void *s, size_t n);
/** A JSON string of the C string s. */
void bstrz(buf *b, const char *s);

#endif
