// A small JSON reader and writer for the virtual host (no third-party code).
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *p, *end;
  const char *err;
  int depth;
} parser;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) __builtin_trap();
  return p;
}

static void *xrealloc(void *q, size_t n) {
  void *p = realloc(q, n ? n : 1);
  if (!p) __builtin_trap();
  return p;
}

static void skip_ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static jval *new_val(jtype t) {
  jval *v = xmalloc(sizeof(jval));
  memset(v, 0, sizeof(*v));
  v->t = t;
  return v;
}

static void put_utf8(sbuf *b, uint32_t c) {
  if (c < 0x80) {
    sb_putc(b, (char)c);
  } else if (c < 0x800) {
    sb_putc(b, (char)(0xC0 | (c >> 6)));
    sb_putc(b, (char)(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    sb_putc(b, (char)(0xE0 | (c >> 12)));
    sb_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
    sb_putc(b, (char)(0x80 | (c & 0x3F)));
  } else {
    sb_putc(b, (char)(0xF0 | (c >> 18)));
    sb_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
    sb_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
    sb_putc(b, (char)(0x80 | (c & 0x3F)));
  }
}

static int hex4(parser *ps, uint32_t *out) {
  if (ps->end - ps->p < 4) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = ps->p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
    else return 0;
  }
  ps->p += 4;
  *out = v;
  return 1;
}

// Parses a string literal (ps->p at the opening quote) into b.
static int parse_str(parser *ps, sbuf *b) {
  ps->p++;
  while (ps->p < ps->end) {
    unsigned char c = (unsigned char)*ps->p;
    if (c == '"') {
      ps->p++;
      sb_putc(b, 0);
      b->len--;
      return 1;
    }
    if (c < 0x20) {
      ps->err = "control character in string";
      return 0;
    }
    if (c == '\\') {
      ps->p++;
      if (ps->p >= ps->end) break;
      char e = *ps->p++;
      switch (e) {
        case '"': sb_putc(b, '"'); break;
        case '\\': sb_putc(b, '\\'); break;
        case '/': sb_putc(b, '/'); break;
        case 'b': sb_putc(b, '\b'); break;
        case 'f': sb_putc(b, '\f'); break;
        case 'n': sb_putc(b, '\n'); break;
        case 'r': sb_putc(b, '\r'); break;
        case 't': sb_putc(b, '\t'); break;
        case 'u': {
          uint32_t u;
          if (!hex4(ps, &u)) {
            ps->err = "bad \\u escape";
            return 0;
          }
          if (u >= 0xD800 && u < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
            parser save = *ps;
            ps->p += 2;
            uint32_t lo;
            if (hex4(ps, &lo) && lo >= 0xDC00 && lo < 0xE000) {
              u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              *ps = save;
              u = 0xFFFD;
            }
          } else if (u >= 0xD800 && u < 0xE000) {
            u = 0xFFFD;
          }
          put_utf8(b, u);
          break;
        }
        default:
          ps->err = "bad escape";
          return 0;
      }
      continue;
    }
    sb_putc(b, (char)c);
    ps->p++;
  }
  ps->err = "unterminated string";
  return 0;
}

static jval *parse_value(parser *ps);

static jval *parse_number(parser *ps) {
  const char *s = ps->p;
  if (ps->p < ps->end && *ps->p == '-') ps->p++;
  if (ps->p >= ps->end) goto bad;
  if (*ps->p == '0') {
    ps->p++;
  } else if (*ps->p >= '1' && *ps->p <= '9') {
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  } else {
    goto bad;
  }
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9')) goto bad;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9')) goto bad;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  {
    jval *v = new_val(J_NUM);
    v->slen = (size_t)(ps->p - s);
    v->s = xmalloc(v->slen + 1);
    memcpy(v->s, s, v->slen);
    v->s[v->slen] = 0;
    v->num = strtod(v->s, NULL);
    return v;
  }
