// A small JSON reader and writer for the virtual host (no third-party code).
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// ---- reader ----

typedef struct {
  const char *start, *p, *end;
  json_status status;
  const char *msg;
  int depth;
} parser;

static void fail(parser *ps, json_status st, const char *msg) {
  if (ps->status != JSON_OK) return;
  ps->status = st;
  ps->msg = msg;
}

static void skip_ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static jval *new_val(parser *ps, jtype t) {
  jval *v = calloc(1, sizeof(jval));
  if (!v) {
    fail(ps, JSON_NOMEM, "out of memory");
    return NULL;
  }
  v->t = t;
  return v;
}

// Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0.
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (n < 2 || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < len; i++) {
    if (i >= n || (s[i] & 0xC0) != 0x80) return 0;
  }
  return len;
}

bool utf8_valid(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t l = utf8_seq(p + i, n - i);
    if (!l) return false;
    i += l;
  }
  return true;
}

static void put_utf8(sbuf *b, uint32_t c) {
  char t[4];
  size_t n;
  if (c < 0x80) {
    t[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    t[0] = (char)(0xC0 | (c >> 6));
    t[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    t[0] = (char)(0xE0 | (c >> 12));
    t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    t[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | (c >> 18));
    t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    t[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  sb_put(b, t, n);
}

static bool hex4(parser *ps, uint32_t *out) {
  if (ps->end - ps->p < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = ps->p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
    else return false;
  }
  ps->p += 4;
  *out = v;
  return true;
}

// Parses a string literal (ps->p at the opening quote) into b.
static bool parse_str(parser *ps, sbuf *b) {
  ps->p++;
  while (ps->p < ps->end) {
    unsigned char c = (unsigned char)*ps->p;
    if (c == '"') {
      ps->p++;
      sb_putc(b, 0);  // a terminator for convenience, not counted
      if (b->failed) {
        fail(ps, JSON_NOMEM, "out of memory");
        return false;
      }
      b->len--;
      return true;
    }
    if (c < 0x20) {
      fail(ps, JSON_INVALID, "control character in a string");
      return false;
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
          uint32_t u, lo;
          if (!hex4(ps, &u)) {
            fail(ps, JSON_INVALID, "bad \\u escape");
            return false;
          }
          if (u >= 0xDC00 && u < 0xE000) {
            fail(ps, JSON_INVALID, "lone low surrogate");
            return false;
          }
          if (u >= 0xD800 && u < 0xDC00) {
            if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
              fail(ps, JSON_INVALID, "lone high surrogate");
              return false;
            }
            ps->p += 2;
            if (!hex4(ps, &lo) || lo < 0xDC00 || lo >= 0xE000) {
              fail(ps, JSON_INVALID, "lone high surrogate");
              return false;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(b, u);
          break;
        }
        default:
          fail(ps, JSON_INVALID, "bad escape");
          return false;
      }
      continue;
    }
    size_t l = utf8_seq((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
    if (!l) {
      fail(ps, JSON_INVALID, "invalid UTF-8");
      return false;
    }
    sb_put(b, ps->p, l);
    ps->p += l;
  }
  fail(ps, JSON_INVALID, "unterminated string");
  return false;
}

static bool digits(parser *ps) {
  if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9')) return false;
  while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  return true;
}

static jval *parse_number(parser *ps) {
  const char *s = ps->p;
  if (*ps->p == '-') ps->p++;
  if (ps->p < ps->end && *ps->p == '0') {
    ps->p++;
  } else if (!digits(ps)) {
    goto bad;
  }
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (!digits(ps)) goto bad;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (!digits(ps)) goto bad;
  }
  {
    size_t n = (size_t)(ps->p - s);
    char small[64];
    char *t = n < sizeof small ? small : malloc(n + 1);
    if (!t) {
      fail(ps, JSON_NOMEM, "out of memory");
      return NULL;
    }
    memcpy(t, s, n);
    t[n] = 0;
    double d = strtod(t, NULL);
    if (t != small) free(t);
    jval *v = new_val(ps, J_NUM);
    if (v) v->num = d;
    return v;
  }
bad:
  fail(ps, JSON_INVALID, "bad number");
  return NULL;
}

static bool lit(parser *ps, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, w, n) == 0) {
    ps->p += n;
    return true;
  }
  return false;
}

static bool grow(parser *ps, jval *v, size_t *cap, bool obj) {
  if (v->n < *cap) return true;
  size_t c = *cap ? *cap * 2 : 4;
  if (c > SIZE_MAX / sizeof(void *) / 2) {
    fail(ps, JSON_NOMEM, "out of memory");
    return false;
  }
  jval **items = realloc(v->items, c * sizeof(jval *));
  if (items) v->items = items;
  if (obj && items) {
    char **keys = realloc(v->keys, c * sizeof(char *));
    if (keys) v->keys = keys;
    size_t *kl = keys ? realloc(v->klens, c * sizeof(size_t)) : NULL;
    if (kl) v->klens = kl;
    if (!keys || !kl) items = NULL;
  }
  if (!items) {
    fail(ps, JSON_NOMEM, "out of memory");
    return false;
  }
  *cap = c;
  return true;
}

static jval *parse_value(parser *ps);

static jval *parse_object(parser *ps) {
  jval *v = new_val(ps, J_OBJ);
  if (!v) return NULL;
  size_t cap = 0;
  ps->p++;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == '}') {
    ps->p++;
    return v;
  }
  for (;;) {
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != '"') {
      fail(ps, JSON_INVALID, "expected a string key");
      break;
    }
    sbuf k = {0};
    if (!parse_str(ps, &k)) {
      sb_free(&k);
      break;
    }
    if (!k.p) {
      fail(ps, JSON_NOMEM, "out of memory");
      break;
    }
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != ':') {
      sb_free(&k);
      fail(ps, JSON_INVALID, "expected ':'");
      break;
    }
    ps->p++;
    jval *item = parse_value(ps);
    if (!item || !grow(ps, v, &cap, true)) {
      sb_free(&k);
      json_free(item);
      break;
    }
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
      return v;
    }
    fail(ps, JSON_INVALID, "expected ',' or '}'");
    break;
  }
  json_free(v);
  return NULL;
}

