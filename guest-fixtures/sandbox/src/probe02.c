// WASI 0.2: every call is synchronous; a socket operation in progress is
// waited for with wasi:io/poll.
#include "probe02.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "sandbox.h"

typedef wasi_filesystem_0_2_12_types_own_descriptor_t own_descriptor;
typedef wasi_filesystem_0_2_12_types_error_code_t fs_error;
typedef wasi_sockets_0_2_12_network_error_code_t net_error;
typedef wasi_sockets_0_2_12_network_ip_socket_address_t socket_address;
typedef wasi_sockets_0_2_12_network_borrow_network_t borrow_network;

static void environment(facts *f) {
  sandbox_list_tuple2_string_string_t env;
  wasi_cli_0_2_12_environment_get_environment(&env);
  f->env = calloc(env.len + 1, sizeof(env_var));
  for (size_t i = 0; i < env.len; i++) {
    f->env[i].name = dup_n(env.ptr[i].f0.ptr, env.ptr[i].f0.len);
    f->env[i].value = dup_n(env.ptr[i].f1.ptr, env.ptr[i].f1.len);
  }
  f->nenv = env.len;
  sandbox_list_tuple2_string_string_free(&env);

  sandbox_list_string_t args;
  wasi_cli_0_2_12_environment_get_arguments(&args);
  f->args = calloc(args.len + 1, sizeof(char *));
  for (size_t i = 0; i < args.len; i++) f->args[i] = dup_n(args.ptr[i].ptr, args.ptr[i].len);
  f->nargs = args.len;
  sandbox_list_string_free(&args);

  sandbox_string_t cwd;
  if (wasi_cli_0_2_12_environment_initial_cwd(&cwd)) {
    f->cwd = dup_n(cwd.ptr, cwd.len);
    sandbox_string_free(&cwd);
  }
}

/** Reads a file's first bytes or a directory's first entry through the descriptor. */
static char *read_through(wasi_filesystem_0_2_12_types_borrow_descriptor_t d, bool dir) {
  fs_error err;
  if (dir) {
    wasi_filesystem_0_2_12_types_own_directory_entry_stream_t entries;
    if (!wasi_filesystem_0_2_12_types_method_descriptor_read_directory(d, &entries, &err)) return dup_z(fs_error_02(err));
    wasi_filesystem_0_2_12_types_option_directory_entry_t entry;
    bool ok = wasi_filesystem_0_2_12_types_method_directory_entry_stream_read_directory_entry(
        wasi_filesystem_0_2_12_types_borrow_directory_entry_stream(entries), &entry, &err);
    if (ok) wasi_filesystem_0_2_12_types_option_directory_entry_free(&entry);
    wasi_filesystem_0_2_12_types_directory_entry_stream_drop_own(entries);
    return dup_z(ok ? "read" : fs_error_02(err));
  }
  sandbox_tuple2_list_u8_bool_t got;
  if (!wasi_filesystem_0_2_12_types_method_descriptor_read(d, 64, 0, &got, &err)) return dup_z(fs_error_02(err));
  free(got.f0.ptr);
  return dup_z("read");
}

