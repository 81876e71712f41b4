// Calls into the component for each method (docs/targets.md, "Methods"),
// their results, the streams of tools/call and resources/read, multi
// round-trip requests and cancellation.
#include <stdlib.h>
#include <string.h>

#include "controls.h"
#include "host.h"

static virtual_host_string_t wstr(const jval *v) { return (virtual_host_string_t){(uint8_t *)v->s, v->slen}; }

/** Sends the result in b, or -32603 when the component's JSON was bad. */
static void reply_or_bad_json(job *j, sbuf *b, bool ok, const char *what) {
  if (ok) {
    reply(j, b);
    return;
  }
  sb_free(b);
  sbuf m = {0};
  sb_puts(&m, "the component returned invalid JSON in ");
  sb_puts(&m, what);
  sb_putc(&m, 0);
  reply_internal(j, m.p ? m.p : "the component returned invalid JSON");
  sb_free(&m);
}

/** A call's result arrived for a request that was cancelled meanwhile. */
static void drop_answered(job *j) {
  j->answered = true;
  job_release(j);
}

// ---------------------------------------------------------------------------
// initialize and server/discover: describe.

static void initialize_returned(job *j);

static void call_initialize(job *j) { job_call(j, wasi_mcp_server_describe(&j->ctx, &j->r.describe), initialize_returned); }

void start_initialize(job *j) {
  const jval *p = j->params;
  const jval *pv = json_get(p, "protocolVersion"), *caps = json_get(p, "capabilities"), *ci = json_get(p, "clientInfo");
  const char *issue = NULL;
  if (!p) issue = "params: expected an object";
  else if (!pv || pv->t != J_STR) issue = "protocolVersion: expected a string";
  else if (!caps || caps->t != J_OBJ) issue = "capabilities: expected an object";
  else if (!implementation_valid(ci)) issue = "clientInfo: expected an Implementation";
  if (issue) {
    reply_invalid_params(j, issue);
    return;
  }
  // The requested version if it is a legacy one the host serves, else the latest.
  const char *chosen = defect(D_LEGACY_VERSION_OLDEST) ? OLDEST_LEGACY : LATEST_LEGACY;
  for (size_t i = 1; i < N_SUPPORTED_VERSIONS; i++)
    if (json_str_is(pv, SUPPORTED_VERSIONS[i])) chosen = SUPPORTED_VERSIONS[i];
  // The session lives for the rest of the process, and keeps this message.
  j->keep_msg = true;
  session.active = true;
  session.version = chosen;
  session.client_info = ci;
  session.caps = caps;
  sbuf b = {0};
  sb_json(&b, caps);
  if (b.failed) fatal("out of memory");
  session.capabilities = (virtual_host_string_t){(uint8_t *)b.p, b.len};
  context_legacy(j, json_get(p, "_meta"));
  job_start(j, call_initialize);
}

static bool declares_changes(const wasi_mcp_types_server_capabilities_t *c) {
  return (c->tools.is_some && c->tools.val.list_changed) || (c->prompts.is_some && c->prompts.val.list_changed) ||
         (c->resources.is_some && (c->resources.val.list_changed || c->resources.val.subscribe));
}

static void initialize_returned(job *j) {
  wasi_mcp_server_result_server_config_error_t *r = &j->r.describe;
  if (r->is_err) {
    reply_guest_error(j, &r->val.err);
    wasi_mcp_server_result_server_config_error_free(r);
    return;
  }
  const wasi_mcp_types_server_config_t *c = &r->val.ok;
  describe_remember(c);
  bool first = true, ok;
  sbuf b = {0};
  sb_putc(&b, '{');
  put_key(&b, &first, "protocolVersion");
  sb_jstrz(&b, session.version);
  put_key(&b, &first, "capabilities");
  ok = put_capabilities(&b, &c->capabilities);
  put_key(&b, &first, "serverInfo");
  put_implementation(&b, &c->info);
  put_opt_member(&b, &first, "instructions", &c->instructions);
  result_close(j, &b, first, "complete", NULL, false, NULL);
  bool changes = declares_changes(&c->capabilities) || defect(D_LEGACY_LIST_CHANGED_UNDECLARED);
  wasi_mcp_server_result_server_config_error_free(r);
  reply_or_bad_json(j, &b, ok, "the capabilities' extensions");
  if (changes) changes_ensure();
}

static void discover_returned(job *j) {
  wasi_mcp_server_result_server_config_error_t *r = &j->r.describe;
  if (j->cancelled) {
    wasi_mcp_server_result_server_config_error_free(r);
    drop_answered(j);
    return;
  }
  if (r->is_err) {
    reply_guest_error(j, &r->val.err);
    wasi_mcp_server_result_server_config_error_free(r);
    return;
  }
  const wasi_mcp_types_server_config_t *c = &r->val.ok;
  describe_remember(c);
  bool first = true, ok;
  sbuf b = {0};
  sb_putc(&b, '{');
  if (!defect(D_DISCOVER_NO_VERSIONS)) {
    put_key(&b, &first, "supportedVersions");
    sb_putc(&b, '[');
    for (size_t i = 0; i < N_SUPPORTED_VERSIONS; i++) {
      if (i) sb_putc(&b, ',');
      sb_jstrz(&b, SUPPORTED_VERSIONS[i]);
    }
    sb_putc(&b, ']');
  }
  put_key(&b, &first, "capabilities");
  ok = put_capabilities(&b, &c->capabilities);
  put_opt_member(&b, &first, "instructions", &c->instructions);
  result_close(j, &b, first, "complete", NULL, true, &c->cache);
  wasi_mcp_server_result_server_config_error_free(r);
  reply_or_bad_json(j, &b, ok, "the capabilities' extensions");
}