bad:
  ps->err = "bad number";
  return NULL;
}

static int lit(parser *ps, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, w, n) == 0) {
    ps->p += n;
    return 1;
  }
  return 0;
}

static jval *parse_value(parser *ps) {
  skip_ws(ps);
  if (ps->p >= ps->end) {
    ps->err = "unexpected end of input";
    return NULL;
  }
  if (++ps->depth > 400) {
    ps->err = "nesting too deep";
    return NULL;
  }
  jval *v = NULL;
  char c = *ps->p;
  if (c == '{') {
    ps->p++;
    v = new_val(J_OBJ);
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
      ps->p++;
      goto done;
    }
    for (;;) {
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != '"') {
        ps->err = "expected a string key";
        goto fail;
      }
      sbuf k = {0};
      if (!parse_str(ps, &k)) {
        sb_free(&k);
        goto fail;
      }
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != ':') {
        sb_free(&k);
        ps->err = "expected ':'";
        goto fail;
      }
      ps->p++;
      jval *item = parse_value(ps);
      if (!item) {
        sb_free(&k);
        goto fail;
      }
      if (v->n == cap) {
        cap = cap ? cap * 2 : 4;
        v->items = xrealloc(v->items, cap * sizeof(jval *));
        v->keys = xrealloc(v->keys, cap * sizeof(char *));
        v->klens = xrealloc(v->klens, cap * sizeof(size_t));
      }
      if (!k.p) sb_putc(&k, 0), k.len = 0;
      v->items[v->n] = item;
      v->keys[v->n] = k.p;
      v->klens[v->n] = k.len;
      v->n++;
      skip_ws(ps);
      if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        continue;
      }
      if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        goto done;
      }
      ps->err = "expected ',' or '}'";
      goto fail;
    }
  } else if (c == '[') {
    ps->p++;
    v = new_val(J_ARR);
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
      ps->p++;
      goto done;
    }
    for (;;) {
      jval *item = parse_value(ps);
      if (!item) goto fail;
      if (v->n == cap) {
        cap = cap ? cap * 2 : 4;
        v->items = xrealloc(v->items, cap * sizeof(jval *));
      }
      v->items[v->n++] = item;
      skip_ws(ps);
      if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        continue;
      }
      if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        goto done;
      }
      ps->err = "expected ',' or ']'";
      goto fail;
    }
  } else if (c == '"') {
    sbuf s = {0};
    if (!parse_str(ps, &s)) {
      sb_free(&s);
      return NULL;
    }
    if (!s.p) sb_putc(&s, 0), s.len = 0;
    v = new_val(J_STR);
    v->s = s.p;
    v->slen = s.len;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    v = parse_number(ps);
    if (!v) return NULL;
  } else if (lit(ps, "true")) {
    v = new_val(J_BOOL);
    v->b = true;
  } else if (lit(ps, "false")) {
    v = new_val(J_BOOL);
  } else if (lit(ps, "null")) {
    v = new_val(J_NULL);
  } else {
    ps->err = "unexpected character";
    return NULL;
  }
done:
  ps->depth--;
  return v;
fail:
  json_free(v);
  return NULL;
}

jval *json_parse(const char *text, size_t len, const char **err) {
  parser ps = {text, text + len, NULL, 0};
  jval *v = parse_value(&ps);
  if (v) {
    skip_ws(&ps);
    if (ps.p != ps.end) {
      json_free(v);
      v = NULL;
      ps.err = "unexpected data after the JSON value";
    }
  }
  if (!v && err) *err = ps.err ? ps.err : "invalid JSON";
  return v;
}

void json_free(jval *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    json_free(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->klens);
  free(v->s);
  free(v);
}

jval *json_get(const jval *obj, const char *key) {
  if (!obj || obj->t != J_OBJ) return NULL;
  size_t kl = strlen(key);
  for (size_t i = obj->n; i-- > 0;) {
    if (obj->klens[i] == kl && memcmp(obj->keys[i], key, kl) == 0) return obj->items[i];
  }
  return NULL;
}

