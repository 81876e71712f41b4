// WASI 0.3: a chain of steps, each of which may wait for an async import,
// a stream read or a future read before the next one runs.
#include "probe03.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"

#define FS(x) wasi_filesystem_0_3_0_types_##x
#define NET(x) wasi_sockets_0_3_0_types_##x
#define BLOCKED SANDBOX_WAITABLE_STATUS_BLOCKED

typedef struct {
  task *t;
  facts *f;
  void (*done)(void *ctx);
  void *ctx;
  wasi_filesystem_0_3_0_preopens_list_tuple2_own_descriptor_string_t pre;
  size_t file;                          // the file being probed
  bool opened;                          // `fd` is a descriptor opened for this file
  FS(own_descriptor_t) fd;
  FS(method_descriptor_open_at_args_t) open_args;
  FS(result_own_descriptor_error_code_t) open_result;
  uint32_t data;                        // the stream being read: bytes or directory entries
  FS(future_result_void_error_code_t) end;
  uint8_t bytes[64];
  FS(directory_entry_t) entry;
  FS(result_void_error_code_t) end_result;
  NET(own_tcp_socket_t) tcp;
  NET(method_tcp_socket_connect_args_t) connect_args;
  NET(result_void_error_code_t) connect_result;
  wasi_sockets_0_3_0_ip_name_lookup_result_list_ip_address_error_code_t lookup_result;
} probe;

static void next_file(probe *p);
static void network(probe *p);

static char *fs_code(const FS(error_code_t) *e) {
  if (e->tag == WASI_FILESYSTEM_0_3_0_TYPES_ERROR_CODE_OTHER)
    return other_code(e->val.other.is_some, e->val.other.val.ptr, e->val.other.val.len);
  return dup_z(fs_error_03(e->tag));
}

static char *net_code(const NET(error_code_t) *e) {
  if (e->tag == WASI_SOCKETS_0_3_0_TYPES_ERROR_CODE_OTHER)
    return other_code(e->val.other.is_some, e->val.other.val.ptr, e->val.other.val.len);
  return dup_z(net_error_03(e->tag));
}

static void environment(facts *f) {
  sandbox_list_tuple2_string_string_t env;
  wasi_cli_0_3_0_environment_get_environment(&env);
  f->env = calloc(env.len + 1, sizeof(env_var));
  for (size_t i = 0; i < env.len; i++) {
    f->env[i].name = dup_n(env.ptr[i].f0.ptr, env.ptr[i].f0.len);
    f->env[i].value = dup_n(env.ptr[i].f1.ptr, env.ptr[i].f1.len);
  }
  f->nenv = env.len;
  sandbox_list_tuple2_string_string_free(&env);

  sandbox_list_string_t args;
  wasi_cli_0_3_0_environment_get_arguments(&args);
  f->args = calloc(args.len + 1, sizeof(char *));
  for (size_t i = 0; i < args.len; i++) f->args[i] = dup_n(args.ptr[i].ptr, args.ptr[i].len);
  f->nargs = args.len;
  sandbox_list_string_free(&args);

  sandbox_string_t cwd;
  if (wasi_cli_0_3_0_environment_get_initial_cwd(&cwd)) {
    f->cwd = dup_n(cwd.ptr, cwd.len);
    sandbox_string_free(&cwd);
  }
}

// ---------------------------------------------------------------------------
// Files: open (unless the path is the preopen itself), read, record.

/** Records the file's outcome and moves on to the next file. */
static void file_outcome(probe *p, char *outcome) {
  p->f->files[p->file] = outcome;
  if (p->opened) FS(descriptor_drop_own)(p->fd);
  p->opened = false;
  p->file++;
  next_file(p);
}

static void drop_data(probe *p) {
  if (FILE_IS_DIR[p->file]) FS(stream_directory_entry_drop_readable)(p->data);
  else FS(stream_u8_drop_readable)(p->data);
}

static void end_read(void *ctx, uint32_t code) {
  (void)code;
  probe *p = ctx;
  FS(future_result_void_error_code_drop_readable)(p->end);
  // The stream ended before its first item: the future says whether reading failed.
  file_outcome(p, p->end_result.is_err ? fs_code(&p->end_result.val.err) : dup_z("read"));
}