static void call_discover(job *j) { job_call(j, wasi_mcp_server_describe(&j->ctx, &j->r.describe), discover_returned); }

void start_discover(job *j) { job_start(j, call_discover); }

// ---------------------------------------------------------------------------
// Lists.

static virtual_host_option_string_t cursor_of(job *j) {
  virtual_host_option_string_t c = {0};
  const jval *v = json_get(j->params, "cursor");
  if (v && !(j->m == M_TOOLS_LIST && defect(D_TOOLS_CURSOR_IGNORED))) {
    c.is_some = true;
    c.val = wstr(v);
  }
  return c;
}

static void put_next_cursor(sbuf *b, bool *first, const virtual_host_option_string_t *c) {
  if (!defect(D_NEXT_CURSOR_DROPPED)) put_opt_member(b, first, "nextCursor", c);
}

#define PAGE_CACHE(page) ((wasi_mcp_types_option_cache_hint_t){(page).cache.is_some, (page).cache.val})

static void list_returned(job *j) {
  sbuf b = {0};
  bool first = true, ok = true;
  const char *what = "a list";
  sb_putc(&b, '{');
  switch (j->m) {
    case M_TOOLS_LIST: {
      wasi_mcp_server_result_tool_page_error_t *r = &j->r.tools;
      if (j->cancelled || r->is_err) break;
      const wasi_mcp_server_tool_page_t *p = &r->val.ok;
      put_key(&b, &first, "tools");
      sb_putc(&b, '[');
      for (size_t i = 0; i < p->tools.len; i++) {
        if (i) sb_putc(&b, ',');
        ok &= put_tool(&b, &p->tools.ptr[i]);
      }
      sb_putc(&b, ']');
      put_next_cursor(&b, &first, &p->next_cursor);
      wasi_mcp_types_option_cache_hint_t cache = PAGE_CACHE(*p);
      result_close(j, &b, first, "complete", NULL, true, &cache);
      what = "a tool's schema or _meta";
      break;
    }
    case M_RESOURCES_LIST: {
      wasi_mcp_server_result_resource_page_error_t *r = &j->r.resources;
      if (j->cancelled || r->is_err) break;
      const wasi_mcp_server_resource_page_t *p = &r->val.ok;
      put_key(&b, &first, "resources");
      sb_putc(&b, '[');
      for (size_t i = 0; i < p->resources.len; i++) {
        if (i) sb_putc(&b, ',');
        ok &= put_resource(&b, &p->resources.ptr[i]);
      }
      sb_putc(&b, ']');
      put_next_cursor(&b, &first, &p->next_cursor);
      wasi_mcp_types_option_cache_hint_t cache = PAGE_CACHE(*p);
      result_close(j, &b, first, "complete", NULL, true, &cache);
      what = "a resource's _meta";
      break;
    }
    case M_TEMPLATES_LIST: {
      wasi_mcp_server_result_resource_template_page_error_t *r = &j->r.templates;
      if (j->cancelled || r->is_err) break;
      const wasi_mcp_server_resource_template_page_t *p = &r->val.ok;
      put_key(&b, &first, "resourceTemplates");
      sb_putc(&b, '[');
      for (size_t i = 0; i < p->resource_templates.len; i++) {
        if (i) sb_putc(&b, ',');
        ok &= put_template(&b, &p->resource_templates.ptr[i]);
      }
      sb_putc(&b, ']');
      put_next_cursor(&b, &first, &p->next_cursor);
      wasi_mcp_types_option_cache_hint_t cache = PAGE_CACHE(*p);
      result_close(j, &b, first, "complete", NULL, true, &cache);
      what = "a template's _meta";
      break;
    }
    default: {
      wasi_mcp_server_result_prompt_page_error_t *r = &j->r.prompts;
      if (j->cancelled || r->is_err) break;
      const wasi_mcp_server_prompt_page_t *p = &r->val.ok;
      put_key(&b, &first, "prompts");
      sb_putc(&b, '[');
      for (size_t i = 0; i < p->prompts.len; i++) {
        if (i) sb_putc(&b, ',');
        ok &= put_prompt(&b, &p->prompts.ptr[i]);
      }
      sb_putc(&b, ']');
      put_next_cursor(&b, &first, &p->next_cursor);
      wasi_mcp_types_option_cache_hint_t cache = PAGE_CACHE(*p);
      result_close(j, &b, first, "complete", NULL, true, &cache);
      what = "a prompt's _meta";
      break;
    }
  }
  // The error (every result type starts with is_err and the error at the same place).
  bool is_err = j->m == M_TOOLS_LIST       ? j->r.tools.is_err
                : j->m == M_RESOURCES_LIST ? j->r.resources.is_err
                : j->m == M_TEMPLATES_LIST ? j->r.templates.is_err
                                           : j->r.prompts.is_err;
  if (j->cancelled) sb_free(&b), drop_answered(j);
  else if (is_err) sb_free(&b), reply_guest_error(j, j->m == M_TOOLS_LIST       ? &j->r.tools.val.err
                                                    : j->m == M_RESOURCES_LIST ? &j->r.resources.val.err
                                                    : j->m == M_TEMPLATES_LIST ? &j->r.templates.val.err
                                                                               : &j->r.prompts.val.err);
  else reply_or_bad_json(j, &b, ok, what);
  switch (j->m) {
    case M_TOOLS_LIST: wasi_mcp_server_result_tool_page_error_free(&j->r.tools); break;
    case M_RESOURCES_LIST: wasi_mcp_server_result_resource_page_error_free(&j->r.resources); break;
    case M_TEMPLATES_LIST: wasi_mcp_server_result_resource_template_page_error_free(&j->r.templates); break;
    default: wasi_mcp_server_result_prompt_page_error_free(&j->r.prompts); break;
  }
}

