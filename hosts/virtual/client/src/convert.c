// A peer's JSON as wasi:mcp values: errors read back through the table of
// wit/README.md "Errors", tools/list entries as tool-configs, CallToolResults
// as tool-results (content item for item, with annotations and _meta;
// structured content as JSON text). Every string and list is malloc'd, so the
// generated *_free functions release them.
#include <stdlib.h>
#include <string.h>

#include "provider.h"

// ---------------------------------------------------------------------------
// Errors.

cp_error make_error(wasi_mcp_types_error_code_t code, const char *message, const char *data, size_t dlen) {
  cp_error e = {code, str_dupz(message), {false, {0}}};
  if (data) {
    e.data.is_some = true;
    e.data.val = str_dup(data, dlen);
  }
  return e;
}

cp_error make_error_z(wasi_mcp_types_error_code_t code, const char *message) { return make_error(code, message, NULL, 0); }

cp_error closed_error(void) {
  if (defect(D_PEER_CLOSED_INTERNAL_ERROR)) return make_error_z(WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, "the peer closed the connection");
  return make_error_z(WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE, "the peer closed the connection");
}

/** The error-code a JSON-RPC code reads back as; false for a code the table does not have. */
static bool code_of(double n, wasi_mcp_types_error_code_t *out) {
  static const struct {
    int rpc;
    wasi_mcp_types_error_code_t code;
  } TABLE[] = {
      {-32600, WASI_MCP_TYPES_ERROR_CODE_INVALID_REQUEST},
      {-32601, WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND},
      {-32602, WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS},
      {-32603, WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR},
      {-32002, WASI_MCP_TYPES_ERROR_CODE_RESOURCE_NOT_FOUND},
      {-32021, WASI_MCP_TYPES_ERROR_CODE_MISSING_CLIENT_CAPABILITY},
      {-31001, WASI_MCP_TYPES_ERROR_CODE_UNAUTHORIZED},
      {-31002, WASI_MCP_TYPES_ERROR_CODE_FORBIDDEN},
      {-31003, WASI_MCP_TYPES_ERROR_CODE_TIMEOUT},
      {-31004, WASI_MCP_TYPES_ERROR_CODE_RATE_LIMITED},
      {-31005, WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE},
  };
  for (size_t i = 0; i < sizeof TABLE / sizeof *TABLE; i++) {
    if (n == TABLE[i].rpc) {
      *out = TABLE[i].code;
      return true;
    }
  }
  return false;
}

cp_error peer_error(const jval *error) {
  const jval *code = json_get(error, "code");
  const jval *message = json_get(error, "message");
  const jval *data = json_get(error, "data");
  cp_error e = {WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, {0}, {false, {0}}};
  e.message = message && message->t == J_STR ? str_dup(message->s, message->slen) : str_dupz("the peer answered with an error");
  bool known = code && json_is_int(code) && code_of(code->num, &e.code);
  sbuf b = {0};
  if (known) {
    if (data) sb_json(&b, data);
  } else {
    // a code the table does not have: internal-error, the code and data kept in data
    sb_puts(&b, "{\"code\":");
    if (code) sb_json(&b, code);
    else sb_puts(&b, "null");
    sb_puts(&b, ",\"data\":");
    if (data) sb_json(&b, data);
    else sb_puts(&b, "null");
    sb_putc(&b, '}');
  }
  if (b.len || b.failed) {
    e.data.is_some = true;
    e.data.val = str_take(&b);
  }
  if (defect(D_PEER_ERRORS_REWRITTEN)) e.code = WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR;
  return e;
}

// ---------------------------------------------------------------------------
// Small readers. Each returns NULL on success, else what is wrong.

static const char *opt_string(const jval *obj, const char *key, client_provider_option_string_t *out) {
  const jval *v = json_get(obj, key);
  out->is_some = false;
  if (!v || v->t == J_NULL) return NULL;
  if (v->t != J_STR) return key;
  out->is_some = true;
  out->val = str_dup(v->s, v->slen);
  return NULL;
}