static jval *parse_array(parser *ps) {
  jval *v = new_val(ps, J_ARR);
  if (!v) return NULL;
  size_t cap = 0;
  ps->p++;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == ']') {
    ps->p++;
    return v;
  }
  for (;;) {
    jval *item = parse_value(ps);
    if (!item || !grow(ps, v, &cap, false)) {
      json_free(item);
      break;
    }
    v->items[v->n++] = item;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ',') {
      ps->p++;
      continue;
    }
    if (ps->p < ps->end && *ps->p == ']') {
      ps->p++;
      return v;
    }
    fail(ps, JSON_INVALID, "expected ',' or ']'");
    break;
  }
  json_free(v);
  return NULL;
}

static jval *parse_value(parser *ps) {
  skip_ws(ps);
  if (ps->p >= ps->end) {
    fail(ps, JSON_INVALID, "unexpected end of input");
    return NULL;
  }
  char c = *ps->p;
  if (c == '{' || c == '[') {
    if (ps->depth >= JSON_MAX_DEPTH) {
      fail(ps, JSON_INVALID, "nesting too deep");
      return NULL;
    }
    ps->depth++;
    jval *v = c == '{' ? parse_object(ps) : parse_array(ps);
    ps->depth--;
    return v;
  }
  if (c == '"') {
    sbuf s = {0};
    if (!parse_str(ps, &s)) {
      sb_free(&s);
      return NULL;
    }
    jval *v = new_val(ps, J_STR);
    if (!v) {
      sb_free(&s);
      return NULL;
    }
    if (s.cap > s.len + 64) {
      char *trim = realloc(s.p, s.len + 1);  // long strings keep no doubling slack
      if (trim) s.p = trim;
    }
    v->s = s.p;
    v->slen = s.len;
    return v;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(ps);
  if (lit(ps, "true")) {
    jval *v = new_val(ps, J_BOOL);
    if (v) v->b = true;
    return v;
  }
  if (lit(ps, "false")) return new_val(ps, J_BOOL);
  if (lit(ps, "null")) return new_val(ps, J_NULL);
  fail(ps, JSON_INVALID, "unexpected character");
  return NULL;
}

jval *json_parse(const char *text, size_t len, json_error *err) {
  parser ps = {text, text, text + len, JSON_OK, NULL, 0};
  jval *v = parse_value(&ps);
  if (v) {
    skip_ws(&ps);
    if (ps.p != ps.end) {
      json_free(v);
      v = NULL;
      fail(&ps, JSON_INVALID, "unexpected data after the JSON value");
    }
  }
  if (!v && ps.status == JSON_OK) fail(&ps, JSON_INVALID, "invalid JSON");
  if (err) {
    err->status = v ? JSON_OK : ps.status;
    err->message = v ? NULL : ps.msg;
    err->offset = (size_t)(ps.p - ps.start);
  }
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

bool json_str_eq(const jval *v, const char *p, size_t n) {
  return v && v->t == J_STR && v->slen == n && (n == 0 || memcmp(v->s, p, n) == 0);
}

bool json_str_is(const jval *v, const char *s) { return json_str_eq(v, s, strlen(s)); }

bool json_is_int(const jval *v) {
  return v && v->t == J_NUM && isfinite(v->num) && floor(v->num) == v->num;
}

// ---- writer ----

bool sb_reserve(sbuf *b, size_t extra) {
  if (b->failed) return false;
  if (extra > SIZE_MAX / 4 || b->len > SIZE_MAX / 4) {
    b->failed = true;
    return false;
  }
  if (b->len + extra + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->failed = true;
      return false;
    }
    b->p = p;
    b->cap = cap;
  }
  return true;
}

void sb_putc(sbuf *b, char c) {
  if (!sb_reserve(b, 1)) return;
  b->p[b->len++] = c;
}

void sb_put(sbuf *b, const void *p, size_t n) {
  if (!n || !sb_reserve(b, n)) return;
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_free(sbuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->failed = false;
}

// Escapes one code point below 0x80 the way JSON.stringify does; false if it
// needs no escape.
static bool put_escape(sbuf *b, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  switch (c) {
    case '"': sb_put(b, "\\\"", 2); return true;
    case '\\': sb_put(b, "\\\\", 2); return true;
    case '\n': sb_put(b, "\\n", 2); return true;
    case '\r': sb_put(b, "\\r", 2); return true;
    case '\t': sb_put(b, "\\t", 2); return true;
    case '\b': sb_put(b, "\\b", 2); return true;
    case '\f': sb_put(b, "\\f", 2); return true;
    default:
      if (c < 0x20) {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        sb_put(b, e, 6);
        return true;
      }
      return false;
  }
}

// Length of the maximal subpart of an ill-formed sequence at s (WHATWG
// UTF-8 decoder: the bytes that one U+FFFD replaces), at least 1.
static size_t utf8_bad_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) need = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  size_t i = 1;
  if (i < n && s[i] >= lo && s[i] <= hi) {
    i++;
    while (i < need && i < n && (s[i] & 0xC0) == 0x80) i++;
  }
  return i;
}

