// Change notifications (docs/targets.md, "Change notifications"): the
// component's changes() stream, called once and read for the rest of the
// process, fanned out to the legacy session and to modern subscriptions.
#include <string.h>

#include "controls.h"
#include "host.h"

#define SUB_ID "io.modelcontextprotocol/subscriptionId"

static enum { CH_NONE, CH_CALLING, CH_OPEN, CH_ENDED } state;
static uint32_t subtask, stream;
static wasi_mcp_server_stream_change_t returned_stream;
static bool busy;
static wasi_mcp_server_change_t buf[16];
static job *waiting;  // subscriptions waiting for the stream (queue_next)

bool changes_idle(void) { return state != CH_CALLING; }

// ---- subscriptions ----

static void put_sub_meta(sbuf *b, bool *first, const job *j) {
  if (defect(D_NO_SUBSCRIPTION_ID)) return;
  put_key(b, first, "_meta");
  sb_puts(b, "{\"" SUB_ID "\":");
  put_id(b, j->id);
  sb_putc(b, '}');
}

void tag_with_subscription(sbuf *b, bool *first) {
  if (!defect(D_REQUEST_NOTIFICATIONS_TAGGED)) return;
  for (const job *j = jobs_first(); j; j = j->next) {
    if (j->m == M_LISTEN && j->acked && !j->answered) {
      put_sub_meta(b, first, j);
      return;
    }
  }
}

static void acknowledge(job *j) {
  const wasi_mcp_types_server_capabilities_t *c = &described.caps;
  j->ack_tools = j->want_tools && c->tools.is_some && c->tools.val.list_changed;
  j->ack_prompts = j->want_prompts && c->prompts.is_some && c->prompts.val.list_changed;
  j->ack_resources = j->want_resources && c->resources.is_some && c->resources.val.list_changed;
  j->ack_uris = j->want_uris && c->resources.is_some && c->resources.val.subscribe;
  j->acked = true;
  if (defect(D_NO_ACKNOWLEDGEMENT)) return;
  sbuf b = {0};
  bool first = true, f = true;
  sb_putc(&b, '{');
  put_sub_meta(&b, &first, j);
  put_key(&b, &first, "notifications");
  sb_putc(&b, '{');
  if (j->ack_tools) put_key(&b, &f, "toolsListChanged"), sb_puts(&b, "true");
  if (j->ack_prompts) put_key(&b, &f, "promptsListChanged"), sb_puts(&b, "true");
  if (j->ack_resources) put_key(&b, &f, "resourcesListChanged"), sb_puts(&b, "true");
  if (j->ack_uris) put_key(&b, &f, "resourceSubscriptions"), sb_json(&b, j->want_uris);
  sb_puts(&b, "}}");
  send_notification("notifications/subscriptions/acknowledged", &b);
  sb_free(&b);
}

void listen_start(job *j) {
  const jval *n = json_get(j->params, "notifications");
  const jval *t = json_get(n, "toolsListChanged"), *p = json_get(n, "promptsListChanged");
  const jval *r = json_get(n, "resourcesListChanged");
  j->want_tools = t && t->b;
  j->want_prompts = p && p->b;
  j->want_resources = r && r->b;
  j->want_uris = json_get(n, "resourceSubscriptions");
  changes_ensure();
  if (state == CH_OPEN || state == CH_ENDED) {
    acknowledge(j);
    return;
  }
  // Acknowledged once the stream is open, so that no change the client
  // causes after the acknowledgement can be missed.
  j->queue_next = waiting;
  waiting = j;
}

void listen_dequeue(job *j) {
  for (job **q = &waiting; *q; q = &(*q)->queue_next) {
    if (*q == j) {
      *q = j->queue_next;
      j->queue_next = NULL;
      return;
    }
  }
}

static void acknowledge_waiting(void) {
  while (waiting) {
    job *j = waiting;
    waiting = j->queue_next;
    j->queue_next = NULL;
    acknowledge(j);
  }
}

void listen_close_all(void) {
  for (job *j = jobs_first(), *next; j; j = next) {
    next = j->next;
    if (j->m != M_LISTEN || j->answered) continue;
    // The host tears the stream down: notifications/cancelled for its id
    // first (2026-07-28 cancellation), then the graceful-closure result.
    if (!defect(D_TEARDOWN_WITHOUT_CANCELLED)) {
      sbuf n = {0};
      sb_puts(&n, "{\"requestId\":");
      put_id(&n, j->id);
      sb_putc(&n, '}');
      send_notification("notifications/cancelled", &n);
      sb_free(&n);
    }
    sbuf b = {0};
    bool first = true, f = true;
    sb_putc(&b, '{');
    if (!defect(D_NO_RESULT_TYPE)) put_key(&b, &first, "resultType"), sb_puts(&b, "\"complete\"");
    put_key(&b, &first, "_meta");
    sb_putc(&b, '{');
    if (described.ready && !defect(D_NO_SERVER_INFO)) {
      put_key(&b, &f, "io.modelcontextprotocol/serverInfo");
      sb_put(&b, described.server_info.p, described.server_info.len);
    }
    put_key(&b, &f, SUB_ID);
    put_id(&b, j->id);
    sb_puts(&b, "}}");
    reply(j, &b);
  }
}

// ---- events ----

static bool uri_listed(const jval *uris, const virtual_host_string_t *uri) {
  for (size_t i = 0; uris && i < uris->n; i++)
    if (json_str_eq(uris->items[i], (const char *)uri->ptr, uri->len)) return true;
  return false;
}

