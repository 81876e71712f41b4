// JSON values for the C fixture: a reader for tool arguments, client
// capabilities and retry responses, and a writer for schemas, structured
// content and observations. libc only.
#ifndef ASPECT_JSON_H
#define ASPECT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { JNULL, JBOOL, JNUM, JSTR, JARR, JOBJ } jkind;

typedef struct jv {
  jkind k;
  bool b;
  double n;
  char *s;  // JSTR: decoded UTF-8 (may contain NUL), slen bytes, NUL-terminated
  size_t slen;
  size_t len;       // JARR/JOBJ: item count
  struct jv **item; // JARR/JOBJ: values
  char **key;       // JOBJ: member names (NUL-terminated)
  size_t *klen;
} jv;

/** Parses one JSON document; NULL when it is not valid JSON. */
jv *jparse(const char *text, size_t len);
void jfree(jv *v);
/** The last member named `name` of an object (NULL if v is no object or has none). */
jv *jget(const jv *v, const char *name);
/** Whether v is a string equal to the C string s. */
bool jis(const jv *v, const char *s);

/** A growable output buffer; on allocation failure the component traps. */
typedef struct {
  char *p;
  size_t len, cap;
} buf;

void bput(buf *b, const void *p, size_t n);
void bputs(buf *b, const char *s);
void bputc(buf *b, char c);
/** A JSON string literal of n bytes of UTF-8. */
void bstr(buf *b, const char *s, size_t n);
void bstrz(buf *b, const char *s);
/** A number as JavaScript's JSON.stringify writes it (non-finite: null). */
void bnum(buf *b, double d);
/** An unsigned integer in decimal. */
void bu64(buf *b, uint64_t v);
/** A parsed value, compactly. */
void bjson(buf *b, const jv *v);
/** The buffer as a NUL-terminated string the caller owns (the buffer is reset). */
char *btake(buf *b, size_t *len);

#endif
