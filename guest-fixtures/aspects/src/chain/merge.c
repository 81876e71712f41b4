// The changes of an aspect with a next one: its streams carry its own
// events and the next aspect's, in the order they happen. The first
// `changes` call opens the next aspect's stream once; its task keeps reading
// it (for as long as the next aspect writes) and writes each event on to
// every stream still open, as the aspect's own events are written.
#include <stdlib.h>

#include "changes.h"
#include "defect.h"
#include "observe.h"

static const char *const KINDS[] = {"tools", "prompts", "resources", "resource"};

static struct {
  task *t;  // the task the reads complete in
  wasi_mcp_server_stream_change_t r;
  wasi_mcp_server_change_t ev;
  bool opened;
} next;

// Handles the end of a read: passes the event on; false once the stream is over.
static bool took(uint32_t st) {
  if (FIXTURE_WAITABLE_COUNT(st) > 0) {
    bool uri = next.ev.tag == WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED;
    // Defect inner-changes-dropped: the next aspect's events are read and not written on.
    if (!defect(DEFECT_INNER_CHANGES_DROPPED)) changes_emit(next.ev.tag, uri ? next.ev.val.resource_updated : (str){0});
    wasi_mcp_server_change_free(&next.ev);
  }
  if (FIXTURE_WAITABLE_STATE(st) == FIXTURE_WAITABLE_DROPPED) {
    wasi_mcp_server_stream_change_drop_readable(next.r);
    return false;
  }
  return true;
}

static void read_next(void);

static void read_done(void *ctx, uint32_t code) {
  (void)ctx;
  task_unwatch(next.t, next.r);
  if (took(code)) read_next();
}

static void read_next(void) {
  for (;;) {
    uint32_t st = wasi_mcp_server_stream_change_read(next.r, &next.ev, 1);
    if (st == FIXTURE_WAITABLE_STATUS_BLOCKED) {
      task_watch(next.t, next.r, read_done, NULL);
      return;
    }
    if (!took(st)) return;
  }
}

static void next_opened(void *ctx, uint32_t code) {
  (void)ctx;
  (void)code;
  read_next();
}

void changes_on_open(task *t) {
  observe_changes_opened();
  if (next.opened) return;
  next.opened = true;
  next.t = t;
  if (!task_await(t, wasi_mcp_server_changes(&next.r), next_opened, NULL)) read_next();
}

void changes_on_close(void) { observe_changes_closed(); }

void changes_on_event(uint8_t tag, str uri) { observe_change_event(KINDS[tag], tag == WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED ? uri : (str){0}); }