static void notify(const char *method, const job *sub, const virtual_host_string_t *uri) {
  sbuf b = {0};
  bool first = true;
  sb_putc(&b, '{');
  if (sub) put_sub_meta(&b, &first, sub);
  if (uri) put_str_member(&b, &first, "uri", uri);
  sb_putc(&b, '}');
  send_notification(method, first ? NULL : &b);
  sb_free(&b);
}

static void deliver(const wasi_mcp_server_change_t *c) {
  static const char *const METHODS[] = {"notifications/tools/list_changed", "notifications/prompts/list_changed",
                                        "notifications/resources/list_changed", "notifications/resources/updated"};
  const wasi_mcp_types_server_capabilities_t *caps = &described.caps;
  const virtual_host_string_t *uri = c->tag == WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED ? &c->val.resource_updated : NULL;
  if (c->tag > WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED) return;
  const char *method = METHODS[c->tag];
  // The legacy session: declared list changes, updates of subscribed uris.
  if (session.active) {
    bool send;
    switch (c->tag) {
      case WASI_MCP_TYPES_CHANGE_TOOLS_LIST_CHANGED:
        send = (caps->tools.is_some && caps->tools.val.list_changed) || defect(D_LEGACY_LIST_CHANGED_UNDECLARED);
        break;
      case WASI_MCP_TYPES_CHANGE_PROMPTS_LIST_CHANGED:
        send = (caps->prompts.is_some && caps->prompts.val.list_changed) || defect(D_LEGACY_LIST_CHANGED_UNDECLARED);
        break;
      case WASI_MCP_TYPES_CHANGE_RESOURCES_LIST_CHANGED:
        send = (caps->resources.is_some && caps->resources.val.list_changed) || defect(D_LEGACY_LIST_CHANGED_UNDECLARED);
        break;
      default:
        send = (caps->resources.is_some && caps->resources.val.subscribe &&
                session_subscribed((const char *)uri->ptr, uri->len)) ||
               defect(D_UPDATED_UNSUBSCRIBED);
    }
    if (send) notify(method, NULL, uri);
  }
  // Modern subscriptions that asked for this kind and were acknowledged for it.
  for (job *j = jobs_first(); j; j = j->next) {
    if (j->m != M_LISTEN || j->answered || !j->acked) continue;
    bool send;
    switch (c->tag) {
      case WASI_MCP_TYPES_CHANGE_TOOLS_LIST_CHANGED: send = j->ack_tools; break;
      case WASI_MCP_TYPES_CHANGE_PROMPTS_LIST_CHANGED: send = j->ack_prompts; break;
      case WASI_MCP_TYPES_CHANGE_RESOURCES_LIST_CHANGED: send = j->ack_resources; break;
      default: send = j->ack_uris && uri_listed(j->want_uris, uri); break;
    }
    if (send || defect(D_UNACKNOWLEDGED_KINDS)) notify(method, j, uri);
  }
}

static void pump(void);

static bool got(uint32_t st) {
  for (uint32_t i = 0; i < WCOUNT(st); i++) {
    deliver(&buf[i]);
    wasi_mcp_server_change_free(&buf[i]);
  }
  if (WSTATE(st) == W_DROPPED) {
    unwatch(stream);
    wasi_mcp_server_stream_change_drop_readable(stream);
    stream = 0;
    state = CH_ENDED;
    return false;
  }
  return true;
}

static void stream_event(void *ctx, uint32_t code) {
  (void)ctx;
  busy = false;
  if (got(code)) pump();
}

static void pump(void) {
  while (state == CH_OPEN && !busy) {
    uint32_t st = wasi_mcp_server_stream_change_read(stream, buf, control_items_read(sizeof buf / sizeof *buf));
    if (st == BLOCKED) {
      busy = true;
      return;
    }
    if (!got(st)) return;
  }
}

static void opened(void) {
  stream = returned_stream;
  state = CH_OPEN;
  watch(stream, stream_event, NULL);
  acknowledge_waiting();
  pump();
  maybe_finish();
}

static void subtask_event(void *ctx, uint32_t code) {
  (void)ctx;
  if (VIRTUAL_HOST_SUBTASK_STATE(code) != VIRTUAL_HOST_SUBTASK_RETURNED) return;
  unwatch(subtask);
  virtual_host_subtask_drop(subtask);
  subtask = 0;
  opened();
}

static void call_changes(void *ctx) {
  (void)ctx;
  virtual_host_subtask_status_t st = wasi_mcp_server_changes(&returned_stream);
  if (VIRTUAL_HOST_SUBTASK_STATE(st) == VIRTUAL_HOST_SUBTASK_RETURNED) {
    opened();
    return;
  }
  subtask = VIRTUAL_HOST_SUBTASK_HANDLE(st);
  watch(subtask, subtask_event, NULL);
}

void changes_ensure(void) {
  if (state != CH_NONE) return;
  state = CH_CALLING;
  turn_call(call_changes, NULL);
}

void changes_shutdown(void) {
  if (state != CH_OPEN) return;
  unwatch(stream);
  if (busy) {
    uint32_t st = wasi_mcp_server_stream_change_cancel_read(stream);
    if (st != BLOCKED)
      for (uint32_t i = 0; i < WCOUNT(st); i++) wasi_mcp_server_change_free(&buf[i]);
    busy = false;
  }
  wasi_mcp_server_stream_change_drop_readable(stream);
  stream = 0;
  state = CH_ENDED;
}
