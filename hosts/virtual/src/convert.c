// wasi:mcp values as MCP JSON (docs/targets.md, "Results"): option none →
// member absent, json text → parsed JSON, bytes → base64, body-kind decides
// text or blob, every content item kept in order.
#include <string.h>

#include "host.h"

void put_key(sbuf *b, bool *first, const char *key) {
  if (!*first) sb_putc(b, ',');
  *first = false;
  sb_jstrz(b, key);
  sb_putc(b, ':');
}

void put_str_member(sbuf *b, bool *first, const char *key, const virtual_host_string_t *s) {
  put_key(b, first, key);
  sb_jstr(b, (const char *)s->ptr, s->len);
}

void put_opt_member(sbuf *b, bool *first, const char *key, const virtual_host_option_string_t *s) {
  if (s->is_some) put_str_member(b, first, key, &s->val);
}

static void put_bool_member(sbuf *b, bool *first, const char *key, bool v) {
  put_key(b, first, key);
  sb_puts(b, v ? "true" : "false");
}

bool put_json_text(sbuf *b, const virtual_host_string_t *s) {
  json_error e;
  jval *v = json_parse((const char *)s->ptr, s->len, &e);
  if (!v) return false;
  sb_json(b, v);
  json_free(v);
  return true;
}

static bool put_json_member(sbuf *b, bool *first, const char *key, const virtual_host_string_t *s) {
  put_key(b, first, key);
  return put_json_text(b, s);
}

static bool put_meta_member(sbuf *b, bool *first, const wasi_mcp_types_option_json_t *m) {
  if (!m->is_some || defect(D_META_DROPPED)) return true;
  return put_json_member(b, first, "_meta", &m->val);
}

void put_base64(sbuf *b, const uint8_t *p, size_t n) {
  sb_putc(b, '"');
  sb_base64(b, p, n, !defect(D_BLOB_UNPADDED));
  sb_putc(b, '"');
}

void put_implementation(sbuf *b, const wasi_mcp_types_implementation_t *i) {
  bool first = true;
  sb_putc(b, '{');
  put_str_member(b, &first, "name", &i->name);
  put_str_member(b, &first, "version", &i->version);
  put_opt_member(b, &first, "title", &i->title);
  put_opt_member(b, &first, "description", &i->description);
  put_opt_member(b, &first, "websiteUrl", &i->website_url);
  sb_putc(b, '}');
}

bool put_capabilities(sbuf *b, const wasi_mcp_types_server_capabilities_t *c) {
  bool first = true, all = defect(D_CAPABILITIES_ALWAYS);
  sb_putc(b, '{');
  if (c->tools.is_some || all) {
    put_key(b, &first, "tools");
    sb_puts(b, c->tools.is_some && c->tools.val.list_changed ? "{\"listChanged\":true}" : "{\"listChanged\":false}");
  }
  if (c->resources.is_some || all) {
    put_key(b, &first, "resources");
    sb_puts(b, c->resources.is_some && c->resources.val.subscribe ? "{\"subscribe\":true," : "{\"subscribe\":false,");
    sb_puts(b, c->resources.is_some && c->resources.val.list_changed ? "\"listChanged\":true}" : "\"listChanged\":false}");
  }
  if (c->prompts.is_some || all) {
    put_key(b, &first, "prompts");
    sb_puts(b, c->prompts.is_some && c->prompts.val.list_changed ? "{\"listChanged\":true}" : "{\"listChanged\":false}");
  }
  if (c->logging || all) {
    put_key(b, &first, "logging");
    sb_puts(b, "{}");
  }
  if (c->completions || all) {
    put_key(b, &first, "completions");
    sb_puts(b, "{}");
  }
  bool ok = true;
  if (c->extensions.is_some) ok = put_json_member(b, &first, "extensions", &c->extensions.val);
  sb_putc(b, '}');
  return ok;
}

