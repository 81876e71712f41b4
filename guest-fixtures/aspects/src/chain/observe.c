// The records of what an aspect observed, and their JSON.
#include "observe.h"

#include "clock.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
  struct entry *next;
  char *key;
  size_t klen;
  void *rec;
} entry;

static entry *streams, *cancels;
static uint64_t changes_opened, changes_open;
static buf change_events;  // the JSON array's items, comma-separated

static void *xcalloc(size_t n) {
  void *p = calloc(1, n);
  if (!p) __builtin_trap();
  return p;
}

// The record under key in list, replaced by a fresh one of `size` bytes. A
// replaced record may still be written by the work it belongs to, so it is
// not freed (records are small, and keys are rarely reused).
static void *fresh(entry **list, str key, size_t size) {
  for (entry *e = *list; e; e = e->next) {
    if (e->klen == key.len && memcmp(e->key, key.ptr, key.len) == 0) {
      e->rec = xcalloc(size);
      return e->rec;
    }
  }
  entry *e = xcalloc(sizeof(entry));
  e->key = str_z(key);
  e->klen = key.len;
  e->rec = xcalloc(size);
  e->next = *list;
  *list = e;
  return e->rec;
}

static void *find(entry *list, str key) {
  for (entry *e = list; e; e = e->next)
    if (e->klen == key.len && memcmp(e->key, key.ptr, key.len) == 0) return e->rec;
  return NULL;
}

stream_record *observe_stream(str uri) { return fresh(&streams, uri, sizeof(stream_record)); }

void observe_write(stream_record *r, size_t requested, size_t accepted) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->writes = realloc(r->writes, r->cap * sizeof(size_t));
    r->requested = realloc(r->requested, r->cap * sizeof(size_t));
    if (!r->writes || !r->requested) __builtin_trap();
  }
  r->writes[r->n] = accepted;
  r->requested[r->n] = requested;
  r->n++;
  r->total += accepted;
}

cancel_record *observe_cancellation(str label) {
  cancel_record *r = fresh(&cancels, label, sizeof(cancel_record));
  r->started_ms = now_ms();
  return r;
}

void observe_cancelled(cancel_record *r, const char *via, const char *reason, size_t rlen) {
  if (r->finished) return;
  r->finished = r->observed = true;
  r->via = via;
  r->elapsed_ms = now_ms() - r->started_ms;
  if (reason) {
    r->reason = malloc(rlen + 1);
    if (!r->reason) __builtin_trap();
    memcpy(r->reason, reason, rlen);
    r->reason[rlen] = 0;
  }
}

void observe_completed(cancel_record *r) {
  if (r->finished) return;
  r->finished = r->completed = true;
  r->elapsed_ms = now_ms() - r->started_ms;
}

void observe_changes_opened(void) {
  changes_opened++;
  changes_open++;
}

void observe_changes_closed(void) {
  if (changes_open) changes_open--;
}

void observe_change_event(const char *what, str uri) {
  if (change_events.len) bputc(&change_events, ',');
  if (!uri.len) {
    bstrz(&change_events, what);
    return;
  }
  buf s = {0};
  bputs(&s, what);
  bputc(&s, ':');
  bput(&s, uri.ptr, uri.len);
  bstr(&change_events, s.p, s.len);
  free(s.p);
}

static void sizes(buf *b, const size_t *v, size_t n) {
  bputc(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) bputc(b, ',');
    bnum(b, (double)v[i]);
  }
  bputc(b, ']');
}

static void report_stream(buf *b, const stream_record *r) {
  bputs(b, "{\"found\":true,\"writes\":");
  sizes(b, r->writes, r->n);
  bputs(b, ",\"requested\":");
  sizes(b, r->requested, r->n);
  bputs(b, ",\"total\":");
  bnum(b, (double)r->total);
  bputs(b, r->ended ? ",\"ended\":true" : ",\"ended\":false");
  bputs(b, r->dropped ? ",\"dropped\":true}" : ",\"dropped\":false}");
}

static void report_cancel(buf *b, const cancel_record *r) {
  bputs(b, "{\"found\":true,\"observed\":");
  bputs(b, r->observed ? "true" : "false");
  bputs(b, ",\"via\":");
  if (r->via) bstrz(b, r->via);
  else bputs(b, "null");
  bputs(b, ",\"elapsed_ms\":");
  if (r->finished) bnum(b, (double)(int64_t)(r->elapsed_ms * 1000 + 0.5) / 1000);  // to the microsecond
  else bputs(b, "null");  // still running
  bputs(b, ",\"steps_completed\":");
  bnum(b, (double)r->steps);
  bputs(b, r->completed ? ",\"completed\":true" : ",\"completed\":false");
  bputs(b, ",\"reason\":");
  if (r->reason) bstrz(b, r->reason);
  else bputs(b, "null");
  bputc(b, '}');
}

bool observe_recorded(str kind, str key) {
  if (str_is(kind, "stream")) return find(streams, key) != NULL;
  if (str_is(kind, "cancellation")) return find(cancels, key) != NULL;
  return str_is(kind, "changes") && str_is(key, "streams");
}

void observe_report(buf *b, str kind, str key) {
  if (str_is(kind, "stream")) {
    const stream_record *r = find(streams, key);
    if (r) {
      report_stream(b, r);
      return;
    }
  } else if (str_is(kind, "cancellation")) {
    const cancel_record *r = find(cancels, key);
    if (r) {
      report_cancel(b, r);
      return;
    }
  } else if (str_is(kind, "changes") && str_is(key, "streams")) {
    bputs(b, "{\"found\":true,\"opened\":");
    bnum(b, (double)changes_opened);
    bputs(b, ",\"open\":");
    bnum(b, (double)changes_open);
    bputs(b, ",\"events\":[");
    if (change_events.len) bput(b, change_events.p, change_events.len);
    bputs(b, "]}");
    return;
  }
  bputs(b, "{\"found\":false}");
}
