// wasi:mcp/streaming read-resource of the resources aspect: the listed
// resources and the four templates of docs/fixtures.md ("Resources"). The
// read returns its body stream and end future at once and keeps writing
// after that. A uri it does not own goes to the next aspect.
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "catalog.h"
#include "clock.h"
#include "data.h"
#include "defect.h"
#include "errors.h"
#include "forward.h"
#include "roundtrip.h"

#define TEXT WASI_MCP_TYPES_BODY_KIND_TEXT
#define BLOB WASI_MCP_TYPES_BODY_KIND_BLOB
#define KIB 1024u
#define MIB (1024u * 1024u)

typedef exports_wasi_mcp_streaming_result_read_outcome_error_t read_outcome;
typedef exports_wasi_mcp_streaming_option_cache_hint_t cache_opt;

static const cache_opt NO_CACHE = {false, {0, 0}};
static cache_opt hint(uint64_t ttl, wasi_mcp_types_cache_scope_t scope) { return (cache_opt){true, {ttl, scope}}; }

static void reject(task *t, exports_wasi_mcp_streaming_future_string_t cancel, error e) {
  read_outcome r = {.is_err = true, .val.err = e};
  exports_wasi_mcp_streaming_read_resource_return(r);
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  task_done(t);
}

// ---------------------------------------------------------------------------
// Bodies written in pieces: a fixed text, a generated pattern, a failing read.

typedef struct {
  body *b;
  const uint8_t *data;  // fixed bytes, or NULL for the i % 251 pattern
  uint64_t total, offset;
  size_t piece;
  uint8_t *scratch;  // the generated piece in flight
  const wasi_mcp_types_error_t *error;  // resolves end with this after the bytes
  bool stopped;
} pieces;

static void pieces_run(pieces *p);

static void piece_written(body *b) {
  pieces_run(b->user);
}

static void pieces_run(pieces *p) {
  body *b = p->b;
  while (!p->stopped && p->offset < p->total) {
    size_t n = p->total - p->offset < p->piece ? (size_t)(p->total - p->offset) : p->piece;
    const uint8_t *src = p->data ? p->data + p->offset : p->scratch;
    if (!p->data) fill_pattern(p->scratch, p->offset, n);
    p->offset += n;
    emit_status s = body_write(b, src, n, piece_written);
    if (s == EMIT_PENDING) return;
    if (s == EMIT_GONE) break;
  }
  if (!p->stopped) body_finish(b, p->error);
}

/** The end's error when a read stops at a cancellation. */
static const error *cancelled_read(task *t) {
  error *e = task_alloc(t, sizeof(error));
  *e = fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, "the read was cancelled");
  return e;
}

// Every read heeds its cancel future (streaming.wit): it stops writing at once.
static void pieces_cancelled(body *b) {
  pieces *p = b->user;
  if (p->stopped) return;
  p->stopped = true;
  b->cut = true;
  body_finish(b, cancelled_read(b->t));
}

static void write_pieces(body *b, const uint8_t *data, uint64_t total, size_t piece, const wasi_mcp_types_error_t *error) {
  pieces *p = task_alloc(b->t, sizeof(pieces));
  *p = (pieces){b, data, total, 0, piece ? piece : 1, NULL, error, false};
  if (!data) p->scratch = task_alloc(b->t, p->piece);
  b->user = p;
  body_watch_cancel(b, pieces_cancelled);
  pieces_run(p);
}

static void write_text(body *b, str text) { write_pieces(b, text.ptr, text.len, text.len, NULL); }

// ---------------------------------------------------------------------------
// fixture://slow/{label}: a tick every 100 ms, 100 times, until cancelled.

#define TICKS 100
#define TICK_MS 100

typedef struct {
  body *b;
  cancel_record *rec;
  uint64_t ticks;
  uint32_t sleep;
  bool stopped;
} ticker;

static void tick_run(ticker *k);

static void tick_stop(ticker *k, const char *via, const char *reason, size_t rlen) {
  k->stopped = true;
  observe_cancelled(k->rec, via, reason, rlen);
  if (k->sleep) {
    task_abandon(k->b->t, k->sleep);
    k->sleep = 0;
  }
  k->b->cut = true;
  body_finish(k->b, cancelled_read(k->b->t));
}

static void tick_cancelled(body *b) {
  ticker *k = b->user;
  if (!k->stopped) tick_stop(k, "cancel-future", (const char *)b->reason.ptr, b->reason.len);
}

// After a tick's write: the tick counts once the host took it; false when a
// dropped body stops the read.
static bool ticked(ticker *k) {
  if (k->b->gone) {
    tick_stop(k, "stream-dropped", NULL, 0);
    return false;
  }
  k->ticks++;
  k->rec->steps = k->ticks;
  return true;
}

