// The provider's configuration, read once from its environment:
// WASI_MCP_PEERS (a JSON object from peer name to "IP:PORT", docs/targets.md
// "Peers") and WASI_MCP_HOST_DEFECT (the host's defects, src/defects.c; the
// provider acts on the peer-* ones and leaves unknown names to the host,
// which refuses them).
#include <stdlib.h>
#include <string.h>

#include "provider.h"

static bool loaded;
static jval *peers;          // the parsed object, or NULL
static bool peers_unreadable;  // set but not a JSON object of strings

static bool is(const cp_string *s, const char *lit) { return s->len == strlen(lit) && memcmp(s->ptr, lit, s->len) == 0; }

void config_load(void) {
  if (loaded) return;
  loaded = true;
  client_provider_list_tuple2_string_string_t env;
  wasi_cli_environment_get_environment(&env);
  for (size_t i = 0; i < env.len; i++) {
    const cp_string *k = &env.ptr[i].f0, *v = &env.ptr[i].f1;
    if (is(k, "WASI_MCP_PEERS")) {
      json_free(peers);
      peers = json_parse((const char *)v->ptr, v->len, NULL);
      peers_unreadable = !peers || peers->t != J_OBJ;
      for (size_t j = 0; peers && !peers_unreadable && j < peers->n; j++)
        if (peers->items[j]->t != J_STR) peers_unreadable = true;
    } else if (is(k, "WASI_MCP_HOST_DEFECT")) {
      defect_select((const char *)v->ptr, v->len);  // unknown names: the host says so
    }
  }
  client_provider_list_tuple2_string_string_free(&env);
}

peer_lookup peer_address(const char *name, size_t len, wasi_sockets_types_ip_socket_address_t *out) {
  config_load();
  if (peers_unreadable) return PEERS_UNREADABLE;
  if (!peers) return PEER_UNKNOWN;
  const jval *addr = NULL;
  for (size_t i = 0; i < peers->n; i++)
    if (peers->klens[i] == len && memcmp(peers->keys[i], name, len) == 0) addr = peers->items[i];  // the last one wins, as in JSON.parse
  if (!addr) return PEER_UNKNOWN;
  return parse_socket_address(addr->s, addr->slen, out) ? PEER_FOUND : PEER_BAD_ADDRESS;
}

// ---------------------------------------------------------------------------
// Socket addresses: "1.2.3.4:80", "[::1]:80", "[2001:db8::1]:443".

static bool parse_port(const char *s, size_t n, uint16_t *out) {
  if (!n || n > 5) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (uint32_t)(s[i] - '0');
  }
  if (v == 0 || v > 65535 || (n > 1 && s[0] == '0')) return false;
  *out = (uint16_t)v;
  return true;
}

static bool parse_ipv4(const char *s, size_t n, uint8_t out[4]) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part && (i >= n || s[i++] != '.')) return false;
    size_t start = i;
    uint32_t v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (uint32_t)(s[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && s[start] == '0')) return false;
    out[part] = (uint8_t)v;
  }
  return i == n;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/** RFC 4291 text form, with "::" and a trailing dotted IPv4 part. */
static bool parse_ipv6(const char *s, size_t n, uint16_t out[8]) {
  uint16_t head[8], tail[8];
  int nh = 0, nt = 0;
  bool gap = false;
  size_t i = 0;
  if (n >= 2 && s[0] == ':' && s[1] == ':') {
    gap = true;
    i = 2;
  } else if (n && s[0] == ':') {
    return false;
  }
  while (i < n) {
    uint16_t *groups = gap ? tail : head;
    int *count = gap ? &nt : &nh;
    if (nh + nt >= 8) return false;
    // a dotted IPv4 tail takes two groups
    const char *colon = memchr(s + i, ':', n - i);
    size_t group_end = colon ? (size_t)(colon - s) : n;
    if (memchr(s + i, '.', group_end - i)) {
      uint8_t v4[4];
      if (nh + nt > 6 || !parse_ipv4(s + i, n - i, v4)) return false;
      groups[(*count)++] = (uint16_t)(v4[0] << 8 | v4[1]);
      groups[(*count)++] = (uint16_t)(v4[2] << 8 | v4[3]);
      i = n;
      break;
    }
    size_t start = i;
    uint32_t v = 0;
    while (i < n && hexval(s[i]) >= 0 && i - start < 4) v = v * 16 + (uint32_t)hexval(s[i++]);
    if (i == start) return false;
    groups[(*count)++] = (uint16_t)v;
    if (i == n) break;
    if (s[i] != ':') return false;
    i++;
    if (i < n && s[i] == ':') {
      if (gap) return false;
      gap = true;
      i++;
    } else if (i == n) {
      return false;  // a trailing single ':'
    }
  }
  if (gap ? nh + nt > 7 : nh != 8) return false;
  int k = 0;
  for (int j = 0; j < nh; j++) out[k++] = head[j];
  for (int j = 0; j < 8 - nh - nt; j++) out[k++] = 0;
  for (int j = 0; j < nt; j++) out[k++] = tail[j];
  return true;
}

bool parse_socket_address(const char *s, size_t n, wasi_sockets_types_ip_socket_address_t *out) {
  memset(out, 0, sizeof *out);
  if (n && s[0] == '[') {
    const char *close = memchr(s, ']', n);
    if (!close || (size_t)(close - s) + 1 >= n || close[1] != ':') return false;
    uint16_t g[8];
    if (!parse_ipv6(s + 1, (size_t)(close - s) - 1, g)) return false;
    wasi_sockets_types_ipv6_socket_address_t *a = &out->val.ipv6;
    out->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6;
    a->address = (wasi_sockets_types_ipv6_address_t){g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]};
    const char *p = close + 2;
    return parse_port(p, n - (size_t)(p - s), &a->port);
  }
  const char *colon = NULL;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ':') colon = s + i;
  if (!colon) return false;
  uint8_t v4[4];
  if (!parse_ipv4(s, (size_t)(colon - s), v4)) return false;
  out->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4;
  out->val.ipv4.address = (wasi_sockets_types_ipv4_address_t){v4[0], v4[1], v4[2], v4[3]};
  return parse_port(colon + 1, n - (size_t)(colon + 1 - s), &out->val.ipv4.port);
}
