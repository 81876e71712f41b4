// One TCP connection to a peer (wasi:sockets@0.3.0), carrying JSON-RPC
// messages one per line both ways (docs/targets.md, "Peers"). Requests get
// ids unique in the process; responses are matched to them by id. When the
// connection ends, every request still waiting hears so (reply with neither
// result nor error). The end is seen on the receive side (the peer's end of
// the stream, or a failed read); a failed send only stops sending. A callback
// runs synchronously inside conn_request only when the connection has
// already ended.
#include <stdlib.h>
#include <string.h>

#include "provider.h"

#define READ_CHUNK 65536
/** A line longer than this ends the connection (the peer is not speaking line-delimited JSON-RPC). */
#define MAX_LINE (64u << 20)

typedef struct pending {
  struct pending *next;
  uint64_t id;
  reply_fn fn;
  void *ctx;
  conn *c;
  timer *deadline;  // conn_deadline's timer, if any
} pending;

struct conn {
  wasi_sockets_types_own_tcp_socket_t sock;
  connected_fn connected;
  void *cctx;
  // connect
  uint32_t connect_sub;
  wasi_sockets_types_method_tcp_socket_connect_args_t cargs;
  wasi_sockets_types_result_void_error_code_t cres;
  bool up;
  // sending: `queue` waits for the write in flight (fl)
  uint32_t send_w, send_fut;
  wasi_sockets_types_result_void_error_code_t send_res;
  sbuf queue;
  char *fl;
  size_t fl_len, fl_off;
  bool writing, send_closed;
  // receiving
  uint32_t recv_r, recv_fut;
  uint8_t *rbuf;
  sbuf line;
  bool line_too_long, recv_closed;
  // state
  bool ended;     // the peer closed the connection or it failed
  bool released;  // the owner let go
  int calling;    // callbacks into the owner in progress: the connection stays allocated
  pending *waiting;
};

static uint64_t next_id = 1;

/** A request no longer waits: its deadline, if any, no longer matters. */
static void pending_free(pending *p) {
  timer_detach(p->deadline);
  free(p);
}

bool conn_ended(const conn *c) { return c->ended; }

static void maybe_free(conn *c);
static void send_pump(conn *c);

/** The connection is over: tell every waiting request, once. (The caller then calls maybe_free.) */
static void end(conn *c) {
  if (c->ended) return;
  c->ended = true;
  pending *p = c->waiting;
  c->waiting = NULL;
  c->calling++;
  while (p) {
    pending *next = p->next;
    p->fn(p->ctx, NULL, NULL);
    pending_free(p);
    p = next;
  }
  c->calling--;
  sb_free(&c->queue);
}

// ---------------------------------------------------------------------------
// Sending.

static void close_send(conn *c) {
  if (c->send_closed || !c->up) return;
  c->send_closed = true;
  unwatch(c->send_w);
  wasi_sockets_types_stream_u8_drop_writable(c->send_w);
  free(c->fl);
  c->fl = NULL;
  sb_free(&c->queue);
}

static void send_event(void *ctx, uint32_t code) {
  conn *c = ctx;
  c->writing = false;
  c->fl_off += WCOUNT(code);
  if (WSTATE(code) == CLIENT_PROVIDER_WAITABLE_DROPPED) {
    // the socket no longer sends; its receive side reports the end of the connection
    close_send(c);
    maybe_free(c);
    return;
  }
  send_pump(c);
}

static void send_pump(conn *c) {
  if (c->ended) sb_free(&c->queue);  // nobody to read it
  while (c->up && !c->writing && !c->send_closed) {
    if (c->fl_off >= c->fl_len) {
      free(c->fl);
      c->fl = NULL;
      c->fl_len = c->fl_off = 0;
      if (!c->queue.len) break;
      c->fl = c->queue.p;
      c->fl_len = c->queue.len;
      c->queue = (sbuf){0};
    }
    uint32_t st = wasi_sockets_types_stream_u8_write(c->send_w, (const uint8_t *)c->fl + c->fl_off, c->fl_len - c->fl_off);
    if (st == BLOCKED) {
      c->writing = true;
      watch(c->send_w, send_event, c);
      return;
    }
    c->fl_off += WCOUNT(st);
    if (WSTATE(st) == CLIENT_PROVIDER_WAITABLE_DROPPED) {
      close_send(c);
      break;
    }
  }
  if (c->released && !c->waiting && !c->writing && !c->queue.len) close_send(c);
  maybe_free(c);
}

