// wasi:mcp errors with a message and optional JSON data.
#ifndef ASPECT_ERRORS_H
#define ASPECT_ERRORS_H

#include "guest.h"
#include "task.h"

typedef wasi_mcp_types_error_t error;

/** An error with a message (copied into the task) and no data. */
error fail_with(task *t, wasi_mcp_types_error_code_t code, const char *message);
/** An error "MESSAGE: VALUE" whose data is {"NAME": VALUE} (VALUE a string). */
error fail_named(task *t, wasi_mcp_types_error_code_t code, const char *message, const char *name, str value);
/** `data` (JSON text, taken) becomes the error's data. */
error fail_data(task *t, wasi_mcp_types_error_code_t code, const char *message, buf *data);
/** invalid-params with data {NAME: the argument's value, or null}. */
error fail_member(task *t, const char *message, const char *name, const jv *value);
/** missing-client-capability for CAP: data {"requiredCapabilities": {CAP: {}}}. */
error missing_capability(task *t, const char *cap);
/** Whether the request's client capabilities declare cap. */
bool has_capability(const request_context *ctx, const char *cap);

#endif
