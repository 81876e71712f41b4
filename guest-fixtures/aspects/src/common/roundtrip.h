// Multi round-trip requests: input-required outcomes and the checks of a
// retry (docs/fixtures.md, "Multi round-trip tools").
#ifndef ASPECT_ROUNDTRIP_H
#define ASPECT_ROUNDTRIP_H

#include "guest.h"
#include "task.h"

typedef wasi_mcp_types_input_required_t input_required;
typedef wasi_mcp_types_retry_t retry;

/** input-required with one request (params: JSON text) and a state. */
input_required ask(task *t, const char *key, const char *method, const char *params, const char *state);
/** input-required with a state only. */
input_required ask_state(task *t, const char *state);
/** Whether the retry carries exactly this request-state. */
bool state_is(const retry *r, const char *state);
/** The response under key, parsed (the caller frees it), or NULL. */
jv *response(const retry *r, const char *key);

#endif
