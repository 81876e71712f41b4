// JSON reader and writer of the C fixture (RFC 8259; numbers written as
// JavaScript writes them, so that structured content reads the same from
// either fixture).
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

static void *must(void *p) {
  if (!p) __builtin_trap();  // a fixture without memory has nothing sensible left to do
  return p;
}

// ---- output buffer ----

void bput(buf *b, const void *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) cap *= 2;
    b->p = must(realloc(b->p, cap));
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, p, n);
  b->len += n;
  b->p[b->len] = 0;
}

void bputs(buf *b, const char *s) { bput(b, s, strlen(s)); }
void bputc(buf *b, char c) { bput(b, &c, 1); }

char *btake(buf *b, size_t *len) {
  if (!b->p) bput(b, "", 0);
  char *p = b->p;
  if (len) *len = b->len;
  *b = (buf){0};
  return p;
}

void bstr(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  bputc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': bputs(b, "\\\""); break;
      case '\\': bputs(b, "\\\\"); break;
      case '\b': bputs(b, "\\b"); break;
      case '\f': bputs(b, "\\f"); break;
      case '\n': bputs(b, "\\n"); break;
      case '\r': bputs(b, "\\r"); break;
      case '\t': bputs(b, "\\t"); break;
      default:
        if (c < 0x20) {
          char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
          bput(b, e, 6);
        } else {
          bputc(b, (char)c);
        }
    }
  }
  bputc(b, '"');
}

void bstrz(buf *b, const char *s) { bstr(b, s, strlen(s)); }

// The exact decimal digits of a finite d > 0 (a double is m * 2^e, so its
// decimal expansion ends): digits without leading zeros into `out` (up to
// 800), returning their count; *point is the position of the decimal point
// relative to the first digit.
static int exact_digits(double d, char *out, int *point) {
  int e2;
  double m = frexp(d, &e2);  // d = m * 2^e2, 0.5 <= m < 1
  uint64_t mant = (uint64_t)ldexp(m, 53);
  e2 -= 53;
  // A big number in base 1e9, least significant limb first.
  uint32_t limb[130] = {(uint32_t)(mant % 1000000000u), (uint32_t)(mant / 1000000000u % 1000000000u), (uint32_t)(mant / 1000000000000000000u)};
  int n = 3, frac = 0;  // frac: decimal digits after the point
  while (e2 > 0) {  // multiply by 2
    uint32_t carry = 0;
    for (int i = 0; i < n; i++) {
      uint64_t v = (uint64_t)limb[i] * 2 + carry;
      limb[i] = (uint32_t)(v % 1000000000u);
      carry = (uint32_t)(v / 1000000000u);
    }
    if (carry) limb[n++] = carry;
    e2--;
  }
  while (e2 < 0) {  // m * 2^-k = m * 5^k / 10^k
    uint32_t carry = 0;
    for (int i = 0; i < n; i++) {
      uint64_t v = (uint64_t)limb[i] * 5 + carry;
      limb[i] = (uint32_t)(v % 1000000000u);
      carry = (uint32_t)(v / 1000000000u);
    }
    if (carry) limb[n++] = carry;
    frac++;
    e2++;
  }
  char all[1200];
  int len = 0;
  for (int i = n; i-- > 0;) {
    uint32_t v = limb[i];
    for (int k = 8; k >= 0; k--) {
      all[len + k] = (char)('0' + v % 10);
      v /= 10;
    }
    len += 9;
  }
  int first = 0;
  while (first < len - 1 && all[first] == '0') first++;
  int count = len - first;
  *point = count - frac;
  while (count > 1 && all[first + count - 1] == '0') count--;
  memcpy(out, all + first, (size_t)count);
  return count;
}

// Shortest decimal digits that read back as d (d finite, > 0), rounded as
// the exact value is: digits in `digits`, the decimal exponent of the first
// digit in *exp10.
static int shortest(double d, char digits[24], int *exp10) {
  char ex[800];
  int point, n = exact_digits(d, ex, &point);
  for (int prec = 1; prec <= 17; prec++) {
    int k = prec < n ? prec : n, pt = point;
    memcpy(digits, ex, (size_t)k);
    if (prec < n) {
      // round half to even on the exact expansion
      bool up = ex[prec] > '5';
      if (ex[prec] == '5') {
        bool rest = false;
        for (int i = prec + 1; i < n; i++) rest |= ex[i] != '0';
        up = rest || ((digits[k - 1] - '0') & 1);
      }
      for (int i = k - 1; up && i >= 0; i--) {
        if (digits[i] == '9') {
          digits[i] = '0';
          if (i == 0) {
            memmove(digits + 1, digits, (size_t)k);
            digits[0] = '1';
            pt++;
          }
        } else {
          digits[i]++;
          up = false;
        }
      }
    }
    while (k > 1 && digits[k - 1] == '0') k--;
    char text[40];
    int t = 0;
    text[t++] = '0';
    text[t++] = '.';
    memcpy(text + t, digits, (size_t)k);
    t += k;
    text[t++] = 'e';
    int e = pt;
    if (e < 0) {
      text[t++] = '-';
      e = -e;
    }
    char rev[8];
    int r = 0;
    do rev[r++] = (char)('0' + e % 10), e /= 10;
    while (e);
    while (r) text[t++] = rev[--r];
    text[t] = 0;
    if (strtod(text, NULL) == d || prec == 17) {
      digits[k] = 0;
      *exp10 = pt - 1;
      return k;
    }
  }
  return 0;  // not reached: 17 digits always read back
}