void sb_jstr(sbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  sb_reserve(b, n + 2);
  sb_putc(b, '"');
  size_t i = 0;
  while (i < n && !b->failed) {
    unsigned char c = u[i];
    if (c < 0x80) {
      size_t j = i;
      while (j < n && u[j] < 0x80 && u[j] >= 0x20 && u[j] != '"' && u[j] != '\\') j++;
      if (j > i) {
        sb_put(b, u + i, j - i);
        i = j;
        continue;
      }
      put_escape(b, c);
      i++;
      continue;
    }
    size_t l = utf8_seq(u + i, n - i);
    if (l) {
      sb_put(b, u + i, l);
      i += l;
    } else {
      sb_put(b, "\xEF\xBF\xBD", 3);
      i += utf8_bad_len(u + i, n - i);
    }
  }
  sb_putc(b, '"');
}

void sb_jstrz(sbuf *b, const char *s) { sb_jstr(b, s, strlen(s)); }

void sb_jstr_latin1(sbuf *b, const uint8_t *s, size_t n) {
  sb_putc(b, '"');
  for (size_t i = 0; i < n && !b->failed; i++) {
    if (s[i] < 0x80) {
      if (!put_escape(b, s[i])) sb_putc(b, (char)s[i]);
    } else {
      put_utf8(b, s[i]);
    }
  }
  sb_putc(b, '"');
}

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

