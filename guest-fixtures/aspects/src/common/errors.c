// Errors and the client-capability check of multi round-trip requests.
#include "errors.h"

#include <stdlib.h>
#include <string.h>

error fail_with(task *t, wasi_mcp_types_error_code_t code, const char *message) {
  return (error){code, task_str(t, message, strlen(message)), {false, {0}}};
}

error fail_data(task *t, wasi_mcp_types_error_code_t code, const char *message, buf *data) {
  error e = fail_with(t, code, message);
  e.data = (wasi_mcp_types_option_json_t){true, task_buf(t, data)};
  return e;
}

error fail_named(task *t, wasi_mcp_types_error_code_t code, const char *message, const char *name, str value) {
  buf m = {0};
  bputs(&m, message);
  bputs(&m, ": ");
  bput(&m, value.ptr, value.len);
  buf b = {0};
  bputc(&b, '{');
  bstrz(&b, name);
  bputc(&b, ':');
  bstr(&b, (const char *)value.ptr, value.len);
  bputc(&b, '}');
  error e = fail_data(t, code, m.p, &b);
  free(m.p);
  return e;
}

error fail_member(task *t, const char *message, const char *name, const jv *value) {
  buf d = {0};
  bputc(&d, '{');
  bstrz(&d, name);
  bputc(&d, ':');
  bjson(&d, value);
  bputc(&d, '}');
  return fail_data(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, message, &d);
}

error missing_capability(task *t, const char *cap) {
  buf b = {0};
  bputs(&b, "{\"requiredCapabilities\":{");
  bstrz(&b, cap);
  bputs(&b, ":{}}}");
  buf m = {0};
  bputs(&m, "the client did not declare the ");
  bputs(&m, cap);
  bputs(&m, " capability");
  error e = fail_data(t, WASI_MCP_TYPES_ERROR_CODE_MISSING_CLIENT_CAPABILITY, m.p, &b);
  free(m.p);
  return e;
}

bool has_capability(const request_context *ctx, const char *cap) {
  jv *caps = jparse((const char *)ctx->client_capabilities.ptr, ctx->client_capabilities.len);
  const jv *c = jget(caps, cap);
  // A declared capability is an object (MCP's ClientCapabilities members are objects).
  bool ok = c && c->k == JOBJ;
  jfree(caps);
  return ok;
}