static const char *req_string(const jval *obj, const char *key, cp_string *out) {
  const jval *v = json_get(obj, key);
  if (!v || v->t != J_STR) return key;
  *out = str_dup(v->s, v->slen);
  return NULL;
}

static const char *opt_bool(const jval *obj, const char *key, client_provider_option_bool_t *out) {
  const jval *v = json_get(obj, key);
  out->is_some = false;
  if (!v || v->t == J_NULL) return NULL;
  if (v->t != J_BOOL) return key;
  *out = (client_provider_option_bool_t){true, v->b};
  return NULL;
}

/** Any JSON value as JSON text (absent or null: none). */
static void opt_json(const jval *v, wasi_mcp_types_option_json_t *out) {
  out->is_some = false;
  if (!v || v->t == J_NULL) return;
  sbuf b = {0};
  sb_json(&b, v);
  out->is_some = true;
  out->val = str_take(&b);
}

/** `_meta`: an object, as JSON text; reserved io.modelcontextprotocol/ keys belong to the peer's transport and are left out. */
static const char *opt_meta(const jval *obj, wasi_mcp_types_option_json_t *out) {
  const jval *m = json_get(obj, "_meta");
  out->is_some = false;
  if (!m || m->t == J_NULL) return NULL;
  if (m->t != J_OBJ) return "_meta";
  static const char RESERVED[] = "io.modelcontextprotocol/";
  sbuf b = {0};
  bool first = true;
  sb_putc(&b, '{');
  for (size_t i = 0; i < m->n; i++) {
    if (m->klens[i] >= sizeof RESERVED - 1 && memcmp(m->keys[i], RESERVED, sizeof RESERVED - 1) == 0) continue;
    if (!first) sb_putc(&b, ',');
    first = false;
    sb_jstr(&b, m->keys[i], m->klens[i]);
    sb_putc(&b, ':');
    sb_json(&b, m->items[i]);
  }
  sb_putc(&b, '}');
  if (first) {
    sb_free(&b);
    return NULL;
  }
  out->is_some = true;
  out->val = str_take(&b);
  return NULL;
}

static const char *opt_annotations(const jval *obj, wasi_mcp_types_option_annotations_t *out) {
  const jval *a = json_get(obj, "annotations");
  memset(out, 0, sizeof *out);
  if (!a || a->t == J_NULL) return NULL;
  if (a->t != J_OBJ) return "annotations";
  wasi_mcp_types_annotations_t *r = &out->val;
  out->is_some = true;
  const jval *aud = json_get(a, "audience");
  if (aud && aud->t != J_NULL) {
    if (aud->t != J_ARR) return "annotations.audience";
    r->audience.ptr = list_alloc(aud->n, sizeof(wasi_mcp_types_role_t));
    r->audience.len = aud->n;
    for (size_t i = 0; i < aud->n; i++) {
      if (json_str_is(aud->items[i], "user")) r->audience.ptr[i] = WASI_MCP_TYPES_ROLE_USER;
      else if (json_str_is(aud->items[i], "assistant")) r->audience.ptr[i] = WASI_MCP_TYPES_ROLE_ASSISTANT;
      else return "annotations.audience";
    }
  }
  const jval *pr = json_get(a, "priority");
  if (pr && pr->t != J_NULL) {
    if (pr->t != J_NUM) return "annotations.priority";
    r->priority = (client_provider_option_f64_t){true, pr->num};
  }
  return opt_string(a, "lastModified", &r->last_modified) ? "annotations.lastModified" : NULL;
}

// ---------------------------------------------------------------------------
// Base64 (standard alphabet; padding optional; no whitespace).