/** Queues one message (msg's bytes are taken) and a newline. */
static void send_line(conn *c, sbuf *msg) {
  sb_putc(msg, '\n');
  if (msg->failed) __builtin_trap();
  if (c->ended || c->send_closed) {
    sb_free(msg);
    return;
  }
  sb_put(&c->queue, msg->p, msg->len);
  if (c->queue.failed) __builtin_trap();
  sb_free(msg);
  send_pump(c);
}

static void put_message_head(sbuf *b, const char *method) {
  sb_puts(b, "{\"jsonrpc\":\"2.0\",");
  sb_puts(b, "\"method\":");
  sb_jstrz(b, method);
}

static void put_params(sbuf *b, sbuf *params) {
  if (!params) return;
  sb_puts(b, ",\"params\":");
  sb_put(b, params->p, params->len);
  if (params->failed) b->failed = true;
  sb_free(params);
}

uint64_t conn_request(conn *c, const char *method, sbuf *params, reply_fn fn, void *ctx) {
  uint64_t id = next_id++;
  sbuf b = {0};
  sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
  sb_u64(&b, id);
  sb_puts(&b, ",\"method\":");
  sb_jstrz(&b, method);
  put_params(&b, params);
  sb_putc(&b, '}');
  pending *p = xmalloc(sizeof(pending));
  *p = (pending){NULL, id, fn, ctx, c, NULL};
  // appended, so that replies to requests sent together are handled in order
  pending **tail = &c->waiting;
  while (*tail) tail = &(*tail)->next;
  *tail = p;
  if (c->ended) {
    sb_free(&b);
    *tail = NULL;
    pending_free(p);
    c->calling++;
    fn(ctx, NULL, NULL);
    c->calling--;
    maybe_free(c);
    return id;
  }
  send_line(c, &b);
  return id;
}

void conn_notify(conn *c, const char *method, sbuf *params) {
  sbuf b = {0};
  put_message_head(&b, method);
  put_params(&b, params);
  sb_putc(&b, '}');
  send_line(c, &b);
}

void conn_forget(conn *c, uint64_t id) {
  for (pending **p = &c->waiting; *p; p = &(*p)->next) {
    if ((*p)->id == id) {
      pending *gone = *p;
      *p = gone->next;
      pending_free(gone);
      break;
    }
  }
  send_pump(c);  // a released connection closes once nothing waits
}

static void deadline_passed(void *ctx) {
  pending *found = ctx;
  conn *c = found->c;
  found->deadline = NULL;  // the timer frees itself
  for (pending **p = &c->waiting; *p; p = &(*p)->next) {
    if (*p != found) continue;
    *p = found->next;
    static const char timeout[] = "{\"code\":-31003,\"message\":\"the peer did not answer in time\"}";
    jval *error = json_parse(timeout, sizeof timeout - 1, NULL);
    if (!error) __builtin_trap();
    c->calling++;
    found->fn(found->ctx, NULL, error);
    c->calling--;
    json_free(error);
    free(found);
    send_pump(c);
    return;
  }
}

static pending *waiting_for(conn *c, uint64_t id) {
  for (pending *p = c->waiting; p; p = p->next)
    if (p->id == id) return p;
  return NULL;
}

void conn_deadline(conn *c, uint64_t id, uint64_t ns) {
  pending *p = waiting_for(c, id);
  if (!p || p->deadline) return;
  timer *t = timer_start(ns, deadline_passed, p);
  // a wait over at once has already failed the request
  if (t && (p = waiting_for(c, id))) p->deadline = t;
}

// ---------------------------------------------------------------------------
// Receiving.

