// A small JSON reader and writer for the virtual host (no third-party code).
// Self-contained (libc and libm only) so that it also compiles natively, e.g.
// for a fuzzing harness. Strings carry their length: a decoded string may
// contain NUL bytes and must be compared with its length (json_str_is).
#ifndef VH_JSON_H
#define VH_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
  jtype t;
  bool b;
  double num;
  char *s;        // J_STR: decoded UTF-8, slen bytes (NUL-terminated for convenience only)
  size_t slen;
  size_t n;       // J_ARR/J_OBJ: number of items
  struct jval **items;
  char **keys;    // J_OBJ: decoded keys, klens[i] bytes each
  size_t *klens;
} jval;

/** Deepest nesting of arrays and objects the reader accepts. */
#define JSON_MAX_DEPTH 128

typedef enum { JSON_OK, JSON_INVALID, JSON_NOMEM } json_status;

typedef struct {
  json_status status;
  const char *message;  // static text saying what was wrong
  size_t offset;        // byte offset of the problem
} json_error;

/**
 * Parses one whole document (RFC 8259): invalid UTF-8, lone surrogates
 * (escaped or encoded), control characters in strings, nesting deeper than
 * JSON_MAX_DEPTH and trailing data are rejected. NULL on error; `err` (may be
 * NULL) says why, and JSON_NOMEM when memory ran out.
 */
jval *json_parse(const char *text, size_t len, json_error *err);
void json_free(jval *v);
/** The last member of an object named `key` (a NUL-free C string), or NULL. */
jval *json_get(const jval *obj, const char *key);
/** Whether v is a string equal to the NUL-free C string `s`. */
bool json_str_is(const jval *v, const char *s);
/** Whether v is a string of exactly these bytes. */
bool json_str_eq(const jval *v, const char *p, size_t n);
/** Whether v is a finite integral number. */
bool json_is_int(const jval *v);
/** Whether the bytes are valid UTF-8 (no surrogates, no overlongs). */
bool utf8_valid(const uint8_t *p, size_t n);

/**
 * A growable byte buffer. When an allocation fails the buffer is marked
 * `failed`, keeps what it had, and ignores every later write.
 */
typedef struct {
  char *p;
  size_t len, cap;
  bool failed;
} sbuf;

bool sb_reserve(sbuf *b, size_t extra);
void sb_putc(sbuf *b, char c);
void sb_put(sbuf *b, const void *p, size_t n);
void sb_puts(sbuf *b, const char *s);
/**
 * Writes a JSON string literal for UTF-8 bytes as JavaScript's JSON.stringify
 * would after decoding them with TextDecoder: ill-formed sequences become
 * U+FFFD (one per maximal subpart, as the WHATWG decoder does).
 */
void sb_jstr(sbuf *b, const char *s, size_t n);
void sb_jstrz(sbuf *b, const char *s);
/** Writes a JSON string literal of Latin-1 bytes (each byte one code point). */
void sb_jstr_latin1(sbuf *b, const uint8_t *s, size_t n);
/** Writes a number as JavaScript's JSON.stringify does (non-finite → null). */
void sb_num(sbuf *b, double d);
void sb_u64(sbuf *b, uint64_t v);
void sb_i64(sbuf *b, int64_t v);
/** Writes a parsed value compactly (members in their order). */
void sb_json(sbuf *b, const jval *v);
/** Writes standard base64 (with padding) of bytes. */
void sb_base64(sbuf *b, const uint8_t *p, size_t n, bool pad);
void sb_free(sbuf *b);

#endif
