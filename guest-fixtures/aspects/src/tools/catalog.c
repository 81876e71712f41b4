// The static table of the tools.
#include "catalog.h"

#include <string.h>

#define S(x) {(uint8_t *)(x), sizeof(x) - 1}
#define OS(x) {true, S(x)}
#define NO {false, {0}}

// Input schemas are JSON text (wasi:mcp `json`).
#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"

#define TOOL(name, title, description, schema) \
  {S(name), OS(title), OS(description), S(schema), NO, {false, {0}}, NO}

static const tool_config TOOLS[] = {
    {S("echo"), OS("Echo"), OS("Returns its text."),
     S("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}"), NO,
     {true, {NO, {true, true}, {false, false}, {true, true}, {false, false}}},
     OS("{\"com.example.fixture/tag\":\"echo\"}")},
    {S("add"), OS("Add"), OS("Adds two numbers."),
     S("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}"),
     OS("{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"number\"}},\"required\":[\"sum\"]}"), {false, {0}}, NO},
    TOOL("fail", "Fail", "Always fails (a tool execution error).", NO_ARGS),
    TOOL("slow", "Slow", "Reports progress for a number of steps; stops when cancelled.",
         "{\"type\":\"object\",\"properties\":{"
         "\"steps\":{\"type\":\"integer\",\"minimum\":0,\"default\":20},"
         "\"step_ms\":{\"type\":\"integer\",\"minimum\":0,\"default\":100},"
         "\"label\":{\"type\":\"string\"},"
         "\"log\":{\"type\":\"boolean\",\"default\":false},"
         "\"watch\":{\"type\":\"string\",\"enum\":[\"both\",\"future\",\"stream\"],\"default\":\"both\"}}}"),
    TOOL("observations", "Observations", "What the fixture recorded about streams, cancellations and changes.",
         "{\"type\":\"object\",\"properties\":{"
         "\"kind\":{\"type\":\"string\",\"enum\":[\"stream\",\"cancellation\",\"changes\"]},"
         "\"key\":{\"type\":\"string\"}},\"required\":[\"kind\",\"key\"]}"),
    TOOL("context", "Context", "The request context the call received.", NO_ARGS),
    TOOL("log", "Log", "Writes log messages about the call.",
         "{\"type\":\"object\",\"properties\":{\"messages\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
         "\"properties\":{\"level\":{\"type\":\"string\",\"enum\":[\"debug\",\"info\",\"notice\",\"warning\",\"error\","
         "\"critical\",\"alert\",\"emergency\"]},\"data\":{},\"logger\":{\"type\":\"string\"}},"
         "\"required\":[\"level\",\"data\"]}}},\"required\":[\"messages\"]}"),
    TOOL("gallery", "Gallery", "One content block of every kind.", NO_ARGS),
    TOOL("confirm", "Confirm", "Asks the user to confirm (elicitation).", NO_ARGS),
    TOOL("retry-later", "Retry later", "Completes on a retry with its request state.", NO_ARGS),
    TOOL("sample", "Sample", "Asks the client's model for a number (sampling).", NO_ARGS),
    TOOL("roots", "Roots", "Counts the client's roots.", NO_ARGS),
    TOOL("change", "Change", "Changes a list or a resource and reports the change.",
         "{\"type\":\"object\",\"properties\":{"
         "\"what\":{\"type\":\"string\",\"enum\":[\"tools\",\"prompts\",\"resources\",\"resource\"]},"
         "\"uri\":{\"type\":\"string\"}},\"required\":[\"what\"]}"),
    TOOL("raise", "Raise", "Fails the call with a protocol error.",
         "{\"type\":\"object\",\"properties\":{"
         "\"code\":{\"type\":\"string\",\"enum\":[\"invalid-request\",\"method-not-found\",\"invalid-params\","
         "\"internal-error\",\"resource-not-found\",\"tool-not-found\",\"prompt-not-found\",\"unauthorized\","
         "\"forbidden\",\"timeout\",\"rate-limited\",\"unavailable\",\"missing-client-capability\"]},"
         "\"message\":{\"type\":\"string\"},\"data\":{}},\"required\":[\"code\"]}"),
    TOOL("crash", "Crash", "Traps the component.", NO_ARGS),
};
#define N_TOOLS (sizeof TOOLS / sizeof TOOLS[0])

static const tool_config EXTRA_TOOL = TOOL("extra", "Extra", "Listed while toggled on by change {what: tools}.", NO_ARGS);

static bool extra_tool;

size_t catalog_tools(const tool_config **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < N_TOOLS && n < max; i++) out[n++] = &TOOLS[i];
  if (extra_tool && n < max) out[n++] = &EXTRA_TOOL;
  return n;
}

const tool_config *catalog_tool(str name) {
  const tool_config *all[MAX_TOOLS];
  size_t n = catalog_tools(all, MAX_TOOLS);
  for (size_t i = 0; i < n; i++)
    if (all[i]->name.len == name.len && memcmp(all[i]->name.ptr, name.ptr, name.len) == 0) return all[i];
  return NULL;
}

void catalog_toggle_extra_tool(void) { extra_tool = !extra_tool; }