static void put_annotations(sbuf *b, const wasi_mcp_types_annotations_t *a) {
  bool first = true;
  sb_putc(b, '{');
  if (a->audience.len) {
    put_key(b, &first, "audience");
    sb_putc(b, '[');
    for (size_t i = 0; i < a->audience.len; i++) {
      if (i) sb_putc(b, ',');
      sb_puts(b, a->audience.ptr[i] == WASI_MCP_TYPES_ROLE_USER ? "\"user\"" : "\"assistant\"");
    }
    sb_putc(b, ']');
  }
  if (a->priority.is_some) {
    put_key(b, &first, "priority");
    sb_num(b, a->priority.val);
  }
  put_opt_member(b, &first, "lastModified", &a->last_modified);
  sb_putc(b, '}');
}

static void put_annotations_member(sbuf *b, bool *first, const wasi_mcp_types_option_annotations_t *a) {
  if (!a->is_some || defect(D_ANNOTATIONS_DROPPED)) return;
  put_key(b, first, "annotations");
  put_annotations(b, &a->val);
}

static void put_opt_bool_member(sbuf *b, bool *first, const char *key, const virtual_host_option_bool_t *v) {
  if (v->is_some) put_bool_member(b, first, key, v->val);
}

bool put_tool(sbuf *b, const wasi_mcp_types_tool_config_t *t) {
  bool first = true, ok = true;
  sb_putc(b, '{');
  put_str_member(b, &first, "name", &t->name);
  put_opt_member(b, &first, "title", &t->title);
  put_opt_member(b, &first, "description", &t->description);
  ok &= put_json_member(b, &first, "inputSchema", &t->input_schema);
  if (t->output_schema.is_some) ok &= put_json_member(b, &first, "outputSchema", &t->output_schema.val);
  if (t->annotations.is_some && !defect(D_TOOL_ANNOTATIONS_DROPPED)) {
    const wasi_mcp_types_tool_annotations_t *a = &t->annotations.val;
    bool f = true;
    put_key(b, &first, "annotations");
    sb_putc(b, '{');
    put_opt_member(b, &f, "title", &a->title);
    put_opt_bool_member(b, &f, "readOnlyHint", &a->read_only_hint);
    put_opt_bool_member(b, &f, "destructiveHint", &a->destructive_hint);
    put_opt_bool_member(b, &f, "idempotentHint", &a->idempotent_hint);
    put_opt_bool_member(b, &f, "openWorldHint", &a->open_world_hint);
    sb_putc(b, '}');
  }
  ok &= put_meta_member(b, &first, &t->meta);
  sb_putc(b, '}');
  return ok;
}

// The members of a resource (a list entry or a resource link), after '{'.
static bool put_resource_members(sbuf *b, bool *first, const wasi_mcp_types_resource_config_t *r) {
  bool details = !defect(D_ITEM_DETAILS_DROPPED);
  put_str_member(b, first, "uri", &r->uri);
  put_str_member(b, first, "name", &r->name);
  if (details) put_opt_member(b, first, "title", &r->title);
  if (details) put_opt_member(b, first, "description", &r->description);
  put_opt_member(b, first, "mimeType", &r->mime_type);
  if (r->size.is_some && details) {
    put_key(b, first, "size");
    sb_num(b, (double)r->size.val);
  }
  put_annotations_member(b, first, &r->annotations);
  return put_meta_member(b, first, &r->meta);
}

bool put_resource(sbuf *b, const wasi_mcp_types_resource_config_t *r) {
  bool first = true;
  sb_putc(b, '{');
  bool ok = put_resource_members(b, &first, r);
  sb_putc(b, '}');
  return ok;
}

bool put_template(sbuf *b, const wasi_mcp_types_resource_template_config_t *t) {
  bool first = true;
  sb_putc(b, '{');
  put_str_member(b, &first, "uriTemplate", &t->uri_template);
  put_str_member(b, &first, "name", &t->name);
  put_opt_member(b, &first, "title", &t->title);
  put_opt_member(b, &first, "description", &t->description);
  put_opt_member(b, &first, "mimeType", &t->mime_type);
  put_annotations_member(b, &first, &t->annotations);
  bool ok = put_meta_member(b, &first, &t->meta);
  sb_putc(b, '}');
  return ok;
}

