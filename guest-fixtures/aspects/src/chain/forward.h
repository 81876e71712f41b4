// Passing a call on to the next aspect of the chain (wit/README.md,
// "Composing a server from aspects"): the export's arguments become the
// import's, the import is called async (a subtask of the export's task),
// and its result is returned as it is: stream and future handles pass
// through untouched, and a cancel future reaches the aspect that does the
// work. Each function takes over the memory of the arguments it is given
// (freed when the call has returned) and ends the task.
#ifndef ASPECT_FORWARD_H
#define ASPECT_FORWARD_H

#include "task.h"

typedef wasi_mcp_types_server_config_t server_config;
typedef exports_wasi_mcp_streaming_future_string_t cancel_future;

/** describe: the next aspect's config, with this aspect's part set by `own` (not called on an error). */
void forward_describe(task *t, request_context *ctx, void (*own)(server_config *));
void forward_list_tools(task *t, request_context *ctx, str *cursor);
void forward_list_resources(task *t, request_context *ctx, str *cursor);
void forward_list_resource_templates(task *t, request_context *ctx, str *cursor);
void forward_list_prompts(task *t, request_context *ctx, str *cursor);
void forward_get_prompt(task *t, request_context *ctx, str *name, fixture_list_tuple2_string_string_t *arguments, wasi_mcp_types_retry_t *retry);
void forward_complete(task *t, request_context *ctx, wasi_mcp_types_completion_ref_t *ref, fixture_tuple2_string_string_t *argument,
                      fixture_list_tuple2_string_string_t *resolved);
void forward_call_tool(task *t, request_context *ctx, str *name, str *arguments, wasi_mcp_types_retry_t *retry, cancel_future cancel);
void forward_read_resource(task *t, request_context *ctx, str *uri, wasi_mcp_types_retry_t *retry, cancel_future cancel);

#endif