/** Answers a request from the peer: ping is answered, anything else is not offered. */
static void answer_peer_request(conn *c, const jval *msg) {
  const jval *id = json_get(msg, "id");
  const jval *method = json_get(msg, "method");
  sbuf b = {0};
  sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
  sb_json(&b, id);
  if (json_str_is(method, "ping")) {
    sb_puts(&b, ",\"result\":{}}");
  } else {
    sb_puts(&b, ",\"error\":{\"code\":-32601,\"message\":\"the client offers no such method\"}}");
  }
  send_line(c, &b);
}

static void handle_message(conn *c, const jval *msg) {
  if (msg->t != J_OBJ) return;
  const jval *id = json_get(msg, "id");
  const jval *method = json_get(msg, "method");
  if (method) {
    if (id && (id->t == J_STR || id->t == J_NUM)) answer_peer_request(c, msg);
    return;  // notifications from the peer (progress, log messages) are not relayed
  }
  if (!id || !json_is_int(id) || id->num < 1) return;
  const jval *result = json_get(msg, "result");
  const jval *error = json_get(msg, "error");
  if (!result && !error) return;
  for (pending **p = &c->waiting; *p; p = &(*p)->next) {
    if ((double)(*p)->id == id->num) {
      pending *found = *p;
      *p = found->next;
      c->calling++;
      found->fn(found->ctx, error ? NULL : result, error);
      c->calling--;
      pending_free(found);
      send_pump(c);  // a released connection closes once nothing waits
      return;
    }
  }
}

static void handle_line(conn *c, const char *p, size_t n) {
  if (n && p[n - 1] == '\r') n--;
  jval *msg = json_parse(p, n, NULL);
  if (!msg) return;  // not JSON: nothing to answer on a client connection
  handle_message(c, msg);
  json_free(msg);
}

/** Splits bytes into lines; false once the connection should end. */
static bool feed(conn *c, const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n && !c->ended) {
    const uint8_t *nl = memchr(p + i, '\n', n - i);
    size_t take = nl ? (size_t)(nl - (p + i)) : n - i;
    if (c->line.len + take > MAX_LINE) return false;
    sb_put(&c->line, p + i, take);
    if (c->line.failed) return false;
    i += take;
    if (nl) {
      i++;
      handle_line(c, c->line.p, c->line.len);
      c->line.len = 0;
    }
  }
  return true;
}

static void recv_close(conn *c) {
  if (c->recv_closed) return;
  c->recv_closed = true;
  unwatch(c->recv_r);
  wasi_sockets_types_stream_u8_drop_readable(c->recv_r);
  wasi_sockets_types_future_result_void_error_code_drop_readable(c->recv_fut);
  sb_free(&c->line);
  free(c->rbuf);
  c->rbuf = NULL;
}

static void recv_pump(conn *c);

/** Handles what a read brought; false when reading is over (the connection may be freed). */
static bool recv_got(conn *c, uint32_t st) {
  bool ok = feed(c, c->rbuf, WCOUNT(st));
  if (!ok || c->ended || WSTATE(st) == CLIENT_PROVIDER_WAITABLE_DROPPED) {
    recv_close(c);
    end(c);
    maybe_free(c);
    return false;
  }
  return true;
}

static void recv_event(void *ctx, uint32_t code) {
  conn *c = ctx;
  if (recv_got(c, code)) recv_pump(c);
}

static void recv_pump(conn *c) {
  for (;;) {
    uint32_t st = wasi_sockets_types_stream_u8_read(c->recv_r, c->rbuf, READ_CHUNK);
    if (st == BLOCKED) {
      watch(c->recv_r, recv_event, c);
      return;
    }
    if (!recv_got(c, st)) return;
  }
}

// ---------------------------------------------------------------------------
// Connecting, and the end of a connection.