// The exact decimal digits of a finite positive double: d = 0.D × 10^point,
// D without leading or trailing zeros. A double is f × 2^e with f < 2^53,
// so D is the digits of f × 2^e (e ≥ 0) or of f × 5^-e shifted by -e places
// (e < 0): at most 767 significant digits, in base-1e9 limbs.
#define LIMBS 100
static int exact_digits(double d, char *out, int *point) {
  int e2;
  double m = frexp(d, &e2);  // d = m × 2^e2, 0.5 ≤ m < 1
  uint64_t f = (uint64_t)ldexp(m, 53);
  int e = e2 - 53;
  while (f && !(f & 1)) f >>= 1, e++;
  uint32_t l[LIMBS];
  int n = 0;
  while (f) l[n++] = (uint32_t)(f % 1000000000u), f /= 1000000000u;
  int times = e < 0 ? -e : e;
  while (times > 0) {
    int k = e < 0 ? (times > 13 ? 13 : times) : (times > 29 ? 29 : times);
    uint64_t mul = 1;
    for (int i = 0; i < k; i++) mul *= e < 0 ? 5 : 2;
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
      uint64_t v = (uint64_t)l[i] * mul + carry;
      l[i] = (uint32_t)(v % 1000000000u);
      carry = v / 1000000000u;
    }
    while (carry && n < LIMBS) l[n++] = (uint32_t)(carry % 1000000000u), carry /= 1000000000u;
    times -= k;
  }
  int len = 0;
  for (int i = n - 1; i >= 0; i--) {
    char t[9];
    uint32_t v = l[i];
    for (int k = 8; k >= 0; k--) t[k] = (char)('0' + v % 10), v /= 10;
    int s = 0;
    if (i == n - 1)
      while (s < 8 && t[s] == '0') s++;
    for (int k = s; k < 9; k++) out[len++] = t[k];
  }
  *point = len - (e < 0 ? -e : 0);
  if (e > 0) *point = len;
  while (len > 1 && out[len - 1] == '0') len--;
  return len;
}

// Whether the p digits t (value 0.t × 10^point) read back as d.
static bool reads_back(const char *t, int p, int point, double d) {
  char chk[48];
  int c = 0;
  chk[c++] = '.';
  for (int i = 0; i < p; i++) chk[c++] = t[i];
  chk[c++] = 'e';
  int ee = point;
  if (ee < 0) chk[c++] = '-', ee = -ee;
  char eb[8];
  int en = 0;
  do eb[en++] = (char)('0' + ee % 10), ee /= 10;
  while (ee);
  while (en) chk[c++] = eb[--en];
  chk[c] = 0;
  return strtod(chk, NULL) == d;
}

// Adds one unit in the last of p digits; false if it carried out (all nines).
static bool bump(char *t, int p) {
  for (int i = p - 1; i >= 0; i--) {
    if (t[i] != '9') {
      t[i]++;
      return true;
    }
    t[i] = '0';
  }
  return false;
}

// Shortest digits that read back as d (d finite, positive), as JavaScript's
// Number::toString picks them: the fewest significant digits that round-trip,
// the closest to d among them (ties to even), from d's exact expansion.
static void shortest_digits(double d, char *digits, int *ndigits, int *point) {
  static char exact[LIMBS * 9 + 1];
  int pt, len = exact_digits(d, exact, &pt);
  for (int p = 1; p <= 17; p++) {
    char lo[18], hi[18];
    int lo_pt = pt, hi_pt = pt;
    if (len <= p) {
      memcpy(digits, exact, (size_t)len);
      *ndigits = len;
      *point = pt;
      return;
    }
    memcpy(lo, exact, (size_t)p);  // truncated
    memcpy(hi, exact, (size_t)p);
    if (!bump(hi, p)) hi[0] = '1', hi_pt++;
    // nearest: compare the rest with one half unit
    int cmp = exact[p] > '5' ? 1 : exact[p] < '5' ? -1 : (len > p + 1 ? 1 : 0);
    bool up = cmp > 0 || (cmp == 0 && (lo[p - 1] - '0') % 2 == 1);
    const char *first = up ? hi : lo, *second = up ? lo : hi;
    int fpt = up ? hi_pt : lo_pt, spt = up ? lo_pt : hi_pt;
    const char *pick = NULL;
    int ppt = 0;
    if (reads_back(first, p, fpt, d)) pick = first, ppt = fpt;
    else if (reads_back(second, p, spt, d)) pick = second, ppt = spt;
    if (pick || p == 17) {
      if (!pick) pick = first, ppt = fpt;
      int n = p;
      while (n > 1 && pick[n - 1] == '0') n--;
      memcpy(digits, pick, (size_t)n);
      *ndigits = n;
      *point = ppt;
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
      sb_putc(b, '0');  // -0 too, as JSON.stringify writes it
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

void sb_base64(sbuf *b, const uint8_t *p, size_t n, bool pad) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (n > SIZE_MAX / 2 || !sb_reserve(b, (n + 2) / 3 * 4)) {
    b->failed = true;
    return;
  }
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
    if (pad) *o++ = '=', *o++ = '=';
  } else if (n - i == 2) {
    uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
    *o++ = tbl[v >> 18];
    *o++ = tbl[(v >> 12) & 63];
    *o++ = tbl[(v >> 6) & 63];
    if (pad) *o++ = '=';
  }
  b->len = (size_t)(o - b->p);
}