void bu64(buf *b, uint64_t v) {
  char t[24];
  int n = 0;
  do t[n++] = (char)('0' + v % 10), v /= 10;
  while (v);
  while (n) bputc(b, t[--n]);
}

void bnum(buf *b, double d) {
  if (!isfinite(d)) {
    bputs(b, "null");
    return;
  }
  if (d == 0) {
    bputc(b, '0');
    return;
  }
  if (d < 0) {
    bputc(b, '-');
    d = -d;
  }
  char dg[24];
  int e;
  int k = shortest(d, dg, &e);
  int n = e + 1;  // position of the decimal point (ECMAScript Number::toString)
  if (k <= n && n <= 21) {
    bput(b, dg, (size_t)k);
    for (int i = k; i < n; i++) bputc(b, '0');
  } else if (0 < n && n <= 21) {
    bput(b, dg, (size_t)n);
    bputc(b, '.');
    bput(b, dg + n, (size_t)(k - n));
  } else if (-6 < n && n <= 0) {
    bputs(b, "0.");
    for (int i = 0; i < -n; i++) bputc(b, '0');
    bput(b, dg, (size_t)k);
  } else {
    bputc(b, dg[0]);
    if (k > 1) {
      bputc(b, '.');
      bput(b, dg + 1, (size_t)(k - 1));
    }
    bputc(b, 'e');
    bputc(b, n - 1 >= 0 ? '+' : '-');
    bu64(b, (uint64_t)abs(n - 1));
  }
}

void bjson(buf *b, const jv *v) {
  if (!v) {
    bputs(b, "null");
    return;
  }
  switch (v->k) {
    case JNULL: bputs(b, "null"); break;
    case JBOOL: bputs(b, v->b ? "true" : "false"); break;
    case JNUM: bnum(b, v->n); break;
    case JSTR: bstr(b, v->s, v->slen); break;
    case JARR:
      bputc(b, '[');
      for (size_t i = 0; i < v->len; i++) {
        if (i) bputc(b, ',');
        bjson(b, v->item[i]);
      }
      bputc(b, ']');
      break;
    case JOBJ:
      bputc(b, '{');
      for (size_t i = 0; i < v->len; i++) {
        if (i) bputc(b, ',');
        bstr(b, v->key[i], v->klen[i]);
        bputc(b, ':');
        bjson(b, v->item[i]);
      }
      bputc(b, '}');
      break;
  }
}

// ---- reader ----

typedef struct {
  const char *p, *end;
  bool bad;
} rd;

static void ws(rd *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static jv *node(jkind k) {
  jv *v = must(calloc(1, sizeof(jv)));
  v->k = k;
  return v;
}

static bool lit(rd *r, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0) return false;
  r->p += n;
  return true;
}

static int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool u4(rd *r, uint32_t *out) {
  if (r->end - r->p < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexv(r->p[i]);
    if (h < 0) return false;
    v = v << 4 | (uint32_t)h;
  }
  r->p += 4;
  *out = v;
  return true;
}