// ---------------------------------------------------------------------------
// Multi round-trip: the retry a request carries, and input-required outcomes.

/** retry from the request's inputResponses / requestState (both eras). */
static void retry_from_request(job *j) {
  const jval *ir = json_get(j->params, "inputResponses"), *rs = json_get(j->params, "requestState");
  j->has_retry = ir || rs;
  if (!j->has_retry) return;
  wasi_mcp_types_retry_t *r = &j->retry;
  size_t n = ir ? ir->n : 0;
  r->responses.ptr = arena_alloc(j, (n ? n : 1) * sizeof(wasi_mcp_types_tuple2_string_json_t));
  r->responses.len = n;
  for (size_t i = 0; i < n; i++) {
    sbuf b = {0};
    sb_json(&b, ir->items[i]);
    r->responses.ptr[i].f0 = (virtual_host_string_t){(uint8_t *)ir->keys[i], ir->klens[i]};
    r->responses.ptr[i].f1 = arena_take(j, &b);
  }
  r->request_state.is_some = rs != NULL;
  if (rs) r->request_state.val = wstr(rs);
}

static void start_tool_call(job *j);
static void start_read(job *j);
static void start_prompt(job *j);

static void restart(job *j) {
  switch (j->m) {
    case M_TOOLS_CALL: start_tool_call(j); break;
    case M_RESOURCES_READ: start_read(j); break;
    default: start_prompt(j); break;
  }
}

static void retry_now(job *j) {
  if (defect(D_LEGACY_RETRY_WITHOUT_RESPONSES)) j->retry.responses.len = 0;
  job_start(j, restart);
}

// The host's own requests to a legacy client, waiting for their responses.
typedef struct {
  uint64_t n;  // id "wasi-mcp-N"
  job *j;
  size_t index;
} client_req;
static client_req *creqs;
static size_t ncreqs, capcreqs;
static uint64_t client_seq;

static void client_forget(job *j) {
  for (size_t i = 0; i < ncreqs;) {
    if (creqs[i].j == j) creqs[i] = creqs[--ncreqs];
    else i++;
  }
  j->awaiting = 0;
}

/** The client capability an input request needs, or NULL when the host cannot send it. */
static const char *needed_capability(const virtual_host_string_t *method) {
  static const char *const M[][2] = {
      {"elicitation/create", "elicitation"}, {"sampling/createMessage", "sampling"}, {"roots/list", "roots"}};
  for (size_t i = 0; i < 3; i++)
    if (method->len == strlen(M[i][0]) && memcmp(method->ptr, M[i][0], method->len) == 0) return M[i][1];
  return NULL;
}

static const jval *client_capabilities(job *j) {
  if (!j->modern) return session.caps;
  return json_get(json_get(j->params, "_meta"), "io.modelcontextprotocol/clientCapabilities");
}

/** Legacy: ask the client for each input request, then call again (docs/targets.md). */
static void ask_client(job *j, const wasi_mcp_types_input_required_t *ir) {
  if (j->rounds >= MAX_ROUNDS) {
    reply_internal(j, "the component still needed input after 8 rounds");
    return;
  }
  j->rounds++;
  const jval *caps = client_capabilities(j);
  for (size_t i = 0; i < ir->requests.len; i++) {
    const virtual_host_string_t *m = &ir->requests.ptr[i].f1.method;
    const char *cap = needed_capability(m);
    const jval *have = cap ? json_get(caps, cap) : NULL;
    if (!have || have->t != J_OBJ) {
      sbuf msg = {0};
      sb_puts(&msg, "the client cannot answer the component's input request ");
      sb_put(&msg, m->ptr, m->len);
      sb_putc(&msg, 0);
      reply_internal(j, msg.failed ? "the client cannot answer an input request" : msg.p);
      sb_free(&msg);
      return;
    }
    json_error e;
    jval *params = json_parse((const char *)ir->requests.ptr[i].f1.params.ptr, ir->requests.ptr[i].f1.params.len, &e);
    if (!params) {
      reply_internal(j, "the component returned invalid JSON in an input request's params");
      return;
    }
    json_free(params);
  }
  // The retry: responses keyed as the requests were, and the state.
  wasi_mcp_types_retry_t *r = &j->retry;
  size_t n = ir->requests.len;
  j->has_retry = true;
  r->responses.ptr = arena_alloc(j, (n ? n : 1) * sizeof(wasi_mcp_types_tuple2_string_json_t));
  r->responses.len = n;
  for (size_t i = 0; i < n; i++) {
    const virtual_host_string_t *k = &ir->requests.ptr[i].f0;
    r->responses.ptr[i].f0 = (virtual_host_string_t){(uint8_t *)arena_dup(j, (const char *)k->ptr, k->len), k->len};
    r->responses.ptr[i].f1 = (virtual_host_string_t){(uint8_t *)"null", 4};
  }
  r->request_state.is_some = ir->request_state.is_some;
  if (ir->request_state.is_some) {
    const virtual_host_string_t *s = &ir->request_state.val;
    r->request_state.val = (virtual_host_string_t){(uint8_t *)arena_dup(j, (const char *)s->ptr, s->len), s->len};
  }
  if (!n) {
    retry_now(j);  // state only: at once
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (ncreqs == capcreqs) {
      capcreqs = capcreqs ? capcreqs * 2 : 8;
      creqs = xrealloc(creqs, capcreqs * sizeof(client_req));
    }
    uint64_t seq = defect(D_CLIENT_REQUEST_ID_REUSED) ? i + 1 : ++client_seq;
    creqs[ncreqs++] = (client_req){seq, j, i};
    j->awaiting++;
    sbuf b = {0};
    if (defect(D_CLIENT_REQUEST_ID_NULL)) {
      sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":");
    } else {
      sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":\"wasi-mcp-");
      sb_u64(&b, seq);
      sb_puts(&b, "\",\"method\":");
    }
    sb_jstr(&b, (const char *)ir->requests.ptr[i].f1.method.ptr, ir->requests.ptr[i].f1.method.len);
    sb_puts(&b, ",\"params\":");
    put_json_text(&b, &ir->requests.ptr[i].f1.params);
    sb_putc(&b, '}');
    if (!send_line(&b)) {
      client_forget(j);
      reply_internal(j, "out of memory while writing a request to the client");
      return;
    }
  }
}