bool json_is_int(const jval *v) {
  return v && v->t == J_NUM && isfinite(v->num) && floor(v->num) == v->num;
}

// ---- writer ----

void sb_reserve(sbuf *b, size_t extra) {
  if (b->len + extra + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
  }
}

void sb_putc(sbuf *b, char c) {
  sb_reserve(b, 1);
  b->p[b->len++] = c;
}

void sb_put(sbuf *b, const void *p, size_t n) {
  if (!n) return;
  sb_reserve(b, n);
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_free(sbuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

// Length of a valid UTF-8 sequence at s (max n bytes), or 0.
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  uint32_t min, cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) len = 2, min = 0x80, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000, cp = c & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return 0;
  return len;
}

void sb_jstr(sbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  sb_reserve(b, n + 2);
  sb_putc(b, '"');
  size_t i = 0;
  while (i < n) {
    unsigned char c = u[i];
    if (c == '"') sb_put(b, "\\\"", 2), i++;
    else if (c == '\\') sb_put(b, "\\\\", 2), i++;
    else if (c == '\n') sb_put(b, "\\n", 2), i++;
    else if (c == '\r') sb_put(b, "\\r", 2), i++;
    else if (c == '\t') sb_put(b, "\\t", 2), i++;
    else if (c == '\b') sb_put(b, "\\b", 2), i++;
    else if (c == '\f') sb_put(b, "\\f", 2), i++;
    else if (c < 0x20) {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      sb_put(b, e, 6);
      i++;
    } else if (c < 0x80) {
      sb_putc(b, (char)c);
      i++;
    } else {
      size_t l = utf8_seq(u + i, n - i);
      if (l) {
        sb_put(b, u + i, l);
        i += l;
      } else {
        sb_put(b, "\xEF\xBF\xBD", 3);
        i++;
      }
    }
  }
  sb_putc(b, '"');
}

void sb_jstrz(sbuf *b, const char *s) { sb_jstr(b, s, strlen(s)); }

