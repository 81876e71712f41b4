// get-prompt's messages (docs/fixtures.md, "Prompts").
#ifndef ASPECT_PROMPTS_H
#define ASPECT_PROMPTS_H

#include "guest.h"
#include "task.h"

exports_wasi_mcp_server_result_prompt_outcome_error_t get_prompt(task *t, const request_context *ctx, str name,
                                                                 const aspect_list_tuple2_string_string_t *args,
                                                                 const exports_wasi_mcp_server_retry_t *retry);

#endif