void client_response(const jval *id, const jval *result, const jval *error) {
  static const char PREFIX[] = "wasi-mcp-";
  if (!id || id->t != J_STR || id->slen <= sizeof PREFIX - 1 || memcmp(id->s, PREFIX, sizeof PREFIX - 1) != 0) return;
  uint64_t n = 0;
  for (size_t i = sizeof PREFIX - 1; i < id->slen; i++) {
    if (id->s[i] < '0' || id->s[i] > '9' || n > UINT64_MAX / 10) return;
    n = n * 10 + (uint64_t)(id->s[i] - '0');
  }
  // exactly the text the host sent: no leading zeros
  if (id->s[sizeof PREFIX - 1] == '0') return;
  for (size_t i = 0; i < ncreqs; i++) {
    if (creqs[i].n != n) continue;
    job *j = creqs[i].j;
    size_t index = creqs[i].index;
    creqs[i] = creqs[--ncreqs];
    if (error) {
      client_forget(j);
      reply_internal(j, "the client answered an input request with an error");
      return;
    }
    sbuf b = {0};
    sb_json(&b, result);
    j->retry.responses.ptr[index].f1 = arena_take(j, &b);
    if (j->oom) {
      client_forget(j);
      reply_internal(j, "out of memory while reading the client's response");
      return;
    }
    if (--j->awaiting == 0) retry_now(j);
    return;
  }
}

void calls_stdin_ended(void) {
  for (job *j = jobs_first(), *next; j; j = next) {
    next = j->next;
    if (j->awaiting && !j->answered) {
      client_forget(j);
      reply_internal(j, "stdin ended before the client answered the input requests");
    }
  }
}

/** An input-required outcome: an InputRequiredResult (modern) or a round trip (legacy). */
static void input_required(job *j, const wasi_mcp_types_input_required_t *ir) {
  if (defect(D_INPUT_REQUIRED_ERROR)) {
    reply_internal(j, "the component needs input");
    return;
  }
  if (!j->modern || defect(D_MODERN_CLIENT_REQUEST)) {
    ask_client(j, ir);
    return;
  }
  sbuf b = {0};
  bool first = true, ok = true;
  sb_putc(&b, '{');
  if (ir->requests.len) {
    put_key(&b, &first, "inputRequests");
    ok = put_input_requests(&b, ir);
  }
  if (ir->request_state.is_some) {
    put_key(&b, &first, "requestState");
    if (defect(D_REQUEST_STATE_ALTERED)) {
      sbuf s = {0};
      sb_put(&s, ir->request_state.val.ptr, ir->request_state.val.len);
      sb_puts(&s, ":x");
      sb_jstr(&b, s.p, s.len);
      sb_free(&s);
    } else {
      sb_jstr(&b, (const char *)ir->request_state.val.ptr, ir->request_state.val.len);
    }
  }
  result_close(j, &b, first, "input_required", NULL, defect(D_INPUT_REQUIRED_CACHE_FIELDS), NULL);
  reply_or_bad_json(j, &b, ok, "an input request's params");
}

// ---------------------------------------------------------------------------
// prompts/get and completion/complete.

static void prompt_returned(job *j) {
  wasi_mcp_server_result_prompt_outcome_error_t *r = &j->r.prompt;
  if (j->cancelled) {
    drop_answered(j);
  } else if (r->is_err) {
    reply_guest_error(j, &r->val.err);
  } else if (r->val.ok.tag == WASI_MCP_SERVER_PROMPT_OUTCOME_INPUT_REQUIRED) {
    input_required(j, &r->val.ok.val.input_required);
  } else {
    const wasi_mcp_types_prompt_result_t *p = &r->val.ok.val.complete;
    sbuf b = {0};
    sb_putc(&b, '{');
    bool ok = put_prompt_result(&b, p);
    ok &= result_close(j, &b, false, "complete", &p->meta, false, NULL);
    reply_or_bad_json(j, &b, ok, "the prompt's messages or _meta");
  }
  wasi_mcp_server_result_prompt_outcome_error_free(r);
}