void sb_u64(sbuf *b, uint64_t v) {
  char t[24];
  int i = 23;
  t[i] = 0;
  do {
    t[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  sb_puts(b, t + i);
}

void sb_i64(sbuf *b, int64_t v) {
  if (v < 0) {
    sb_putc(b, '-');
    sb_u64(b, (uint64_t)0 - (uint64_t)v);
  } else {
    sb_u64(b, (uint64_t)v);
  }
}

// Shortest digits that read back as d (d finite, positive): at most 17
// significant digits, computed with long double scaling (no stdio).
static void shortest_digits(double d, char *digits, int *ndigits, int *point) {
  int e10 = (int)floor(log10(d));
  for (int p = 1; p <= 17; p++) {
    int shift = p - 1 - e10;
    long double x = (long double)d;
    long double ten = 10.0L;
    int s = shift < 0 ? -shift : shift;
    long double scale = 1.0L;
    while (s) {
      if (s & 1) scale *= ten;
      ten *= ten;
      s >>= 1;
    }
    x = shift < 0 ? x / scale : x * scale;
    uint64_t m = (uint64_t)(x + 0.5L);
    int e = e10;
    uint64_t lim = 1;
    for (int i = 0; i < p; i++) lim *= 10;
    if (m >= lim) {
      m = (m + 5) / 10;
      e++;
    }
    char t[24];
    int n = 0;
    for (int i = p - 1; i >= 0; i--) {
      t[i] = (char)('0' + m % 10);
      m /= 10;
    }
    n = p;
    while (n > 1 && t[n - 1] == '0') n--;
    // check: digits * 10^(e - n + 1)
    char chk[48];
    int c = 0;
    for (int i = 0; i < n; i++) {
      chk[c++] = t[i];
      if (i == 0 && n > 1) chk[c++] = '.';
    }
    chk[c++] = 'e';
    int ee = e;
    if (ee < 0) chk[c++] = '-', ee = -ee;
    char eb[8];
    int en = 0;
    do {
      eb[en++] = (char)('0' + ee % 10);
      ee /= 10;
    } while (ee);
    while (en) chk[c++] = eb[--en];
    chk[c] = 0;
    if (strtod(chk, NULL) == d || p == 17) {
      memcpy(digits, t, (size_t)n);
      *ndigits = n;
      *point = e + 1;
      return;
    }
  }
}

void sb_num(sbuf *b, double d) {
  if (!isfinite(d)) {
    sb_puts(b, "null");
    return;
  }
  if (d == floor(d) && fabs(d) < 9007199254740992.0) {
    if (d == 0) {
      sb_putc(b, '0');
      return;
    }
    sb_i64(b, (int64_t)d);
    return;
  }
  if (d < 0) {
    sb_putc(b, '-');
    d = -d;
  }
  char t[24];
  int k, n;
  shortest_digits(d, t, &k, &n);
  // JavaScript's Number::toString
  if (k <= n && n <= 21) {
    sb_put(b, t, (size_t)k);
    for (int i = k; i < n; i++) sb_putc(b, '0');
  } else if (0 < n && n <= 21) {
    sb_put(b, t, (size_t)n);
    sb_putc(b, '.');
    sb_put(b, t + n, (size_t)(k - n));
  } else if (-6 < n && n <= 0) {
    sb_puts(b, "0.");
    for (int i = 0; i < -n; i++) sb_putc(b, '0');
    sb_put(b, t, (size_t)k);
  } else {
    sb_putc(b, t[0]);
    if (k > 1) {
      sb_putc(b, '.');
      sb_put(b, t + 1, (size_t)(k - 1));
    }
    sb_putc(b, 'e');
    sb_putc(b, n - 1 < 0 ? '-' : '+');
    sb_i64(b, n - 1 < 0 ? -(n - 1) : n - 1);
  }
}

void sb_json(sbuf *b, const jval *v) {
  switch (v->t) {
    case J_NULL: sb_puts(b, "null"); break;
    case J_BOOL: sb_puts(b, v->b ? "true" : "false"); break;
    case J_NUM: sb_num(b, v->num); break;
    case J_STR: sb_jstr(b, v->s, v->slen); break;
    case J_ARR:
      sb_putc(b, '[');
      for (size_t i = 0; i < v->n; i++) {
        if (i) sb_putc(b, ',');
        sb_json(b, v->items[i]);
      }
      sb_putc(b, ']');
      break;
    case J_OBJ:
      sb_putc(b, '{');
      for (size_t i = 0; i < v->n; i++) {
        if (i) sb_putc(b, ',');
        sb_jstr(b, v->keys[i], v->klens[i]);
        sb_putc(b, ':');
        sb_json(b, v->items[i]);
      }
      sb_putc(b, '}');
      break;
  }
}

void sb_base64(sbuf *b, const uint8_t *p, size_t n) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  sb_reserve(b, (n + 2) / 3 * 4);
  size_t i = 0;
  char *o = b->p + b->len;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) | p[i + 2];
    *o++ = tbl[v >> 18];
    *o++ = tbl[(v >> 12) & 63];
    *o++ = tbl[(v >> 6) & 63];
    *o++ = tbl[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)p[i] << 16;
    *o++ = tbl[v >> 18];
    *o++ = tbl[(v >> 12) & 63];
    *o++ = '=';
    *o++ = '=';
  } else if (n - i == 2) {
    uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
    *o++ = tbl[v >> 18];
    *o++ = tbl[(v >> 12) & 63];
    *o++ = tbl[(v >> 6) & 63];
    *o++ = '=';
  }
  b->len = (size_t)(o - b->p);
}
