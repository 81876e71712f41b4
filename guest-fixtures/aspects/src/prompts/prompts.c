// The prompts: plain, greet, rich, guarded and the toggled extra.
#include "prompts.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "content.h"
#include "errors.h"
#include "roundtrip.h"

typedef exports_wasi_mcp_server_result_prompt_outcome_error_t outcome;
typedef wasi_mcp_types_prompt_message_t message;

#define GUARDED_STATE "guarded:v1"
#define TOPIC_PARAMS                                                                                                   \
  "{\"mode\":\"form\",\"message\":\"Which topic?\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"topic\":" \
  "{\"type\":\"string\"}},\"required\":[\"topic\"]}}"

static outcome failed(error e) { return (outcome){.is_err = true, .val.err = e}; }

static outcome messages(task *t, message *m, size_t n, aspect_option_string_t description) {
  message *copy = task_alloc(t, n * sizeof(message));
  memcpy(copy, m, n * sizeof(message));
  outcome o = {.is_err = false};
  o.val.ok.tag = EXPORTS_WASI_MCP_SERVER_PROMPT_OUTCOME_COMPLETE;
  o.val.ok.val.complete = (wasi_mcp_types_prompt_result_t){description, {copy, n}, {false, {0}}};
  return o;
}

static message user_text(str text) { return (message){WASI_MCP_TYPES_ROLE_USER, text_content(text)}; }

static const str *argument(const aspect_list_tuple2_string_string_t *args, const char *name) {
  for (size_t i = args->len; i-- > 0;)
    if (str_is(args->ptr[i].f0, name)) return &args->ptr[i].f1;
  return NULL;
}

static outcome greet(task *t, const aspect_list_tuple2_string_string_t *args) {
  const str *name = argument(args, "name"), *style = argument(args, "style");
  if (!name) {
    buf d = {0};
    bputs(&d, "{\"missing\":[\"name\"]}");
    return failed(fail_data(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "missing required argument: name", &d));
  }
  buf text = {0}, description = {0};
  bputs(&text, "Greet ");
  bput(&text, name->ptr, name->len);
  bputs(&text, " in a ");
  if (style) bput(&text, style->ptr, style->len);
  else bputs(&text, "plain");
  bputs(&text, " style.");
  bputs(&description, "A greeting for ");
  bput(&description, name->ptr, name->len);
  bputc(&description, '.');
  message m = user_text(task_buf(t, &text));
  return messages(t, &m, 1, (aspect_option_string_t){true, task_buf(t, &description)});
}

static outcome rich(task *t) {
  message m[] = {
      user_text(LIT("Look at this.")),
      {WASI_MCP_TYPES_ROLE_ASSISTANT, text_content(LIT("I see."))},
      {WASI_MCP_TYPES_ROLE_USER, png_content()},
      {WASI_MCP_TYPES_ROLE_USER, hello_embedded()},
  };
  return messages(t, m, 4, NONE_STR);
}

static outcome guarded(task *t, const request_context *ctx, const exports_wasi_mcp_server_retry_t *retry) {
  if (!has_capability(ctx, "elicitation")) return failed(missing_capability(t, "elicitation"));
  outcome again = {.is_err = false};
  again.val.ok.tag = EXPORTS_WASI_MCP_SERVER_PROMPT_OUTCOME_INPUT_REQUIRED;
  again.val.ok.val.input_required = ask(t, "topic", "elicitation/create", TOPIC_PARAMS, GUARDED_STATE);
  if (!retry) return again;
  if (!state_is(retry, GUARDED_STATE))
    return failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "requestState does not verify"));
  jv *r = response(retry, "topic");
  if (!r) return again;
  const jv *topic = jget(jget(r, "content"), "topic");
  outcome o;
  if (jis(jget(r, "action"), "accept") && topic && topic->k == JSTR) {
    buf text = {0};
    bputs(&text, "Write about ");
    bput(&text, topic->s, topic->slen);
    bputc(&text, '.');
    message m = user_text(task_buf(t, &text));
    o = messages(t, &m, 1, NONE_STR);
  } else {
    o = failed(fail_with(t, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "the topic was not given"));
  }
  jfree(r);
  return o;
}

outcome get_prompt(task *t, const request_context *ctx, str name, const aspect_list_tuple2_string_string_t *args,
                   const exports_wasi_mcp_server_retry_t *retry) {
  if (!catalog_prompt(name)) return failed(fail_named(t, WASI_MCP_TYPES_ERROR_CODE_PROMPT_NOT_FOUND, "unknown prompt", "name", name));
  if (str_is(name, "plain")) {
    message m = user_text(LIT("Say hello."));
    return messages(t, &m, 1, NONE_STR);
  }
  if (str_is(name, "greet")) return greet(t, args);
  if (str_is(name, "rich")) return rich(t);
  if (str_is(name, "guarded")) return guarded(t, ctx, retry);
  message m = user_text(LIT("extra"));
  return messages(t, &m, 1, NONE_STR);
}