static void start_prompt(job *j) {
  wasi_mcp_server_get_prompt_args_t *a = &j->a.prompt;
  const jval *args = json_get(j->params, "arguments");
  size_t n = args ? args->n : 0;
  a->context = j->ctx;
  a->name = wstr(json_get(j->params, "name"));
  a->arguments.ptr = arena_alloc(j, (n ? n : 1) * sizeof(virtual_host_tuple2_string_string_t));
  a->arguments.len = n;
  for (size_t i = 0; i < n; i++) {
    a->arguments.ptr[i].f0 = (virtual_host_string_t){(uint8_t *)args->keys[i], args->klens[i]};
    a->arguments.ptr[i].f1 = wstr(args->items[i]);
  }
  a->retry = (wasi_mcp_server_option_retry_t){j->has_retry, j->retry};
  job_call(j, wasi_mcp_server_get_prompt(a, &j->r.prompt), prompt_returned);
}

static void complete_returned(job *j) {
  wasi_mcp_server_result_completion_error_t *r = &j->r.complete;
  if (j->cancelled) {
    drop_answered(j);
  } else if (r->is_err) {
    reply_guest_error(j, &r->val.err);
  } else {
    sbuf b = {0};
    sb_putc(&b, '{');
    put_completion(&b, &r->val.ok);
    result_close(j, &b, false, "complete", NULL, false, NULL);
    reply(j, &b);
  }
  wasi_mcp_server_result_completion_error_free(r);
}

static void start_complete(job *j) {
  wasi_mcp_server_complete_args_t *a = &j->a.complete;
  const jval *ref = json_get(j->params, "ref"), *arg = json_get(j->params, "argument");
  const jval *resolved = json_get(json_get(j->params, "context"), "arguments");
  a->context = j->ctx;
  if (json_str_is(json_get(ref, "type"), "ref/prompt")) {
    a->ref.tag = WASI_MCP_TYPES_COMPLETION_REF_PROMPT;
    a->ref.val.prompt = wstr(json_get(ref, "name"));
  } else if (defect(D_COMPLETION_REF_AS_PROMPT)) {
    a->ref.tag = WASI_MCP_TYPES_COMPLETION_REF_PROMPT;
    a->ref.val.prompt = wstr(json_get(ref, "uri"));
  } else {
    a->ref.tag = WASI_MCP_TYPES_COMPLETION_REF_RESOURCE_TEMPLATE;
    a->ref.val.resource_template = wstr(json_get(ref, "uri"));
  }
  a->argument.f0 = wstr(json_get(arg, "name"));
  a->argument.f1 = wstr(json_get(arg, "value"));
  if (defect(D_COMPLETION_VALUE_DROPPED)) a->argument.f1.len = 0;
  size_t n = resolved && !defect(D_COMPLETION_CONTEXT_DROPPED) ? resolved->n : 0;
  a->resolved.ptr = arena_alloc(j, (n ? n : 1) * sizeof(virtual_host_tuple2_string_string_t));
  a->resolved.len = n;
  for (size_t i = 0; i < n; i++) {
    a->resolved.ptr[i].f0 = (virtual_host_string_t){(uint8_t *)resolved->keys[i], resolved->klens[i]};
    a->resolved.ptr[i].f1 = wstr(resolved->items[i]);
  }
  job_call(j, wasi_mcp_server_complete(a, &j->r.complete), complete_returned);
}

// ---------------------------------------------------------------------------
// Streams: release, the cancel future.

/** Drops the readable ends the job still holds, cancelling reads in flight. */
static void drop_streams(job *j) {
  // A waitable leaves the set before a synchronous cancel.
  if (j->events) {
    unwatch(j->events);
    if (j->events_busy) {
      uint32_t st = wasi_mcp_streaming_stream_call_event_cancel_read(j->events);
      if (st != BLOCKED)
        for (uint32_t i = 0; i < WCOUNT(st); i++) wasi_mcp_streaming_call_event_free(&j->ev[i]);
      j->events_busy = false;
    }
    wasi_mcp_streaming_stream_call_event_drop_readable(j->events);
    j->events = 0;
  }
  if (j->outcome) {
    unwatch(j->outcome);
    if (j->outcome_busy) {
      uint32_t st = wasi_mcp_streaming_future_result_tool_outcome_error_cancel_read(j->outcome);
      if (st != BLOCKED && WSTATE(st) == W_COMPLETED) wasi_mcp_streaming_result_tool_outcome_error_free(&j->outcome_v);
      j->outcome_busy = false;
    }
    wasi_mcp_streaming_future_result_tool_outcome_error_drop_readable(j->outcome);
    j->outcome = 0;
  }
  if (j->body) {
    unwatch(j->body);
    if (j->body_busy) {
      wasi_mcp_streaming_stream_u8_cancel_read(j->body);
      j->body_busy = false;
    }
    wasi_mcp_streaming_stream_u8_drop_readable(j->body);
    j->body = 0;
  }
  if (j->end) {
    unwatch(j->end);
    if (j->end_busy) {
      uint32_t st = wasi_mcp_streaming_future_result_void_error_cancel_read(j->end);
      if (st != BLOCKED && WSTATE(st) == W_COMPLETED) wasi_mcp_streaming_result_void_error_free(&j->end_v);
      j->end_busy = false;
    }
    wasi_mcp_streaming_future_result_void_error_drop_readable(j->end);
    j->end = 0;
  }
}