static int b64val(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static bool base64_decode(const char *s, size_t n, client_provider_list_u8_t *out) {
  while (n && s[n - 1] == '=') n--;
  if (n % 4 == 1) return false;
  if (!n) {
    *out = (client_provider_list_u8_t){NULL, 0};
    return true;
  }
  uint8_t *p = xmalloc(n / 4 * 3 + 3);
  size_t k = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    int v = b64val(s[i]);
    if (v < 0) {
      free(p);
      return false;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      p[k++] = (uint8_t)(acc >> bits);
    }
  }
  out->ptr = p;
  out->len = k;
  return true;
}

static const char *media(const jval *v, wasi_mcp_types_media_content_t *m) {
  const jval *data = json_get(v, "data");
  if (!data || data->t != J_STR || !base64_decode(data->s, data->slen, &m->data)) return "data (base64)";
  if (req_string(v, "mimeType", &m->mime_type)) return "mimeType";
  const char *bad = opt_annotations(v, &m->annotations);
  return bad ? bad : opt_meta(v, &m->meta);
}

static const char *resource_link(const jval *v, wasi_mcp_types_resource_config_t *r) {
  if (req_string(v, "uri", &r->uri)) return "uri";
  if (req_string(v, "name", &r->name)) return "name";
  const char *bad = opt_string(v, "title", &r->title);
  if (!bad) bad = opt_string(v, "description", &r->description);
  if (!bad) bad = opt_string(v, "mimeType", &r->mime_type);
  if (bad) return bad;
  const jval *size = json_get(v, "size");
  if (size && size->t != J_NULL) {
    if (!json_is_int(size) || size->num < 0) return "size";
    r->size = (client_provider_option_u64_t){true, (uint64_t)size->num};
  }
  bad = opt_annotations(v, &r->annotations);
  return bad ? bad : opt_meta(v, &r->meta);
}

static const char *embedded(const jval *v, wasi_mcp_types_embedded_resource_t *e) {
  const jval *res = json_get(v, "resource");
  if (!res || res->t != J_OBJ) return "resource";
  wasi_mcp_types_resource_contents_t *c = &e->contents;
  if (req_string(res, "uri", &c->uri)) return "resource.uri";
  if (opt_string(res, "mimeType", &c->mime_type)) return "resource.mimeType";
  const jval *text = json_get(res, "text"), *blob = json_get(res, "blob");
  if (text && text->t == J_STR) {
    c->kind = WASI_MCP_TYPES_BODY_KIND_TEXT;
    cp_string t = str_dup(text->s, text->slen);
    c->data = (client_provider_list_u8_t){t.ptr, t.len};
  } else if (blob && blob->t == J_STR) {
    c->kind = WASI_MCP_TYPES_BODY_KIND_BLOB;
    if (!base64_decode(blob->s, blob->slen, &c->data)) return "resource.blob (base64)";
  } else {
    return "resource.text or resource.blob";
  }
  if (opt_meta(res, &c->meta)) return "resource._meta";
  const char *bad = opt_annotations(v, &e->annotations);
  return bad ? bad : opt_meta(v, &e->meta);
}

static const char *content(const jval *v, wasi_mcp_types_content_t *out) {
  memset(out, 0, sizeof *out);
  if (v->t != J_OBJ) return "content item";
  const jval *type = json_get(v, "type");
  if (json_str_is(type, "text")) {
    out->tag = WASI_MCP_TYPES_CONTENT_TEXT;
    wasi_mcp_types_text_content_t *t = &out->val.text;
    if (req_string(v, "text", &t->text)) return "text";
    const char *bad = opt_annotations(v, &t->annotations);
    return bad ? bad : opt_meta(v, &t->meta);
  }
  if (json_str_is(type, "image") || json_str_is(type, "audio")) {
    bool image = json_str_is(type, "image");
    out->tag = image ? WASI_MCP_TYPES_CONTENT_IMAGE : WASI_MCP_TYPES_CONTENT_AUDIO;
    return media(v, image ? &out->val.image : &out->val.audio);
  }
  if (json_str_is(type, "resource_link")) {
    out->tag = WASI_MCP_TYPES_CONTENT_RESOURCE_LINK;
    return resource_link(v, &out->val.resource_link);
  }
  if (json_str_is(type, "resource")) {
    out->tag = WASI_MCP_TYPES_CONTENT_RESOURCE;
    return embedded(v, &out->val.resource);
  }
  return "content type";
}