static void files(facts *f) {
  wasi_filesystem_0_2_12_preopens_list_tuple2_own_descriptor_string_t pre;
  wasi_filesystem_0_2_12_preopens_get_directories(&pre);
  f->preopens = calloc(pre.len + 1, sizeof(char *));
  for (size_t i = 0; i < pre.len; i++) f->preopens[i] = dup_n(pre.ptr[i].f1.ptr, pre.ptr[i].f1.len);
  f->npreopens = pre.len;
  for (size_t i = 0; i < NFILES; i++) {
    const char *rel = "";
    int at = covering_preopen(f->preopens, f->npreopens, FILE_PATHS[i], &rel);
    if (at < 0) {
      f->files[i] = dup_z("no-preopen");
      continue;
    }
    wasi_filesystem_0_2_12_types_borrow_descriptor_t base = wasi_filesystem_0_2_12_types_borrow_descriptor(pre.ptr[at].f0);
    if (!*rel) rel = ".";  // the preopen itself, opened afresh as a guest would
    sandbox_string_t path = {(uint8_t *)rel, strlen(rel)};
    own_descriptor d;
    fs_error err;
    if (!wasi_filesystem_0_2_12_types_method_descriptor_open_at(base, WASI_FILESYSTEM_0_2_12_TYPES_PATH_FLAGS_SYMLINK_FOLLOW, &path,
                                                                FILE_IS_DIR[i] ? WASI_FILESYSTEM_0_2_12_TYPES_OPEN_FLAGS_DIRECTORY : 0,
                                                                WASI_FILESYSTEM_0_2_12_TYPES_DESCRIPTOR_FLAGS_READ, &d, &err)) {
      f->files[i] = dup_z(fs_error_02(err));
      continue;
    }
    f->files[i] = read_through(wasi_filesystem_0_2_12_types_borrow_descriptor(d), FILE_IS_DIR[i]);
    wasi_filesystem_0_2_12_types_descriptor_drop_own(d);
  }
  wasi_filesystem_0_2_12_preopens_list_tuple2_own_descriptor_string_free(&pre);
}

static void wait_ready(wasi_io_poll_own_pollable_t p) {
  wasi_io_poll_borrow_pollable_t b = wasi_io_poll_borrow_pollable(p);
  wasi_io_poll_list_borrow_pollable_t list = {&b, 1};
  sandbox_list_u32_t ready;
  wasi_io_poll_poll(&list, &ready);
  sandbox_list_u32_free(&ready);
  wasi_io_poll_pollable_drop_own(p);
}

static socket_address loopback(uint16_t port) {
  socket_address a = {.tag = WASI_SOCKETS_0_2_12_NETWORK_IP_SOCKET_ADDRESS_IPV4};
  a.val.ipv4.port = port;
  a.val.ipv4.address = (wasi_sockets_0_2_12_network_ipv4_address_t){127, 0, 0, 1};
  return a;
}

static char *tcp_connect(borrow_network net) {
  wasi_sockets_0_2_12_tcp_create_socket_own_tcp_socket_t s;
  net_error err;
  if (!wasi_sockets_0_2_12_tcp_create_socket_create_tcp_socket(WASI_SOCKETS_0_2_12_NETWORK_IP_ADDRESS_FAMILY_IPV4, &s, &err))
    return dup_z(net_error_02(err));
  wasi_sockets_0_2_12_tcp_borrow_tcp_socket_t b = wasi_sockets_0_2_12_tcp_borrow_tcp_socket(s);
  socket_address to = loopback(CLOSED_PORT);
  char *out;
  if (!wasi_sockets_0_2_12_tcp_method_tcp_socket_start_connect(b, net, &to, &err)) {
    out = dup_z(net_error_02(err));
  } else {
    for (;;) {
      wasi_sockets_0_2_12_tcp_tuple2_own_input_stream_own_output_stream_t io;
      if (wasi_sockets_0_2_12_tcp_method_tcp_socket_finish_connect(b, &io, &err)) {
        wasi_io_streams_input_stream_drop_own(io.f0);
        wasi_io_streams_output_stream_drop_own(io.f1);
        out = dup_z("connected");
        break;
      }
      if (err != WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_WOULD_BLOCK) {
        out = dup_z(net_error_02(err));
        break;
      }
      wait_ready(wasi_sockets_0_2_12_tcp_method_tcp_socket_subscribe(b));
    }
  }
  wasi_sockets_0_2_12_tcp_tcp_socket_drop_own(s);
  return out;
}

