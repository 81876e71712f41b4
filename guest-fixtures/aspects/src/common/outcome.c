// Building tool outcomes in task memory.
#include "outcome.h"

#include <string.h>

#include "content.h"

tool_outcome result_of(task *t, str text, bool is_error) {
  content *c = task_alloc(t, sizeof(content));
  *c = text_content(text);
  tool_outcome o = {.is_err = false};
  o.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_TOOL_OUTCOME_COMPLETE;
  o.val.ok.val.complete = (wasi_mcp_types_tool_result_t){{c, 1}, {false, {0}}, is_error, {false, {0}}};
  return o;
}

tool_outcome text_result(task *t, const char *text) { return result_of(t, task_str(t, text, strlen(text)), false); }
tool_outcome tool_error(task *t, const char *text) { return result_of(t, task_str(t, text, strlen(text)), true); }

tool_outcome structured(task *t, buf *json) {
  str s = task_buf(t, json);
  tool_outcome o = result_of(t, s, false);
  o.val.ok.val.complete.structured_content = (wasi_mcp_types_option_json_t){true, s};
  return o;
}

tool_outcome failed(error e) { return (tool_outcome){.is_err = true, .val.err = e}; }

tool_outcome asking(input_required ir) {
  tool_outcome o = {.is_err = false};
  o.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_TOOL_OUTCOME_INPUT_REQUIRED;
  o.val.ok.val.input_required = ir;
  return o;
}