bool put_prompt(sbuf *b, const wasi_mcp_types_prompt_config_t *p) {
  bool first = true;
  sb_putc(b, '{');
  put_str_member(b, &first, "name", &p->name);
  put_opt_member(b, &first, "title", &p->title);
  put_opt_member(b, &first, "description", &p->description);
  put_key(b, &first, "arguments");
  sb_putc(b, '[');
  for (size_t k = 0; k < p->arguments.len; k++) {
    const wasi_mcp_types_prompt_argument_t *a = &p->arguments.ptr[k];
    bool f = true;
    if (k) sb_putc(b, ',');
    sb_putc(b, '{');
    put_str_member(b, &f, "name", &a->name);
    put_opt_member(b, &f, "title", &a->title);
    put_opt_member(b, &f, "description", &a->description);
    put_bool_member(b, &f, "required", a->required);
    sb_putc(b, '}');
  }
  sb_putc(b, ']');
  bool ok = put_meta_member(b, &first, &p->meta);
  sb_putc(b, '}');
  return ok;
}

// Whether a MIME type names text (for the mime-decides-kind defect only).
static bool mime_is_text(const virtual_host_option_string_t *m) {
  return m->is_some && m->val.len >= 5 && memcmp(m->val.ptr, "text/", 5) == 0;
}

bool put_contents(sbuf *b, const virtual_host_string_t *uri, const virtual_host_option_string_t *mime,
                  wasi_mcp_types_body_kind_t kind, const uint8_t *data, size_t len, const wasi_mcp_types_option_json_t *meta) {
  bool first = true;
  bool text = defect(D_MIME_DECIDES_KIND) ? mime_is_text(mime) : kind == WASI_MCP_TYPES_BODY_KIND_TEXT;
  sb_putc(b, '{');
  put_str_member(b, &first, "uri", uri);
  put_opt_member(b, &first, "mimeType", mime);
  if (text) {
    put_key(b, &first, "text");
    if (defect(D_LATIN1_TEXT)) sb_jstr_latin1(b, data, len);
    else sb_jstr(b, (const char *)data, len);
  } else {
    put_key(b, &first, "blob");
    put_base64(b, data, len);
  }
  bool ok = put_meta_member(b, &first, meta);
  sb_putc(b, '}');
  return ok;
}

static bool put_media(sbuf *b, bool *first, const wasi_mcp_types_media_content_t *m) {
  put_key(b, first, "data");
  put_base64(b, m->data.ptr, m->data.len);
  put_str_member(b, first, "mimeType", &m->mime_type);
  put_annotations_member(b, first, &m->annotations);
  return put_meta_member(b, first, &m->meta);
}

bool put_content(sbuf *b, const wasi_mcp_types_content_t *c) {
  bool first = true, ok = true;
  sb_putc(b, '{');
  switch (c->tag) {
    case WASI_MCP_TYPES_CONTENT_TEXT:
      put_key(b, &first, "type");
      sb_puts(b, "\"text\"");
      put_str_member(b, &first, "text", &c->val.text.text);
      put_annotations_member(b, &first, &c->val.text.annotations);
      ok = put_meta_member(b, &first, &c->val.text.meta);
      break;
    case WASI_MCP_TYPES_CONTENT_IMAGE:
      put_key(b, &first, "type");
      sb_puts(b, "\"image\"");
      ok = put_media(b, &first, &c->val.image);
      break;
    case WASI_MCP_TYPES_CONTENT_AUDIO:
      put_key(b, &first, "type");
      sb_puts(b, defect(D_AUDIO_AS_IMAGE) ? "\"image\"" : "\"audio\"");
      ok = put_media(b, &first, &c->val.audio);
      break;
    case WASI_MCP_TYPES_CONTENT_RESOURCE_LINK:
      put_key(b, &first, "type");
      sb_puts(b, defect(D_RESOURCE_LINK_MISSPELLED) ? "\"resource-link\"" : "\"resource_link\"");
      ok = put_resource_members(b, &first, &c->val.resource_link);
      break;
    case WASI_MCP_TYPES_CONTENT_RESOURCE: {
      const wasi_mcp_types_embedded_resource_t *e = &c->val.resource;
      const wasi_mcp_types_resource_contents_t *rc = &e->contents;
      put_key(b, &first, "type");
      sb_puts(b, "\"resource\"");
      put_key(b, &first, "resource");
      ok = put_contents(b, &rc->uri, &rc->mime_type, rc->kind, rc->data.ptr, rc->data.len, &rc->meta);
      put_annotations_member(b, &first, &e->annotations);
      ok &= put_meta_member(b, &first, &e->meta);
      break;
    }
    default:
      ok = false;
  }
  sb_putc(b, '}');
  return ok;
}