static void tick_written(body *b) {
  ticker *k = b->user;
  if (ticked(k)) tick_run(k);
}

static emit_status tick(ticker *k) { return body_write(k->b, (const uint8_t *)"tick\n", 5, tick_written); }

static void tick_woke(void *ctx, uint32_t code) {
  (void)code;
  ticker *k = ctx;
  k->sleep = 0;
  if (tick(k) == EMIT_PENDING) return;
  if (ticked(k)) tick_run(k);
}

static void tick_run(ticker *k) {
  while (!k->stopped) {
    if (k->ticks == TICKS) {
      k->stopped = true;
      observe_completed(k->rec);
      body_finish(k->b, NULL);
      return;
    }
    k->sleep = clock_sleep(k->b->t, TICK_MS, tick_woke, k);
    if (k->sleep) return;
    if (tick(k) == EMIT_PENDING || !ticked(k)) return;
  }
}

static void write_ticks(body *b, str label) {
  ticker *k = task_alloc(b->t, sizeof(ticker));
  k->b = b;
  k->rec = observe_cancellation(label);
  b->user = k;
  body_watch_cancel(b, tick_cancelled);
  tick_run(k);
}

// ---------------------------------------------------------------------------
// Templates: "PREFIX{a}" or "PREFIX{a}/{b}" with non-empty segments.

static int hexval(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool utf8_ok(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint8_t c = s[i];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || i + len > n) return false;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (len > 1 && (s[i + 1] < lo || s[i + 1] > hi)) return false;
    for (size_t k = 2; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/** Percent-decodes s into task memory; false when an escape is malformed or the result is not UTF-8. */
static bool decode(task *t, str s, str *out) {
  uint8_t *d = task_alloc(t, s.len + 1);
  size_t n = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] != '%') {
      d[n++] = s.ptr[i];
      continue;
    }
    if (i + 2 >= s.len) return false;
    int hi = hexval(s.ptr[i + 1]), lo = hexval(s.ptr[i + 2]);
    if (hi < 0 || lo < 0) return false;
    d[n++] = (uint8_t)(hi << 4 | lo);
    i += 2;
  }
  *out = (str){d, n};
  return utf8_ok(d, n);
}

/** Splits uri after prefix into `count` non-empty segments without '/', '?' or '#'. */
static bool segments(str uri, const char *prefix, str *seg, size_t count) {
  if (!str_starts(uri, prefix)) return false;
  size_t i = strlen(prefix);
  for (size_t k = 0; k < count; k++) {
    size_t start = i;
    while (i < uri.len && uri.ptr[i] != '/') {
      if (uri.ptr[i] == '?' || uri.ptr[i] == '#') return false;  // a query or fragment is no parameter
      i++;
    }
    if (i == start) return false;
    seg[k] = (str){uri.ptr + start, i - start};
    if (k + 1 < count) {
      if (i == uri.len) return false;
      i++;
    }
  }
  return i == uri.len;
}

/** A decimal of at most 8 digits. */
static bool decimal(str s, uint64_t *out) {
  if (!s.len || s.len > 8) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9') return false;
    v = v * 10 + (uint64_t)(s.ptr[i] - '0');
  }
  *out = v;
  return true;
}

// ---------------------------------------------------------------------------
// read-resource

static error bad_parameters(task *t, str uri) {
  return fail_named(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "the uri's parameters do not fit the template", "uri", uri);
}

static void gated(task *t, str uri, str name, const retry *r, exports_wasi_mcp_streaming_future_string_t cancel) {
  buf s = {0};
  bputs(&s, "gated:");
  bput(&s, name.ptr, name.len);
  str state_text = task_buf(t, &s);
  if (!r) {
    read_outcome o = {.is_err = false};
    o.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_READ_OUTCOME_INPUT_REQUIRED;
    o.val.ok.val.input_required = ask_state(t, (const char *)state_text.ptr);
    exports_wasi_mcp_streaming_read_resource_return(o);
    exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
    task_done(t);
    return;
  }
  if (!r->request_state.is_some || r->request_state.val.len != state_text.len ||
      memcmp(r->request_state.val.ptr, state_text.ptr, state_text.len) != 0) {
    reject(t, cancel, fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "requestState does not verify"));
    return;
  }
  buf text = {0};
  bputs(&text, "opened ");
  bput(&text, name.ptr, name.len);
  write_text(body_open(t, uri, "text/plain", TEXT, NO_CACHE, cancel), task_buf(t, &text));
}

enum { GREETING, SIZED, SLOW, GATED, N_FORMS };
static const struct {
  const char *prefix;
  size_t params;
} FORMS[N_FORMS] = {
    [GREETING] = {"fixture://greeting/", 1},
    [SIZED] = {"fixture://sized/", 2},
    [SLOW] = {"fixture://slow/", 1},
    [GATED] = {"fixture://gated/", 1},
};

