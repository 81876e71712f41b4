// Tool outcomes: text results, tool execution errors, structured content,
// protocol errors and input-required (docs/fixtures.md, "Tools").
#ifndef ASPECT_OUTCOME_H
#define ASPECT_OUTCOME_H

#include "call.h"
#include "errors.h"
#include "roundtrip.h"

/** A text result; is_error marks a tool execution error. */
tool_outcome result_of(task *t, str text, bool is_error);
tool_outcome text_result(task *t, const char *text);
tool_outcome tool_error(task *t, const char *text);
/** Text and structured content: the same JSON (json is taken). */
tool_outcome structured(task *t, buf *json);
/** A protocol error. */
tool_outcome failed(error e);
tool_outcome asking(input_required ir);

#endif