static void data_read(void *ctx, uint32_t code) {
  probe *p = ctx;
  bool got = SANDBOX_WAITABLE_COUNT(code) > 0;
  if (got && FILE_IS_DIR[p->file]) FS(directory_entry_free)(&p->entry);
  drop_data(p);
  if (got || SANDBOX_WAITABLE_STATE(code) != SANDBOX_WAITABLE_DROPPED) {
    FS(future_result_void_error_code_drop_readable)(p->end);
    file_outcome(p, dup_z("read"));
    return;
  }
  uint32_t st = FS(future_result_void_error_code_read)(p->end, &p->end_result);
  if (st == BLOCKED) task_watch(p->t, p->end, end_read, p);
  else end_read(p, st);
}

static void read_through(probe *p, FS(borrow_descriptor_t) d) {
  uint32_t st;
  if (FILE_IS_DIR[p->file]) {
    FS(tuple2_stream_directory_entry_future_result_void_error_code_t) r;
    FS(method_descriptor_read_directory)(d, &r);
    p->data = r.f0;
    p->end = r.f1;
    st = FS(stream_directory_entry_read)(p->data, &p->entry, 1);
  } else {
    FS(tuple2_stream_u8_future_result_void_error_code_t) r;
    FS(method_descriptor_read_via_stream)(d, 0, &r);
    p->data = r.f0;
    p->end = r.f1;
    st = FS(stream_u8_read)(p->data, p->bytes, sizeof p->bytes);
  }
  if (st == BLOCKED) task_watch(p->t, p->data, data_read, p);
  else data_read(p, st);
}

static void opened(void *ctx) {
  probe *p = ctx;
  if (p->open_result.is_err) {
    file_outcome(p, fs_code(&p->open_result.val.err));
    return;
  }
  p->fd = p->open_result.val.ok;
  p->opened = true;
  read_through(p, FS(borrow_descriptor)(p->fd));
}

static void next_file(probe *p) {
  while (p->file < NFILES) {
    const char *rel = "";
    int at = covering_preopen(p->f->preopens, p->f->npreopens, FILE_PATHS[p->file], &rel);
    if (at < 0) {
      p->f->files[p->file++] = dup_z("no-preopen");
      continue;
    }
    FS(borrow_descriptor_t) base = FS(borrow_descriptor)(p->pre.ptr[at].f0);
    if (!*rel) rel = ".";  // the preopen itself, opened afresh as a guest would
    p->open_args = (FS(method_descriptor_open_at_args_t)){
        .self = base,
        .path_flags = WASI_FILESYSTEM_0_3_0_TYPES_PATH_FLAGS_SYMLINK_FOLLOW,
        .path = {(uint8_t *)rel, strlen(rel)},
        .open_flags = FILE_IS_DIR[p->file] ? WASI_FILESYSTEM_0_3_0_TYPES_OPEN_FLAGS_DIRECTORY : 0,
        .flags = WASI_FILESYSTEM_0_3_0_TYPES_DESCRIPTOR_FLAGS_READ,
    };
    task_await(p->t, FS(method_descriptor_open_at)(&p->open_args, &p->open_result), opened, p);
    return;
  }
  network(p);
}

// ---------------------------------------------------------------------------
// Network: connect to a closed loopback port, bind TCP and UDP, look a name up.

static NET(ip_socket_address_t) loopback(uint16_t port) {
  NET(ip_socket_address_t) a = {.tag = WASI_SOCKETS_0_3_0_TYPES_IP_SOCKET_ADDRESS_IPV4};
  a.val.ipv4.port = port;
  a.val.ipv4.address = (NET(ipv4_address_t)){127, 0, 0, 1};
  return a;
}

static void finish(probe *p) {
  wasi_filesystem_0_3_0_preopens_list_tuple2_own_descriptor_string_free(&p->pre);
  void (*done)(void *) = p->done;
  void *ctx = p->ctx;
  free(p);
  done(ctx);
}