/** The template form uri matches, or N_FORMS. */
static int form_of(str uri, str seg[2]) {
  int form = 0;
  while (form < N_FORMS && !segments(uri, FORMS[form].prefix, seg, FORMS[form].params)) form++;
  return form;
}

static void read_template(task *t, str uri, int form, str seg[2], const retry *r, exports_wasi_mcp_streaming_future_string_t cancel) {
  bool ok = true;
  for (size_t i = 0; i < FORMS[form].params; i++) ok = ok && decode(t, seg[i], &seg[i]);
  uint64_t total = 0, chunk = 0;
  if (ok && form == SIZED) ok = decimal(seg[0], &total) && decimal(seg[1], &chunk) && total <= 4 * MIB && chunk >= 1 && chunk <= MIB;
  if (!ok) {
    reject(t, cancel, bad_parameters(t, uri));
    return;
  }
  if (form == GREETING) {
    buf text = {0};
    bputs(&text, "Hello, ");
    bput(&text, seg[0].ptr, seg[0].len);
    bputc(&text, '!');
    write_text(body_open(t, uri, "text/plain", TEXT, NO_CACHE, cancel), task_buf(t, &text));
  } else if (form == SIZED) {
    write_pieces(body_open(t, uri, "application/octet-stream", BLOB, NO_CACHE, cancel), NULL, total, (size_t)chunk, NULL);
  } else if (form == SLOW) {
    write_ticks(body_open(t, uri, "text/plain", TEXT, NO_CACHE, cancel), seg[0]);
  } else {
    gated(t, uri, seg[0], r, cancel);
  }
}

static void read_listed(task *t, const resource_config *rc, exports_wasi_mcp_streaming_future_string_t cancel) {
  str uri = rc->uri;
  const char *mime = (const char *)rc->mime_type.val.ptr;  // static, NUL-terminated
  if (str_is(uri, "fixture://text/hello.txt")) {
    write_text(body_open(t, uri, mime, TEXT, hint(5000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC), cancel), LIT(HELLO_TEXT));
  } else if (str_is(uri, "fixture://binary/bytes.bin")) {
    body *b = body_open(t, uri, mime, BLOB, hint(5000, WASI_MCP_TYPES_CACHE_SCOPE_PUBLIC), cancel);
    write_pieces(b, BYTES_0_255, 256, 256, NULL);
  } else if (str_is(uri, "fixture://large/1mib.bin")) {
    write_pieces(body_open(t, uri, mime, BLOB, NO_CACHE, cancel), NULL, MIB, 64 * KIB, NULL);
  } else if (str_is(uri, "fixture://text/unicode.txt")) {
    write_text(body_open(t, uri, mime, TEXT, NO_CACHE, cancel), LIT(UNICODE_TEXT));
  } else if (str_is(uri, "fixture://text/config.json")) {
    write_text(body_open(t, uri, mime, TEXT, NO_CACHE, cancel), LIT(CONFIG_TEXT));
  } else if (str_is(uri, "fixture://counter")) {
    buf text = {0};
    bputs(&text, "count: ");
    bnum(&text, (double)counter);
    write_text(body_open(t, uri, mime, TEXT, hint(0, WASI_MCP_TYPES_CACHE_SCOPE_PRIVATE), cancel), task_buf(t, &text));
  } else if (str_is(uri, "fixture://text/failing.txt")) {
    error *e = task_alloc(t, sizeof(error));
    *e = fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, "the read failed after 7 bytes");
    write_pieces(body_open(t, uri, mime, TEXT, NO_CACHE, cancel), (const uint8_t *)"partial", 7, 7, e);
  } else {
    write_text(body_open(t, uri, mime, TEXT, NO_CACHE, cancel), LIT("extra"));
  }
}

fixture_callback_code_t exports_wasi_mcp_streaming_read_resource(request_context *context, str *uri, retry *r,
                                                                exports_wasi_mcp_streaming_future_string_t cancel) {
  task *t = task_begin();
  str u = task_str(t, (const char *)uri->ptr, uri->len), seg[2];
  const resource_config *rc = catalog_resource(u);
  int form = rc ? N_FORMS : form_of(u, seg);
  // Defect template-reads-passed-on: only the listed uris are routed here.
  if (!rc && (form == N_FORMS || defect(DEFECT_TEMPLATE_READS_PASSED_ON))) {
    forward_read_resource(t, context, uri, r, cancel);
    return task_turn(t);
  }
  if (rc) read_listed(t, rc, cancel);
  else read_template(t, u, form, seg, r, cancel);
  exports_wasi_mcp_streaming_request_context_free(context);
  fixture_string_free(uri);
  if (r) exports_wasi_mcp_streaming_retry_free(r);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_streaming_read_resource_callback(fixture_event_t *event) { return task_event(event); }