static bool put_content_list(sbuf *b, bool *first, const wasi_mcp_types_list_content_t *l) {
  bool ok = true;
  size_t n = l->len;
  if (defect(D_FIRST_CONTENT_ONLY) && n > 1) n = 1;
  put_key(b, first, "content");
  sb_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) sb_putc(b, ',');
    ok &= put_content(b, &l->ptr[i]);
  }
  sb_putc(b, ']');
  return ok;
}

bool put_tool_result(sbuf *b, const wasi_mcp_types_tool_result_t *r) {
  bool first = true;
  bool ok = put_content_list(b, &first, &r->content);
  if (r->structured_content.is_some) {
    if (defect(D_STRUCTURED_CONTENT_STRING)) {
      put_str_member(b, &first, "structuredContent", &r->structured_content.val);
    } else {
      ok &= put_json_member(b, &first, "structuredContent", &r->structured_content.val);
    }
  }
  if (r->is_error) put_bool_member(b, &first, "isError", true);
  return ok;
}

bool put_prompt_result(sbuf *b, const wasi_mcp_types_prompt_result_t *r) {
  bool first = true, ok = true;
  put_opt_member(b, &first, "description", &r->description);
  put_key(b, &first, "messages");
  sb_putc(b, '[');
  for (size_t i = 0; i < r->messages.len; i++) {
    const wasi_mcp_types_prompt_message_t *m = &r->messages.ptr[i];
    if (i) sb_putc(b, ',');
    sb_puts(b, m->role == WASI_MCP_TYPES_ROLE_USER ? "{\"role\":\"user\",\"content\":" : "{\"role\":\"assistant\",\"content\":");
    ok &= put_content(b, &m->content);
    sb_putc(b, '}');
  }
  sb_putc(b, ']');
  return ok;
}

void put_completion(sbuf *b, const wasi_mcp_types_completion_t *c) {
  bool first = true;
  sb_puts(b, "\"completion\":{");
  put_key(b, &first, "values");
  sb_putc(b, '[');
  for (size_t i = 0; i < c->values.len; i++) {
    if (i) sb_putc(b, ',');
    sb_jstr(b, (const char *)c->values.ptr[i].ptr, c->values.ptr[i].len);
  }
  sb_putc(b, ']');
  if (c->total.is_some) {
    put_key(b, &first, "total");
    sb_u64(b, c->total.val);
  }
  if (c->has_more.is_some) put_bool_member(b, &first, "hasMore", c->has_more.val);
  sb_putc(b, '}');
}

bool put_input_requests(sbuf *b, const wasi_mcp_types_input_required_t *ir) {
  bool first = true, ok = true;
  sb_putc(b, '{');
  for (size_t i = 0; i < ir->requests.len; i++) {
    const wasi_mcp_types_tuple2_string_input_request_t *r = &ir->requests.ptr[i];
    bool f = true;
    if (!first) sb_putc(b, ',');
    first = false;
    sb_jstr(b, (const char *)r->f0.ptr, r->f0.len);
    sb_putc(b, ':');
    sb_putc(b, '{');
    put_str_member(b, &f, "method", &r->f1.method);
    ok &= put_json_member(b, &f, "params", &r->f1.params);
    sb_putc(b, '}');
  }
  sb_putc(b, '}');
  return ok;
}