/** A new cancel future for the next call; the readable end goes to the component. */
static uint32_t new_cancel(job *j) {
  // An earlier round's future stays open, unwritten: dropping it unwritten
  // is not a cancellation, and some runtimes trap on it.
  j->cancel_open = true;
  return wasi_mcp_streaming_future_string_new(&j->cancel_w);
}

static void cancel_written(void *ctx, uint32_t code) {
  (void)code;
  job *j = ctx;
  unwatch(j->cancel_w);
  wasi_mcp_streaming_future_string_drop_writable(j->cancel_w);
  j->cancel_writing = false;
  job_release(j);
}

static void write_cancel(job *j, const char *reason, size_t rlen) {
  j->cancel_open = false;
  j->reason = (virtual_host_string_t){(uint8_t *)arena_dup(j, reason, rlen), rlen};
  uint32_t st = wasi_mcp_streaming_future_string_write(j->cancel_w, &j->reason);
  if (st == BLOCKED) {
    j->cancel_writing = true;
    watch(j->cancel_w, cancel_written, j);
  } else {
    wasi_mcp_streaming_future_string_drop_writable(j->cancel_w);
  }
}

void cancel_job(job *j, const char *reason, size_t rlen) {
  if (j->m == M_LISTEN) {
    // Ends the subscription, without a response.
    listen_dequeue(j);
    j->cancelled = j->answered = true;
    job_release(j);
    return;
  }
  bool read = j->m == M_RESOURCES_READ, call = read || j->m == M_TOOLS_CALL;
  bool ignored = read && defect(D_READ_CANCEL_IGNORED);
  if (call && j->cancel_open && !ignored && !defect(D_CANCEL_FUTURE_UNWRITTEN)) write_cancel(j, reason, rlen);
  if (defect(D_RESPOND_AFTER_CANCEL)) return;
  j->cancelled = true;
  j->answered = true;  // no response will be sent
  client_forget(j);
  if (describe_dequeue(j)) {
    // (a describer's call still runs: the requests waiting for it need it)
    turn_forget(j);
    j->starting = false;
  }
  if (!ignored && !defect(D_STREAM_KEPT_ON_CANCEL)) {
    drop_streams(j);
    if (j->r_live) {
      wasi_mcp_streaming_result_read_outcome_error_free(&j->r.read);
      j->r_live = false;
    }
  }
  job_release(j);
}

// ---------------------------------------------------------------------------
// tools/call: events to their end, then the outcome.

static bool level_forwarded(job *j, int level) {
  if (!described.caps.logging && !defect(D_LOG_CAPABILITY_UNGATED)) return false;
  if (j->log_min < 0) return defect(D_LOG_WITHOUT_LEVEL);
  return level >= j->log_min || defect(D_LOG_LEVEL_UNFILTERED);
}

static void emit_event(job *j, const wasi_mcp_streaming_call_event_t *e) {
  if (j->cancelled) return;
  sbuf b = {0};
  bool first = true;
  if (e->tag == WASI_MCP_STREAMING_CALL_EVENT_PROGRESS) {
    const wasi_mcp_types_progress_t *p = &e->val.progress;
    const jval *t = j->token;
    if (!t || defect(D_PROGRESS_DROPPED)) return;
    if (t->t == J_NUM && t->num == 0 && defect(D_PROGRESS_TOKEN_ZERO_ABSENT)) return;
    sb_putc(&b, '{');
    put_key(&b, &first, "progressToken");
    if (t->t == J_NUM && defect(D_PROGRESS_TOKEN_STRINGIFIED)) {
      sbuf s = {0};
      sb_num(&s, t->num);
      sb_jstr(&b, s.p, s.len);
      sb_free(&s);
    } else if (t->t == J_STR && defect(D_PROGRESS_TOKEN_LATIN1)) {
      sb_jstr_latin1(&b, (const uint8_t *)t->s, t->slen);
    } else {
      put_id(&b, t);
    }
    put_key(&b, &first, "progress");
    sb_num(&b, p->progress);
    if (p->total.is_some) {
      put_key(&b, &first, "total");
      sb_num(&b, p->total.val);
    }
    if (!defect(D_PROGRESS_MESSAGE_DROPPED)) put_opt_member(&b, &first, "message", &p->message);
    tag_with_subscription(&b, &first);
    sb_putc(&b, '}');
    send_call_notification(j, "notifications/progress", &b);
  } else {
    const wasi_mcp_types_log_message_t *m = &e->val.log;
    if (!level_forwarded(j, m->level)) return;
    sb_putc(&b, '{');
    put_key(&b, &first, "level");
    sb_jstrz(&b, LOG_LEVELS[m->level < 8 ? m->level : 0]);
    put_opt_member(&b, &first, "logger", &m->logger);
    put_key(&b, &first, "data");
    if (put_json_text(&b, &m->data)) {
      tag_with_subscription(&b, &first);
      sb_putc(&b, '}');
      send_call_notification(j, "notifications/message", &b);
    } else {
      log_text("dropped a log message whose data is not JSON: ", (const char *)m->data.ptr, m->data.len);
    }
  }
  sb_free(&b);
}

static void events_pump(job *j);
static void outcome_start(job *j);