// ---------------------------------------------------------------------------
// Results.

const char *to_tool_result(const jval *v, wasi_mcp_types_tool_result_t *out) {
  memset(out, 0, sizeof *out);
  if (!v || v->t != J_OBJ) return "result";
  const jval *items = json_get(v, "content");
  if (!items || items->t != J_ARR) return "content";
  out->content.ptr = list_alloc(items->n, sizeof(wasi_mcp_types_content_t));
  out->content.len = items->n;
  for (size_t i = 0; i < items->n; i++) {
    const char *bad = content(items->items[i], &out->content.ptr[i]);
    if (bad) return bad;
  }
  if (defect(D_PEER_FIRST_CONTENT_ONLY)) {
    for (size_t i = 1; i < out->content.len; i++) wasi_mcp_types_content_free(&out->content.ptr[i]);
    if (out->content.len > 1) out->content.len = 1;
  }
  opt_json(json_get(v, "structuredContent"), &out->structured_content);
  const jval *is_error = json_get(v, "isError");
  if (is_error && is_error->t != J_NULL) {
    if (is_error->t != J_BOOL) return "isError";
    out->is_error = is_error->b;
  }
  return opt_meta(v, &out->meta);
}

const char *to_tool_config(const jval *v, wasi_mcp_types_tool_config_t *out) {
  memset(out, 0, sizeof *out);
  if (!v || v->t != J_OBJ) return "tool";
  if (req_string(v, "name", &out->name)) return "name";
  const char *bad = opt_string(v, "title", &out->title);
  if (!bad) bad = opt_string(v, "description", &out->description);
  if (bad) return bad;
  const jval *schema = json_get(v, "inputSchema");
  if (!schema || schema->t != J_OBJ) return "inputSchema";
  sbuf b = {0};
  sb_json(&b, schema);
  out->input_schema = str_take(&b);
  const jval *output = json_get(v, "outputSchema");
  if (output && output->t != J_NULL && output->t != J_OBJ) return "outputSchema";
  opt_json(output, &out->output_schema);
  const jval *a = json_get(v, "annotations");
  if (a && a->t != J_NULL) {
    if (a->t != J_OBJ) return "annotations";
    wasi_mcp_types_tool_annotations_t *t = &out->annotations.val;
    out->annotations.is_some = true;
    bad = opt_string(a, "title", &t->title);
    if (!bad) bad = opt_bool(a, "readOnlyHint", &t->read_only_hint);
    if (!bad) bad = opt_bool(a, "destructiveHint", &t->destructive_hint);
    if (!bad) bad = opt_bool(a, "idempotentHint", &t->idempotent_hint);
    if (!bad) bad = opt_bool(a, "openWorldHint", &t->open_world_hint);
    if (bad) return bad;
  }
  return opt_meta(v, &out->meta);
}

const char *to_implementation(const jval *v, wasi_mcp_types_implementation_t *out) {
  memset(out, 0, sizeof *out);
  if (!v || v->t != J_OBJ) return "serverInfo";
  if (req_string(v, "name", &out->name)) return "serverInfo.name";
  if (req_string(v, "version", &out->version)) return "serverInfo.version";
  const char *bad = opt_string(v, "title", &out->title);
  if (!bad) bad = opt_string(v, "description", &out->description);
  if (!bad) bad = opt_string(v, "websiteUrl", &out->website_url);
  return bad;
}

void put_meta_envelope(sbuf *b, const char *version) {
  sb_puts(b, "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":");
  sb_jstrz(b, version);
  sb_puts(b, ",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"" PROVIDER_NAME
             "\",\"version\":\"" PROVIDER_VERSION "\"}}");
}
