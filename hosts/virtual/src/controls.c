// The legal variations of controls.h. Outgoing messages are parsed back and
// rewritten only while a control that changes their form is selected; a
// message the reader cannot take back (e.g. nested too deeply) goes out as it is.
#include "controls.h"

#include <string.h>

#include "defects.h"

#define EXTRA_META_KEY "com.example.control/extra"
#define EXTRA_MEMBER "xControl"
#define DELAY_NS (50ull * 1000 * 1000)

static bool key_is(const jval *obj, size_t i, const char *k) {
  size_t n = strlen(k);
  return obj->klens[i] == n && memcmp(obj->keys[i], k, n) == 0;
}

static void put_member_key(sbuf *b, bool *first, const char *k, size_t n) {
  if (!*first) sb_putc(b, ',');
  *first = false;
  sb_jstr(b, k, n);
  sb_putc(b, ':');
}

// ---- control-reordered-keys ----

/** Whether member i of obj is overridden by a later member of the same name (JSON's last one wins). */
static bool shadowed(const jval *obj, size_t i) {
  for (size_t k = i + 1; k < obj->n; k++)
    if (obj->klens[k] == obj->klens[i] && memcmp(obj->keys[k], obj->keys[i], obj->klens[i]) == 0) return true;
  return false;
}

/** The same JSON value with every object's members in reverse order. */
static void put_reversed(sbuf *b, const jval *v) {
  if (v->t == J_ARR) {
    sb_putc(b, '[');
    for (size_t i = 0; i < v->n; i++) {
      if (i) sb_putc(b, ',');
      put_reversed(b, v->items[i]);
    }
    sb_putc(b, ']');
  } else if (v->t == J_OBJ) {
    bool first = true;
    sb_putc(b, '{');
    for (size_t i = v->n; i-- > 0;) {
      if (shadowed(v, i)) continue;
      put_member_key(b, &first, v->keys[i], v->klens[i]);
      put_reversed(b, v->items[i]);
    }
    sb_putc(b, '}');
  } else {
    sb_json(b, v);
  }
}

// ---- control-extra-meta, control-extra-members ----

/** An open object (a result or a notification's params) with the control's extra member(s). */
static void put_extended(sbuf *b, const jval *holder) {
  bool first = true, meta_seen = false;
  bool extra_meta = defect(D_CONTROL_EXTRA_META);
  sb_putc(b, '{');
  for (size_t i = 0; holder && i < holder->n; i++) {
    put_member_key(b, &first, holder->keys[i], holder->klens[i]);
    if (extra_meta && key_is(holder, i, "_meta") && !shadowed(holder, i)) {
      // The _meta already there, merged with the extra key (a non-object one is replaced).
      const jval *m = holder->items[i];
      bool f = true;
      meta_seen = true;
      sb_putc(b, '{');
      for (size_t k = 0; m->t == J_OBJ && k < m->n; k++) {
        if (key_is(m, k, EXTRA_META_KEY)) continue;
        put_member_key(b, &f, m->keys[k], m->klens[k]);
        sb_json(b, m->items[k]);
      }
      put_member_key(b, &f, EXTRA_META_KEY, strlen(EXTRA_META_KEY));
      sb_puts(b, "true}");
    } else {
      sb_json(b, holder->items[i]);
    }
  }
  if (extra_meta && !meta_seen) {
    put_member_key(b, &first, "_meta", 5);
    sb_puts(b, "{\"" EXTRA_META_KEY "\":true}");
  }
  if (defect(D_CONTROL_EXTRA_MEMBERS)) {
    put_member_key(b, &first, EXTRA_MEMBER, strlen(EXTRA_MEMBER));
    sb_putc(b, '1');
  }
  sb_putc(b, '}');
}

/**
 * The message with the extra members: results always; notification params
 * (created when absent) under control-extra-meta. Errors and the host's own
 * requests to the client are left as they are.
 */
static bool put_varied(sbuf *b, const jval *m) {
  const jval *result = json_get(m, "result"), *method = json_get(m, "method");
  const char *target = NULL;
  if (result && result->t == J_OBJ) target = "result";
  else if (defect(D_CONTROL_EXTRA_META) && method && method->t == J_STR && !json_get(m, "id")) target = "params";
  if (!target) return false;
  const jval *holder = json_get(m, target);
  if (holder && holder->t != J_OBJ) return false;
  bool first = true, done = false;
  sb_putc(b, '{');
  for (size_t i = 0; i < m->n; i++) {
    if (key_is(m, i, target) && !shadowed(m, i)) {
      put_member_key(b, &first, m->keys[i], m->klens[i]);
      put_extended(b, holder);
      done = true;
    } else {
      put_member_key(b, &first, m->keys[i], m->klens[i]);
      sb_json(b, m->items[i]);
    }
  }
  if (!done) {
    put_member_key(b, &first, target, strlen(target));
    put_extended(b, NULL);
  }
  sb_putc(b, '}');
  return true;
}

void control_vary(sbuf *msg) {
  bool reorder = defect(D_CONTROL_REORDERED_KEYS);
  if (!reorder && !defect(D_CONTROL_EXTRA_META) && !defect(D_CONTROL_EXTRA_MEMBERS)) return;
  if (msg->failed) return;
  json_error e;
  jval *m = json_parse(msg->p, msg->len, &e);
  if (!m || m->t != J_OBJ) {
    json_free(m);
    return;
  }
  sbuf out = {0};
  bool changed = true;
  if (reorder) put_reversed(&out, m);
  else changed = put_varied(&out, m);
  json_free(m);
  if (!changed || out.failed) {
    sb_free(&out);
    return;
  }
  sb_free(msg);
  *msg = out;
}

uint64_t control_delay_ns(void) { return defect(D_CONTROL_DELAY) ? DELAY_NS : 0; }

size_t control_body_read(size_t limit) { return defect(D_CONTROL_SMALL_READS) && limit > 1024 ? 1024 : limit; }

size_t control_items_read(size_t buffer) { return defect(D_CONTROL_SMALL_READS) ? 1 : buffer; }

void control_host_message(sbuf *b, const char *message, size_t len) {
  if (!defect(D_CONTROL_REPHRASED_ERRORS)) {
    sb_jstr(b, message, len);
    return;
  }
  sbuf t = {0};
  sb_puts(&t, "Sorry: ");
  sb_put(&t, message, len);
  if (t.failed) sb_jstr(b, message, len);
  else sb_jstr(b, t.p, t.len);
  sb_free(&t);
}