/** Handles a finished events read; false once the stream has ended. */
static bool events_got(job *j, uint32_t st) {
  uint32_t n = WCOUNT(st);
  for (uint32_t i = 0; i < n; i++) {
    emit_event(j, &j->ev[i]);
    wasi_mcp_streaming_call_event_free(&j->ev[i]);
  }
  if (WSTATE(st) == W_DROPPED) {
    unwatch(j->events);
    wasi_mcp_streaming_stream_call_event_drop_readable(j->events);
    j->events = 0;
    return false;
  }
  return true;
}

static void events_event(void *ctx, uint32_t code) {
  job *j = ctx;
  j->events_busy = false;
  if (events_got(j, code)) events_pump(j);
  else outcome_start(j);
}

static void events_pump(job *j) {
  for (;;) {
    uint32_t st = wasi_mcp_streaming_stream_call_event_read(j->events, j->ev, control_items_read(8));
    if (st == BLOCKED) {
      j->events_busy = true;
      return;
    }
    if (!events_got(j, st)) {
      outcome_start(j);
      return;
    }
  }
}

static void outcome_done(job *j, uint32_t st) {
  unwatch(j->outcome);
  wasi_mcp_streaming_future_result_tool_outcome_error_drop_readable(j->outcome);
  j->outcome = 0;
  if (WSTATE(st) != W_COMPLETED) {
    if (j->cancelled) drop_answered(j);
    else reply_internal(j, "the component dropped the outcome of the tool call");
    return;
  }
  wasi_mcp_streaming_result_tool_outcome_error_t *o = &j->outcome_v;
  if (j->cancelled) {
    drop_answered(j);
  } else if (o->is_err) {
    reply_guest_error(j, &o->val.err);
  } else if (o->val.ok.tag == WASI_MCP_STREAMING_TOOL_OUTCOME_INPUT_REQUIRED) {
    input_required(j, &o->val.ok.val.input_required);
  } else {
    const wasi_mcp_types_tool_result_t *r = &o->val.ok.val.complete;
    sbuf b = {0};
    sb_putc(&b, '{');
    bool ok = put_tool_result(&b, r);
    ok &= result_close(j, &b, false, "complete", &r->meta, false, NULL);
    reply_or_bad_json(j, &b, ok, "the tool result");
  }
  wasi_mcp_streaming_result_tool_outcome_error_free(o);
}

static void outcome_event(void *ctx, uint32_t code) {
  job *j = ctx;
  j->outcome_busy = false;
  outcome_done(j, code);
}

static void outcome_start(job *j) {
  uint32_t st = wasi_mcp_streaming_future_result_tool_outcome_error_read(j->outcome, &j->outcome_v);
  if (st == BLOCKED) {
    j->outcome_busy = true;
    return;
  }
  outcome_done(j, st);
}

static void call_returned(job *j) {
  wasi_mcp_streaming_result_tool_call_error_t *r = &j->r.call;
  if (r->is_err) {
    if (j->cancelled) drop_answered(j);
    else reply_guest_error(j, &r->val.err);
    wasi_mcp_streaming_result_tool_call_error_free(r);
    return;
  }
  j->events = r->val.ok.events;
  j->outcome = r->val.ok.outcome;
  watch(j->events, events_event, j);
  watch(j->outcome, outcome_event, j);
  if (j->cancelled && !defect(D_STREAM_KEPT_ON_CANCEL)) {
    drop_streams(j);
    job_release(j);
    return;
  }
  events_pump(j);
}

static void start_tool_call(job *j) {
  wasi_mcp_streaming_call_tool_args_t *a = &j->a.call;
  a->context = j->ctx;
  a->name = wstr(json_get(j->params, "name"));
  if (!a->arguments.ptr) {
    const jval *args = json_get(j->params, "arguments");
    sbuf b = {0};
    if (args) sb_json(&b, args);
    else sb_puts(&b, "{}");
    a->arguments = arena_take(j, &b);
  }
  a->retry = (wasi_mcp_streaming_option_retry_t){j->has_retry, j->retry};
  if (j->oom) {
    reply_internal(j, "out of memory while preparing the call");
    return;
  }
  a->cancel = new_cancel(j);
  job_call(j, wasi_mcp_streaming_call_tool(a, &j->r.call), call_returned);
}

// ---------------------------------------------------------------------------
// resources/read: the body to its end (reads of at most 64 KiB), then end.

static void body_pump(job *j);
static void end_start(job *j);

static bool body_got(job *j, uint32_t st) {
  if (!j->cancelled) sb_put(&j->data, j->chunk, WCOUNT(st));
  if (WSTATE(st) == W_DROPPED) {
    unwatch(j->body);
    wasi_mcp_streaming_stream_u8_drop_readable(j->body);
    j->body = 0;
    return false;
  }
  return true;
}

static void body_event(void *ctx, uint32_t code) {
  job *j = ctx;
  j->body_busy = false;
  if (body_got(j, code)) body_pump(j);
  else end_start(j);
}

static void body_pump(job *j) {
  for (;;) {
    uint32_t st = wasi_mcp_streaming_stream_u8_read(j->body, j->chunk, control_body_read(BODY_CHUNK));
    if (st == BLOCKED) {
      j->body_busy = true;
      return;
    }
    if (!body_got(j, st)) {
      end_start(j);
      return;
    }
  }
}

