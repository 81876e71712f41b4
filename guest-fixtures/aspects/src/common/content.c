// Content blocks of fixed data and the list entry of hello.txt (static
// memory: the runtime copies what it lifts).
#include "content.h"

#include "data.h"

#define NO_ANN ((wasi_mcp_types_option_annotations_t){false, {{0}, {0}, {0}}})
#define NO_META ((wasi_mcp_types_option_json_t){false, {0}})

static const wasi_mcp_types_role_t BOTH_AUDIENCES[] = {WASI_MCP_TYPES_ROLE_USER, WASI_MCP_TYPES_ROLE_ASSISTANT};

#define S(x) {(uint8_t *)(x), sizeof(x) - 1}
#define OS(x) {true, S(x)}

const wasi_mcp_types_resource_config_t HELLO = {
    S("fixture://text/hello.txt"), S("hello.txt"), OS("Hello"), OS("A short text."), OS("text/plain"), {true, 31},
    {true, {{(wasi_mcp_types_role_t *)BOTH_AUDIENCES, 2}, {true, 0.5}, OS("2026-01-01T00:00:00Z")}},
    OS("{\"com.example.fixture/kind\":\"text\"}")};

content text_content(str text) {
  content c = {.tag = WASI_MCP_TYPES_CONTENT_TEXT};
  c.val.text = (wasi_mcp_types_text_content_t){text, NO_ANN, NO_META};
  return c;
}

content png_content(void) {
  content c = {.tag = WASI_MCP_TYPES_CONTENT_IMAGE};
  c.val.image = (wasi_mcp_types_media_content_t){{(uint8_t *)PNG, sizeof PNG}, LIT("image/png"), NO_ANN, NO_META};
  return c;
}

content wav_content(void) {
  content c = {.tag = WASI_MCP_TYPES_CONTENT_AUDIO};
  c.val.audio = (wasi_mcp_types_media_content_t){{(uint8_t *)WAV, sizeof WAV}, LIT("audio/wav"), NO_ANN, NO_META};
  return c;
}

content hello_link(void) {
  content c = {.tag = WASI_MCP_TYPES_CONTENT_RESOURCE_LINK};
  c.val.resource_link = HELLO;
  return c;
}

content hello_embedded(void) {
  content c = {.tag = WASI_MCP_TYPES_CONTENT_RESOURCE};
  c.val.resource = (wasi_mcp_types_embedded_resource_t){
      {LIT("fixture://text/hello.txt"), SOME("text/plain"), WASI_MCP_TYPES_BODY_KIND_TEXT, {(uint8_t *)HELLO_TEXT, sizeof HELLO_TEXT - 1}, NO_META},
      NO_ANN, NO_META};
  return c;
}

content bytes_embedded(void) {
  static const wasi_mcp_types_role_t assistant[] = {WASI_MCP_TYPES_ROLE_ASSISTANT};
  content c = {.tag = WASI_MCP_TYPES_CONTENT_RESOURCE};
  c.val.resource = (wasi_mcp_types_embedded_resource_t){
      {LIT("fixture://binary/bytes.bin"), SOME("application/octet-stream"), WASI_MCP_TYPES_BODY_KIND_BLOB,
       {(uint8_t *)BYTES_0_255, 16}, NO_META},
      {true, {{(wasi_mcp_types_role_t *)assistant, 1}, {false, 0}, NONE_STR}}, NO_META};
  return c;
}