static char *tcp_bind(borrow_network net) {
  wasi_sockets_0_2_12_tcp_create_socket_own_tcp_socket_t s;
  net_error err;
  if (!wasi_sockets_0_2_12_tcp_create_socket_create_tcp_socket(WASI_SOCKETS_0_2_12_NETWORK_IP_ADDRESS_FAMILY_IPV4, &s, &err))
    return dup_z(net_error_02(err));
  wasi_sockets_0_2_12_tcp_borrow_tcp_socket_t b = wasi_sockets_0_2_12_tcp_borrow_tcp_socket(s);
  socket_address at = loopback(0);
  char *out;
  if (!wasi_sockets_0_2_12_tcp_method_tcp_socket_start_bind(b, net, &at, &err)) {
    out = dup_z(net_error_02(err));
  } else {
    for (;;) {
      if (wasi_sockets_0_2_12_tcp_method_tcp_socket_finish_bind(b, &err)) {
        out = dup_z("bound");
        break;
      }
      if (err != WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_WOULD_BLOCK) {
        out = dup_z(net_error_02(err));
        break;
      }
      wait_ready(wasi_sockets_0_2_12_tcp_method_tcp_socket_subscribe(b));
    }
  }
  wasi_sockets_0_2_12_tcp_tcp_socket_drop_own(s);
  return out;
}

static char *udp_bind(borrow_network net) {
  wasi_sockets_0_2_12_udp_create_socket_own_udp_socket_t s;
  net_error err;
  if (!wasi_sockets_0_2_12_udp_create_socket_create_udp_socket(WASI_SOCKETS_0_2_12_NETWORK_IP_ADDRESS_FAMILY_IPV4, &s, &err))
    return dup_z(net_error_02(err));
  wasi_sockets_0_2_12_udp_borrow_udp_socket_t b = wasi_sockets_0_2_12_udp_borrow_udp_socket(s);
  socket_address at = loopback(0);
  char *out;
  if (!wasi_sockets_0_2_12_udp_method_udp_socket_start_bind(b, net, &at, &err)) {
    out = dup_z(net_error_02(err));
  } else {
    for (;;) {
      if (wasi_sockets_0_2_12_udp_method_udp_socket_finish_bind(b, &err)) {
        out = dup_z("bound");
        break;
      }
      if (err != WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_WOULD_BLOCK) {
        out = dup_z(net_error_02(err));
        break;
      }
      wait_ready(wasi_sockets_0_2_12_udp_method_udp_socket_subscribe(b));
    }
  }
  wasi_sockets_0_2_12_udp_udp_socket_drop_own(s);
  return out;
}

static char *lookup(borrow_network net) {
  sandbox_string_t name = {(uint8_t *)LOOKUP_NAME, sizeof(LOOKUP_NAME) - 1};
  wasi_sockets_0_2_12_ip_name_lookup_own_resolve_address_stream_t s;
  net_error err;
  if (!wasi_sockets_0_2_12_ip_name_lookup_resolve_addresses(net, &name, &s, &err)) return dup_z(net_error_02(err));
  wasi_sockets_0_2_12_ip_name_lookup_borrow_resolve_address_stream_t b = wasi_sockets_0_2_12_ip_name_lookup_borrow_resolve_address_stream(s);
  char *out;
  for (;;) {
    wasi_sockets_0_2_12_ip_name_lookup_option_ip_address_t addr;
    if (wasi_sockets_0_2_12_ip_name_lookup_method_resolve_address_stream_resolve_next_address(b, &addr, &err)) {
      out = dup_z(addr.is_some ? "resolved" : "no-address");
      break;
    }
    if (err != WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_WOULD_BLOCK) {
      out = dup_z(net_error_02(err));
      break;
    }
    wait_ready(wasi_sockets_0_2_12_ip_name_lookup_method_resolve_address_stream_subscribe(b));
  }
  wasi_sockets_0_2_12_ip_name_lookup_resolve_address_stream_drop_own(s);
  return out;
}

static void network(facts *f) {
  wasi_sockets_0_2_12_instance_network_own_network_t own = wasi_sockets_0_2_12_instance_network_instance_network();
  borrow_network net = wasi_sockets_0_2_12_network_borrow_network(own);
  f->network[NET_TCP_CONNECT] = tcp_connect(net);
  f->network[NET_TCP_BIND] = tcp_bind(net);
  f->network[NET_UDP_BIND] = udp_bind(net);
  f->network[NET_LOOKUP] = lookup(net);
  wasi_sockets_0_2_12_network_network_drop_own(own);
}

void probe_wasi02(facts *f) {
  environment(f);
  files(f);
  network(f);
}
