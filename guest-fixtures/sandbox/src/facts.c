// The facts of one WASI release, and their JSON.
#include "facts.h"

#include <stdlib.h>
#include <string.h>

const char *const FILE_PATHS[NFILES] = {"/etc/passwd", "/proc/self/environ", "/", "."};
const bool FILE_IS_DIR[NFILES] = {false, false, true, true};
const char *const NET_KEYS[NNET] = {"tcp-connect 127.0.0.1:1", "tcp-bind 127.0.0.1:0", "udp-bind 127.0.0.1:0", "ip-name-lookup localhost"};

char *dup_n(const void *p, size_t n) {
  char *s = malloc(n + 1);
  if (!s) __builtin_trap();
  if (n) memcpy(s, p, n);
  s[n] = 0;
  return s;
}

char *dup_z(const char *s) { return dup_n(s, strlen(s)); }

char *other_code(bool has_text, const void *text, size_t n) {
  if (!has_text) return dup_z("other");
  buf b = {0};
  bputs(&b, "other: ");
  bput(&b, text, n);
  return b.p;
}

int covering_preopen(char *const *names, size_t n, const char *path, const char **rel) {
  int best = -1;
  size_t best_len = 0;
  for (size_t i = 0; i < n; i++) {
    const char *name = names[i];
    size_t len = strlen(name);
    while (len > 1 && name[len - 1] == '/') len--;  // "/tmp/" holds what "/tmp" holds
    const char *below = NULL;
    if (len == 1 && name[0] == '/' && path[0] == '/') {
      below = path + 1;
    } else if (len == 1 && name[0] == '.' && path[0] != '/') {
      below = strcmp(path, ".") == 0 ? "" : (strncmp(path, "./", 2) == 0 ? path + 2 : path);
    } else if (strncmp(path, name, len) == 0 && (path[len] == 0 || path[len] == '/')) {
      below = path[len] ? path + len + 1 : path + len;
    }
    if (below && (best < 0 || len > best_len)) {
      best = (int)i;
      best_len = len;
      *rel = below;
    }
  }
  return best;
}

void facts_json(buf *b, const facts *f) {
  bputs(b, "{\"environment\":[");
  for (size_t i = 0; i < f->nenv; i++) {
    if (i) bputc(b, ',');
    bputc(b, '[');
    bstrz(b, f->env[i].name);
    bputc(b, ',');
    bstrz(b, f->env[i].value);
    bputc(b, ']');
  }
  bputs(b, "],\"arguments\":[");
  for (size_t i = 0; i < f->nargs; i++) {
    if (i) bputc(b, ',');
    bstrz(b, f->args[i]);
  }
  bputs(b, "],\"cwd\":");
  if (f->cwd) bstrz(b, f->cwd);
  else bputs(b, "null");
  bputs(b, ",\"preopens\":[");
  for (size_t i = 0; i < f->npreopens; i++) {
    if (i) bputc(b, ',');
    bstrz(b, f->preopens[i]);
  }
  bputs(b, "],\"files\":{");
  for (size_t i = 0; i < NFILES; i++) {
    if (i) bputc(b, ',');
    bstrz(b, FILE_PATHS[i]);
    bputc(b, ':');
    bstrz(b, f->files[i] ? f->files[i] : "not-probed");
  }
  bputs(b, "},\"network\":{");
  for (size_t i = 0; i < NNET; i++) {
    if (i) bputc(b, ',');
    bstrz(b, NET_KEYS[i]);
    bputc(b, ':');
    bstrz(b, f->network[i] ? f->network[i] : "not-probed");
  }
  bputs(b, "}}");
}

void facts_free(facts *f) {
  for (size_t i = 0; i < f->nenv; i++) {
    free(f->env[i].name);
    free(f->env[i].value);
  }
  free(f->env);
  for (size_t i = 0; i < f->nargs; i++) free(f->args[i]);
  free(f->args);
  free(f->cwd);
  for (size_t i = 0; i < f->npreopens; i++) free(f->preopens[i]);
  free(f->preopens);
  for (size_t i = 0; i < NFILES; i++) free(f->files[i]);
  for (size_t i = 0; i < NNET; i++) free(f->network[i]);
  memset(f, 0, sizeof *f);
}