static void looked_up(void *ctx) {
  probe *p = ctx;
  wasi_sockets_0_3_0_ip_name_lookup_result_list_ip_address_error_code_t *r = &p->lookup_result;
  char *out;
  if (!r->is_err) {
    out = dup_z(r->val.ok.len ? "resolved" : "no-address");
    free(r->val.ok.ptr);
  } else if (r->val.err.tag == WASI_SOCKETS_0_3_0_IP_NAME_LOOKUP_ERROR_CODE_OTHER) {
    out = other_code(r->val.err.val.other.is_some, r->val.err.val.other.val.ptr, r->val.err.val.other.val.len);
  } else {
    out = dup_z(lookup_error_03(r->val.err.tag));
  }
  p->f->network[NET_LOOKUP] = out;
  finish(p);
}

static void lookup(probe *p) {
  sandbox_string_t name = {(uint8_t *)LOOKUP_NAME, sizeof(LOOKUP_NAME) - 1};
  task_await(p->t, wasi_sockets_0_3_0_ip_name_lookup_resolve_addresses(name, &p->lookup_result), looked_up, p);
}

static char *tcp_bind(void) {
  NET(own_tcp_socket_t) s;
  NET(error_code_t) err;
  if (!NET(static_tcp_socket_create)(WASI_SOCKETS_0_3_0_TYPES_IP_ADDRESS_FAMILY_IPV4, &s, &err)) return net_code(&err);
  NET(ip_socket_address_t) at = loopback(0);
  bool ok = NET(method_tcp_socket_bind)(NET(borrow_tcp_socket)(s), &at, &err);
  NET(tcp_socket_drop_own)(s);
  return ok ? dup_z("bound") : net_code(&err);
}

static char *udp_bind(void) {
  NET(own_udp_socket_t) s;
  NET(error_code_t) err;
  if (!NET(static_udp_socket_create)(WASI_SOCKETS_0_3_0_TYPES_IP_ADDRESS_FAMILY_IPV4, &s, &err)) return net_code(&err);
  NET(ip_socket_address_t) at = loopback(0);
  bool ok = NET(method_udp_socket_bind)(NET(borrow_udp_socket)(s), &at, &err);
  NET(udp_socket_drop_own)(s);
  return ok ? dup_z("bound") : net_code(&err);
}

static void after_connect(probe *p) {
  p->f->network[NET_TCP_BIND] = tcp_bind();
  p->f->network[NET_UDP_BIND] = udp_bind();
  lookup(p);
}

static void connected(void *ctx) {
  probe *p = ctx;
  p->f->network[NET_TCP_CONNECT] = p->connect_result.is_err ? net_code(&p->connect_result.val.err) : dup_z("connected");
  NET(tcp_socket_drop_own)(p->tcp);
  after_connect(p);
}

static void network(probe *p) {
  NET(error_code_t) err;
  if (!NET(static_tcp_socket_create)(WASI_SOCKETS_0_3_0_TYPES_IP_ADDRESS_FAMILY_IPV4, &p->tcp, &err)) {
    p->f->network[NET_TCP_CONNECT] = net_code(&err);
    after_connect(p);
    return;
  }
  p->connect_args = (NET(method_tcp_socket_connect_args_t)){NET(borrow_tcp_socket)(p->tcp), loopback(CLOSED_PORT)};
  task_await(p->t, NET(method_tcp_socket_connect)(&p->connect_args, &p->connect_result), connected, p);
}

void probe_wasi03(task *t, facts *f, void (*done)(void *ctx), void *ctx) {
  probe *p = calloc(1, sizeof(probe));
  if (!p) __builtin_trap();
  *p = (probe){.t = t, .f = f, .done = done, .ctx = ctx};
  environment(f);
  wasi_filesystem_0_3_0_preopens_get_directories(&p->pre);
  f->preopens = calloc(p->pre.len + 1, sizeof(char *));
  for (size_t i = 0; i < p->pre.len; i++) f->preopens[i] = dup_n(p->pre.ptr[i].f1.ptr, p->pre.ptr[i].f1.len);
  f->npreopens = p->pre.len;
  next_file(p);
}
