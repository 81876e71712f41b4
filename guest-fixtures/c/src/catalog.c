// The static tables of the catalog.
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

static const wasi_mcp_types_role_t BOTH_AUDIENCES[] = {WASI_MCP_TYPES_ROLE_USER, WASI_MCP_TYPES_ROLE_ASSISTANT};

#define RESOURCE(uri, name, title, description, mime, has_size, size) \
  {S(uri), S(name), OS(title), OS(description), OS(mime), {has_size, size}, {false, {{0}, {0}, {0}}}, NO}

const resource_config HELLO = {
    S("fixture://text/hello.txt"), S("hello.txt"), OS("Hello"), OS("A short text."), OS("text/plain"), {true, 31},
    {true, {{(wasi_mcp_types_role_t *)BOTH_AUDIENCES, 2}, {true, 0.5}, OS("2026-01-01T00:00:00Z")}},
    OS("{\"com.example.fixture/kind\":\"text\"}")};

static const resource_config RESOURCES[] = {
    RESOURCE("fixture://binary/bytes.bin", "bytes.bin", "Bytes", "The 256 bytes 0..255.", "application/octet-stream", true, 256),
    RESOURCE("fixture://large/1mib.bin", "1mib.bin", "One MiB", "1 MiB, byte i is i % 251, in chunks of 64 KiB.",
             "application/octet-stream", true, 1048576),
    RESOURCE("fixture://text/unicode.txt", "unicode.txt", "Unicode", "Text beyond ASCII.", "text/plain; charset=utf-8", true, 22),
    RESOURCE("fixture://text/config.json", "config.json", "Config", "JSON served as text.", "application/json", true, 12),
    RESOURCE("fixture://counter", "counter", "Counter", "Counts the changes made to it.", "text/plain", false, 0),
    RESOURCE("fixture://text/failing.txt", "failing.txt", "Failing", "A read that fails after 7 bytes.", "text/plain", false, 0),
};
#define N_RESOURCES (sizeof RESOURCES / sizeof RESOURCES[0])

static const resource_config EXTRA_RESOURCE = RESOURCE("fixture://text/extra.txt", "extra.txt", "Extra",
                                                       "Listed while toggled on by change {what: resources}.", "text/plain", true, 5);

#define TEMPLATE(t, name, title, description, mime) {S(t), S(name), OS(title), OS(description), OS(mime), {false, {{0}, {0}, {0}}}, NO}

static const template_config TEMPLATES[] = {
    TEMPLATE("fixture://greeting/{name}", "greeting", "Greeting", "A greeting for NAME.", "text/plain"),
    TEMPLATE("fixture://sized/{total}/{chunk}", "sized", "Sized", "TOTAL bytes of i % 251, offered in pieces of CHUNK bytes.",
             "application/octet-stream"),
    TEMPLATE("fixture://slow/{label}", "slow", "Slow", "A tick every 100 ms, 100 times; stops when cancelled.", "text/plain"),
    TEMPLATE("fixture://gated/{name}", "gated", "Gated", "Readable on a retry with its request state.", "text/plain"),
};
#define N_TEMPLATES (sizeof TEMPLATES / sizeof TEMPLATES[0])

static const wasi_mcp_types_prompt_argument_t GREET_ARGS[] = {
    {S("name"), OS("Name"), OS("Who to greet."), true},
    {S("style"), OS("Style"), OS("How to greet (default: plain)."), false},
};

#define PROMPT(name, title, description) {S(name), OS(title), OS(description), {NULL, 0}, NO}

static const prompt_config PROMPTS[] = {
    PROMPT("plain", "Plain", "A prompt without arguments."),
    {S("greet"), OS("Greet"), OS("Asks to greet someone."), {(wasi_mcp_types_prompt_argument_t *)GREET_ARGS, 2}, NO},
    PROMPT("rich", "Rich", "Messages with media and an embedded resource."),
    PROMPT("guarded", "Guarded", "Asks the user for a topic first (elicitation)."),
};
#define N_PROMPTS (sizeof PROMPTS / sizeof PROMPTS[0])

static const prompt_config EXTRA_PROMPT = PROMPT("extra", "Extra", "Listed while toggled on by change {what: prompts}.");

static bool minimal_tool(str name) { return str_is(name, "echo") || str_is(name, "log") || str_is(name, "change"); }

size_t catalog_tools(const tool_config **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < N_TOOLS && n < max; i++)
    if (!MINIMAL || minimal_tool(TOOLS[i].name)) out[n++] = &TOOLS[i];
  if (!MINIMAL && state.extra_tool && n < max) out[n++] = &EXTRA_TOOL;
  return n;
}

size_t catalog_resources(const resource_config **out, size_t max) {
  if (MINIMAL) return 0;
  size_t n = 0;
  if (n < max) out[n++] = &HELLO;
  for (size_t i = 0; i < N_RESOURCES && n < max; i++) out[n++] = &RESOURCES[i];
  if (state.extra_resource && n < max) out[n++] = &EXTRA_RESOURCE;
  return n;
}

size_t catalog_templates(const template_config **out, size_t max) {
  if (MINIMAL) return 0;
  size_t n = 0;
  for (size_t i = 0; i < N_TEMPLATES && n < max; i++) out[n++] = &TEMPLATES[i];
  return n;
}

size_t catalog_prompts(const prompt_config **out, size_t max) {
  if (MINIMAL) return 0;
  size_t n = 0;
  for (size_t i = 0; i < N_PROMPTS && n < max; i++) out[n++] = &PROMPTS[i];
  if (state.extra_prompt && n < max) out[n++] = &EXTRA_PROMPT;
  return n;
}

static bool same(str a, str b) { return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0; }

const tool_config *catalog_tool(str name) {
  const tool_config *all[MAX_ITEMS];
  size_t n = catalog_tools(all, MAX_ITEMS);
  for (size_t i = 0; i < n; i++)
    if (same(all[i]->name, name)) return all[i];
  return NULL;
}

const resource_config *catalog_resource(str uri) {
  const resource_config *all[MAX_ITEMS];
  size_t n = catalog_resources(all, MAX_ITEMS);
  for (size_t i = 0; i < n; i++)
    if (same(all[i]->uri, uri)) return all[i];
  return NULL;
}

const prompt_config *catalog_prompt(str name) {
  const prompt_config *all[MAX_ITEMS];
  size_t n = catalog_prompts(all, MAX_ITEMS);
  for (size_t i = 0; i < n; i++)
    if (same(all[i]->name, name)) return all[i];
  return NULL;
}

const template_config *catalog_template(str uri_template) {
  const template_config *all[MAX_ITEMS];
  size_t n = catalog_templates(all, MAX_ITEMS);
  for (size_t i = 0; i < n; i++)
    if (same(all[i]->uri_template, uri_template)) return all[i];
  return NULL;
}
