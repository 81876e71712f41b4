// Error code names, in the order of the WIT cases (checked against the
// generated bindings' constants at compile time).
#include "names.h"

#include "sandbox.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NAME(table, i) ((i) < COUNT(table) ? table[i] : "unknown-code")

static const char *const FS02[] = {
    "access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist", "file-too-large",
    "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory", "loop", "too-many-links",
    "message-size", "name-too-long", "no-device", "no-entry", "no-lock", "insufficient-memory", "insufficient-space",
    "not-directory", "not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
    "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device",
};
_Static_assert(COUNT(FS02) == WASI_FILESYSTEM_0_2_12_TYPES_ERROR_CODE_CROSS_DEVICE + 1, "wasi:filesystem@0.2 error codes");
_Static_assert(WASI_FILESYSTEM_0_2_12_TYPES_ERROR_CODE_NOT_PERMITTED == 31, "wasi:filesystem@0.2 error codes");

static const char *const FS03[] = {
    "access", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist", "file-too-large",
    "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory", "loop", "too-many-links",
    "message-size", "name-too-long", "no-device", "no-entry", "no-lock", "insufficient-memory", "insufficient-space",
    "not-directory", "not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
    "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device", "other",
};
_Static_assert(COUNT(FS03) == WASI_FILESYSTEM_0_3_0_TYPES_ERROR_CODE_OTHER + 1, "wasi:filesystem@0.3 error codes");
_Static_assert(WASI_FILESYSTEM_0_3_0_TYPES_ERROR_CODE_NOT_PERMITTED == 30, "wasi:filesystem@0.3 error codes");

static const char *const NET02[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout", "concurrency-conflict",
    "not-in-progress", "would-block", "invalid-state", "new-socket-limit", "address-not-bindable", "address-in-use",
    "remote-unreachable", "connection-refused", "connection-reset", "connection-aborted", "datagram-too-large",
    "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure",
};
_Static_assert(COUNT(NET02) == WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_PERMANENT_RESOLVER_FAILURE + 1, "wasi:sockets@0.2 error codes");
_Static_assert(WASI_SOCKETS_0_2_12_NETWORK_ERROR_CODE_CONNECTION_REFUSED == 14, "wasi:sockets@0.2 error codes");

static const char *const NET03[] = {
    "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout", "invalid-state",
    "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused", "connection-broken",
    "connection-reset", "connection-aborted", "datagram-too-large", "other",
};
_Static_assert(COUNT(NET03) == WASI_SOCKETS_0_3_0_TYPES_ERROR_CODE_OTHER + 1, "wasi:sockets@0.3 error codes");
_Static_assert(WASI_SOCKETS_0_3_0_TYPES_ERROR_CODE_CONNECTION_REFUSED == 9, "wasi:sockets@0.3 error codes");

static const char *const LOOKUP03[] = {
    "access-denied", "invalid-argument", "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure", "other",
};
_Static_assert(COUNT(LOOKUP03) == WASI_SOCKETS_0_3_0_IP_NAME_LOOKUP_ERROR_CODE_OTHER + 1, "wasi:sockets@0.3 lookup error codes");

const char *fs_error_02(uint8_t code) { return NAME(FS02, code); }
const char *fs_error_03(uint8_t tag) { return NAME(FS03, tag); }
const char *net_error_02(uint8_t code) { return NAME(NET02, code); }
const char *net_error_03(uint8_t tag) { return NAME(NET03, tag); }
const char *lookup_error_03(uint8_t tag) { return NAME(LOOKUP03, tag); }