static void utf8(buf *b, uint32_t c) {
  char t[4];
  size_t n;
  if (c < 0x80) {
    t[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    t[0] = (char)(0xC0 | c >> 6);
    t[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    t[0] = (char)(0xE0 | c >> 12);
    t[1] = (char)(0x80 | (c >> 6 & 0x3F));
    t[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | c >> 18);
    t[1] = (char)(0x80 | (c >> 12 & 0x3F));
    t[2] = (char)(0x80 | (c >> 6 & 0x3F));
    t[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  bput(b, t, n);
}

// A string literal at r->p (the opening quote) → decoded bytes.
static bool str(rd *r, char **out, size_t *outlen) {
  buf b = {0};
  r->p++;
  while (r->p < r->end) {
    unsigned char c = (unsigned char)*r->p;
    if (c == '"') {
      r->p++;
      *out = btake(&b, outlen);
      return true;
    }
    if (c < 0x20) break;
    if (c != '\\') {
      bputc(&b, (char)c);
      r->p++;
      continue;
    }
    r->p++;
    if (r->p >= r->end) break;
    char e = *r->p++;
    uint32_t cp;
    switch (e) {
      case '"': bputc(&b, '"'); break;
      case '\\': bputc(&b, '\\'); break;
      case '/': bputc(&b, '/'); break;
      case 'b': bputc(&b, '\b'); break;
      case 'f': bputc(&b, '\f'); break;
      case 'n': bputc(&b, '\n'); break;
      case 'r': bputc(&b, '\r'); break;
      case 't': bputc(&b, '\t'); break;
      case 'u':
        if (!u4(r, &cp)) goto fail;
        if (cp >= 0xD800 && cp < 0xDC00) {
          uint32_t lo;
          const char *save = r->p;
          if (r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' && (r->p += 2, u4(r, &lo)) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            r->p = save;
            cp = 0xFFFD;  // a lone surrogate has no UTF-8 form
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        utf8(&b, cp);
        break;
      default: goto fail;
    }
  }
fail:
  free(b.p);
  return false;
}

static jv *val(rd *r, int depth);

static jv *num(rd *r) {
  const char *s = r->p;
  if (r->p < r->end && *r->p == '-') r->p++;
  if (r->p >= r->end) return NULL;
  if (*r->p == '0') {
    r->p++;
  } else if (*r->p >= '1' && *r->p <= '9') {
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  } else {
    return NULL;
  }
  if (r->p < r->end && *r->p == '.') {
    r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return NULL;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
    r->p++;
    if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return NULL;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  }
  size_t n = (size_t)(r->p - s);
  char *tmp = must(malloc(n + 1));
  memcpy(tmp, s, n);
  tmp[n] = 0;
  jv *v = node(JNUM);
  v->n = strtod(tmp, NULL);
  free(tmp);
  return v;
}

static void push(jv *v, jv *item, char *key, size_t klen) {
  if ((v->len & (v->len - 1)) == 0) {  // grow at powers of two
    size_t cap = v->len ? v->len * 2 : 1;
    v->item = must(realloc(v->item, cap * sizeof(jv *)));
    if (v->k == JOBJ) {
      v->key = must(realloc(v->key, cap * sizeof(char *)));
      v->klen = must(realloc(v->klen, cap * sizeof(size_t)));
    }
  }
  v->item[v->len] = item;
  if (v->k == JOBJ) {
    v->key[v->len] = key;
    v->klen[v->len] = klen;
  }
  v->len++;
}

static jv *compound(rd *r, int depth, bool obj) {
  jv *v = node(obj ? JOBJ : JARR);
  r->p++;
  ws(r);
  if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
    r->p++;
    return v;
  }
  for (;;) {
    char *key = NULL;
    size_t klen = 0;
    ws(r);
    if (obj) {
      if (r->p >= r->end || *r->p != '"' || !str(r, &key, &klen)) break;
      ws(r);
      if (r->p >= r->end || *r->p != ':') {
        free(key);
        break;
      }
      r->p++;
    }
    jv *item = val(r, depth + 1);
    if (!item) {
      free(key);
      break;
    }
    push(v, item, key, klen);
    ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
      r->p++;
      return v;
    }
    break;
  }
  jfree(v);
  return NULL;
}

static jv *val(rd *r, int depth) {
  if (depth > MAX_DEPTH) return NULL;
  ws(r);
  if (r->p >= r->end) return NULL;
  switch (*r->p) {
    case '{': return compound(r, depth, true);
    case '[': return compound(r, depth, false);
    case '"': {
      jv *v = node(JSTR);
      if (!str(r, &v->s, &v->slen)) {
        free(v);
        return NULL;
      }
      return v;
    }
    case 't':
    case 'f': {
      bool t = *r->p == 't';
      if (!lit(r, t ? "true" : "false")) return NULL;
      jv *v = node(JBOOL);
      v->b = t;
      return v;
    }
    case 'n':
      if (!lit(r, "null")) return NULL;
      return node(JNULL);
    default: return num(r);
  }
}

jv *jparse(const char *text, size_t len) {
  rd r = {text, text + len, false};
  jv *v = val(&r, 0);
  if (!v) return NULL;
  ws(&r);
  if (r.p != r.end) {
    jfree(v);
    return NULL;
  }
  return v;
}

void jfree(jv *v) {
  if (!v) return;
  for (size_t i = 0; i < v->len; i++) {
    jfree(v->item[i]);
    if (v->key) free(v->key[i]);
  }
  free(v->item);
  free(v->key);
  free(v->klen);
  free(v->s);
  free(v);
}

jv *jget(const jv *v, const char *name) {
  if (!v || v->k != JOBJ) return NULL;
  size_t n = strlen(name);
  for (size_t i = v->len; i-- > 0;)
    if (v->klen[i] == n && memcmp(v->key[i], name, n) == 0) return v->item[i];
  return NULL;
}

bool jis(const jv *v, const char *s) {
  return v && v->k == JSTR && v->slen == strlen(s) && memcmp(v->s, s, v->slen) == 0;
}