static void end_done(job *j, uint32_t st) {
  unwatch(j->end);
  wasi_mcp_streaming_future_result_void_error_drop_readable(j->end);
  j->end = 0;
  const wasi_mcp_streaming_resource_read_t *rd = &j->r.read.val.ok.val.body;
  if (j->cancelled) {
    if (WSTATE(st) == W_COMPLETED) wasi_mcp_streaming_result_void_error_free(&j->end_v);
    drop_answered(j);
    return;
  }
  if (WSTATE(st) != W_COMPLETED) {
    reply_internal(j, "the component dropped the end of the resource read");
    return;
  }
  if (j->end_v.is_err && !defect(D_END_ERROR_IGNORED)) {
    reply_guest_error(j, &j->end_v.val.err);
    wasi_mcp_streaming_result_void_error_free(&j->end_v);
    return;
  }
  wasi_mcp_streaming_result_void_error_free(&j->end_v);
  if (j->data.failed) {
    reply_internal(j, "out of memory while reading the resource");
    return;
  }
  sbuf b = {0};
  bool first = true;
  sb_putc(&b, '{');
  put_key(&b, &first, "contents");
  sb_putc(&b, '[');
  wasi_mcp_types_option_json_t meta = {rd->meta.is_some, rd->meta.val};
  bool ok = put_contents(&b, &rd->uri, &rd->mime_type, rd->kind, (const uint8_t *)j->data.p, j->data.len, &meta);
  sb_putc(&b, ']');
  wasi_mcp_types_option_cache_hint_t cache = {rd->cache.is_some, rd->cache.val};
  result_close(j, &b, first, "complete", NULL, true, &cache);
  reply_or_bad_json(j, &b, ok, "the contents' _meta");
}

static void end_event(void *ctx, uint32_t code) {
  job *j = ctx;
  j->end_busy = false;
  end_done(j, code);
}

static void end_start(job *j) {
  uint32_t st = wasi_mcp_streaming_future_result_void_error_read(j->end, &j->end_v);
  if (st == BLOCKED) {
    j->end_busy = true;
    return;
  }
  end_done(j, st);
}

/** not-found-empty-contents: an unknown resource answered as one without contents. */
static void reply_no_contents(job *j) {
  sbuf b = {0};
  sb_puts(&b, "{\"contents\":[]");
  result_close(j, &b, false, "complete", NULL, true, NULL);
  reply(j, &b);
}

static void read_returned(job *j) {
  wasi_mcp_streaming_result_read_outcome_error_t *r = &j->r.read;
  if (r->is_err || r->val.ok.tag == WASI_MCP_STREAMING_READ_OUTCOME_INPUT_REQUIRED) {
    if (j->cancelled) drop_answered(j);
    else if (r->is_err && r->val.err.code == WASI_MCP_TYPES_ERROR_CODE_RESOURCE_NOT_FOUND && defect(D_NOT_FOUND_EMPTY_CONTENTS))
      reply_no_contents(j);
    else if (r->is_err) reply_guest_error(j, &r->val.err);
    else input_required(j, &r->val.ok.val.input_required);
    wasi_mcp_streaming_result_read_outcome_error_free(r);
    return;
  }
  // The result (uri, mime type, cache, meta) is kept until the body has ended.
  j->r_live = true;
  j->body = r->val.ok.val.body.body;
  j->end = r->val.ok.val.body.end;
  watch(j->body, body_event, j);
  watch(j->end, end_event, j);
  if (j->cancelled && !defect(D_STREAM_KEPT_ON_CANCEL) && !defect(D_READ_CANCEL_IGNORED)) {
    drop_streams(j);
    job_release(j);
    return;
  }
  if (!j->chunk) j->chunk = xmalloc(BODY_CHUNK);
  sb_free(&j->data);
  body_pump(j);
}

static void start_read(job *j) {
  wasi_mcp_streaming_read_resource_args_t *a = &j->a.read;
  a->context = j->ctx;
  a->uri = wstr(json_get(j->params, "uri"));
  a->retry = (wasi_mcp_streaming_option_retry_t){j->has_retry, j->retry};
  a->cancel = new_cancel(j);
  job_call(j, wasi_mcp_streaming_read_resource(a, &j->r.read), read_returned);
}

// ---------------------------------------------------------------------------

void start_call(job *j) {
  switch (j->m) {
    case M_TOOLS_LIST:
      j->a.tools = (wasi_mcp_server_list_tools_args_t){j->ctx, cursor_of(j)};
      job_call(j, wasi_mcp_server_list_tools(&j->a.tools, &j->r.tools), list_returned);
      return;
    case M_RESOURCES_LIST:
      j->a.resources = (wasi_mcp_server_list_resources_args_t){j->ctx, cursor_of(j)};
      job_call(j, wasi_mcp_server_list_resources(&j->a.resources, &j->r.resources), list_returned);
      return;
    case M_TEMPLATES_LIST:
      j->a.templates = (wasi_mcp_server_list_resource_templates_args_t){j->ctx, cursor_of(j)};
      job_call(j, wasi_mcp_server_list_resource_templates(&j->a.templates, &j->r.templates), list_returned);
      return;
    case M_PROMPTS_LIST:
      j->a.prompts = (wasi_mcp_server_list_prompts_args_t){j->ctx, cursor_of(j)};
      job_call(j, wasi_mcp_server_list_prompts(&j->a.prompts, &j->r.prompts), list_returned);
      return;
    case M_TOOLS_CALL:
    case M_RESOURCES_READ:
    case M_PROMPTS_GET:
      retry_from_request(j);
      if (j->oom) {
        reply_internal(j, "out of memory while reading the request");
        return;
      }
      restart(j);
      return;
    case M_COMPLETE:
      start_complete(j);
      return;
    default:
      reply_internal(j, "no call for this method");
  }
}
