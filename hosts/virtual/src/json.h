// A small JSON reader and writer for the virtual host (no third-party code).
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
  char *s;        // J_STR: decoded UTF-8 (NUL-terminated, may contain NULs); J_NUM: raw text
  size_t slen;
  size_t n;       // J_ARR/J_OBJ: number of items
  struct jval **items;
  char **keys;    // J_OBJ: decoded keys (NUL-terminated)
  size_t *klens;
} jval;

/** Parses a whole document; NULL on error (*err gets a static message). */
jval *json_parse(const char *text, size_t len, const char **err);
void json_free(jval *v);
/** Member of an object by key, or NULL. */
jval *json_get(const jval *obj, const char *key);
/** Whether a number is an integer. */
bool json_is_int(const jval *v);

/** A growable byte buffer. */
typedef struct {
  char *p;
  size_t len, cap;
} sbuf;

void sb_reserve(sbuf *b, size_t extra);
void sb_putc(sbuf *b, char c);
void sb_put(sbuf *b, const void *p, size_t n);
void sb_puts(sbuf *b, const char *s);
/** Writes a JSON string literal for UTF-8 bytes (invalid sequences become U+FFFD). */
void sb_jstr(sbuf *b, const char *s, size_t n);
void sb_jstrz(sbuf *b, const char *s);
/** Writes a number as JavaScript's JSON.stringify does for finite doubles. */
void sb_num(sbuf *b, double d);
void sb_u64(sbuf *b, uint64_t v);
void sb_i64(sbuf *b, int64_t v);
/** Writes a parsed value compactly. */
void sb_json(sbuf *b, const jval *v);
/** Writes base64 of bytes. */
void sb_base64(sbuf *b, const uint8_t *p, size_t n);
void sb_free(sbuf *b);

#endif
