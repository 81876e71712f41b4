// What one WASI release let the guest reach: the facts of the probe report
// (docs/fixtures.md, "The sandbox fixture").
#ifndef SB_FACTS_H
#define SB_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

/** The paths the probe tries to read, and whether each is a directory. */
#define NFILES 4
extern const char *const FILE_PATHS[NFILES];
extern const bool FILE_IS_DIR[NFILES];

/** The network operations the probe tries, by their report keys. */
enum { NET_TCP_CONNECT, NET_TCP_BIND, NET_UDP_BIND, NET_LOOKUP, NNET };
extern const char *const NET_KEYS[NNET];

/** The loopback port nothing listens on (a sealed network denies before it finds out). */
#define CLOSED_PORT 1
#define LOOKUP_NAME "localhost"

typedef struct {
  char *name, *value;
} env_var;

typedef struct {
  env_var *env;
  size_t nenv;
  char **args;
  size_t nargs;
  char *cwd;  // NULL: none
  char **preopens;
  size_t npreopens;
  /** Each an outcome: "read", "no-preopen", or the WASI error code's name (malloc). */
  char *files[NFILES];
  /** Each an outcome: "connected", "bound", "resolved", "no-address", or an error code's name (malloc). */
  char *network[NNET];
} facts;

/** A malloc'd copy of the n bytes at p, NUL-terminated. */
char *dup_n(const void *p, size_t n);
char *dup_z(const char *s);
/** "other" or "other: TEXT", for the error variants of WASI 0.3. */
char *other_code(bool has_text, const void *text, size_t n);

/**
 * The index of the preopen holding path (the longest name that is the path
 * or a folder above it; "." holds relative paths), or -1; *rel is then the
 * path below it ("" for the preopen itself).
 */
int covering_preopen(char *const *names, size_t n, const char *path, const char **rel);

/** Writes the facts as a JSON object. */
void facts_json(buf *b, const facts *f);
void facts_free(facts *f);

#endif
