// Building input-required outcomes and reading retries.
#include "roundtrip.h"

#include <string.h>

input_required ask(task *t, const char *key, const char *method, const char *params, const char *state) {
  wasi_mcp_types_tuple2_string_input_request_t *req = task_alloc(t, sizeof *req);
  req->f0 = cstr(key);
  req->f1 = (wasi_mcp_types_input_request_t){cstr(method), cstr(params)};
  return (input_required){{req, 1}, {true, cstr(state)}};
}

input_required ask_state(task *t, const char *state) {
  (void)t;
  return (input_required){{NULL, 0}, {true, cstr(state)}};
}

bool state_is(const retry *r, const char *state) { return r->request_state.is_some && str_is(r->request_state.val, state); }

jv *response(const retry *r, const char *key) {
  for (size_t i = r->responses.len; i-- > 0;) {
    if (str_is(r->responses.ptr[i].f0, key)) return jparse((const char *)r->responses.ptr[i].f1.ptr, r->responses.ptr[i].f1.len);
  }
  return NULL;
}