static void send_fut_event(void *ctx, uint32_t code) {
  (void)code;
  conn *c = ctx;
  unwatch(c->send_fut);
  wasi_sockets_types_future_result_void_error_code_drop_readable(c->send_fut);
  c->send_fut = 0;
  if (c->send_res.is_err) {
    // the socket failed while sending
    wasi_sockets_types_error_code_free(&c->send_res.val.err);
    c->send_res.is_err = false;
    if (!c->writing) close_send(c);  // a write in flight ends as dropped, and closes it then; the receive side reports the end
  }
  maybe_free(c);
}

static void connect_done(conn *c) {
  unwatch(c->connect_sub);
  if (c->connect_sub) client_provider_subtask_drop(c->connect_sub);
  c->connect_sub = 0;
  if (c->cres.is_err) {
    wasi_sockets_types_error_code_free(&c->cres.val.err);
    c->ended = true;
    c->calling++;
    if (c->connected) c->connected(c->cctx, "the peer could not be reached");
    c->calling--;
    maybe_free(c);
    return;
  }
  c->up = true;
  wasi_sockets_types_borrow_tcp_socket_t b = wasi_sockets_types_borrow_tcp_socket(c->sock);
  uint32_t r = wasi_sockets_types_stream_u8_new(&c->send_w);
  c->send_fut = wasi_sockets_types_method_tcp_socket_send(b, r);
  uint32_t st = wasi_sockets_types_future_result_void_error_code_read(c->send_fut, &c->send_res);
  if (st == BLOCKED) watch(c->send_fut, send_fut_event, c);
  else send_fut_event(c, st);
  wasi_sockets_types_tuple2_stream_u8_future_result_void_error_code_t rx;
  wasi_sockets_types_method_tcp_socket_receive(b, &rx);
  c->recv_r = rx.f0;
  c->recv_fut = rx.f1;
  c->rbuf = xmalloc(READ_CHUNK);
  c->calling++;
  if (c->connected) c->connected(c->cctx, NULL);
  recv_pump(c);
  send_pump(c);
  c->calling--;
  maybe_free(c);
}

static void connect_event(void *ctx, uint32_t code) {
  conn *c = ctx;
  if (subtask_ended(code)) connect_done(c);
}

conn *conn_open(const wasi_sockets_types_ip_socket_address_t *addr, const char **failure) {
  wasi_sockets_types_error_code_t err;
  wasi_sockets_types_own_tcp_socket_t sock;
  wasi_sockets_types_ip_address_family_t family = addr->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4
                                                      ? WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV4
                                                      : WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV6;
  if (!wasi_sockets_types_static_tcp_socket_create(family, &sock, &err)) {
    wasi_sockets_types_error_code_free(&err);
    *failure = "the provider may not open TCP sockets";
    return NULL;
  }
  conn *c = xcalloc(1, sizeof(conn));
  c->sock = sock;
  c->cargs.self = wasi_sockets_types_borrow_tcp_socket(sock);
  c->cargs.remote_address = *addr;
  return c;
}

void conn_connect(conn *c, connected_fn connected, void *ctx) {
  c->connected = connected;
  c->cctx = ctx;
  client_provider_subtask_status_t st = wasi_sockets_types_method_tcp_socket_connect(&c->cargs, &c->cres);
  if (subtask_ended(CLIENT_PROVIDER_SUBTASK_STATE(st))) {
    connect_done(c);
  } else {
    c->connect_sub = CLIENT_PROVIDER_SUBTASK_HANDLE(st);
    watch(c->connect_sub, connect_event, c);
  }
}

void conn_release(conn *c) {
  c->released = true;
  c->connected = NULL;
  send_pump(c);
}

/**
 * Frees the connection once the owner has let go and nothing of it is in
 * flight: the send side closed, the peer's end of the stream seen (or the
 * connection never came up), the send result read.
 */
static void maybe_free(conn *c) {
  if (!c->released || c->waiting || c->connect_sub || c->calling) return;
  if (c->up) {
    if (!c->send_closed) {
      if (c->writing || c->queue.len) return;  // send_pump closes it once written
      close_send(c);
    }
    if (!c->recv_closed) return;  // the peer closes its end once ours is closed
    if (c->send_fut) return;
  }
  wasi_sockets_types_tcp_socket_drop_own(c->sock);
  free(c);
}
