// The static tables of the resources and templates.
#include "catalog.h"

#include <string.h>

#include "content.h"

#define S(x) {(uint8_t *)(x), sizeof(x) - 1}
#define OS(x) {true, S(x)}
#define NO {false, {0}}

#define RESOURCE(uri, name, title, description, mime, has_size, size) \
  {S(uri), S(name), OS(title), OS(description), OS(mime), {has_size, size}, {false, {{0}, {0}, {0}}}, NO}

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

static bool extra_resource;
uint64_t counter;

size_t catalog_resources(const resource_config **out, size_t max) {
  size_t n = 0;
  if (n < max) out[n++] = &HELLO;
  for (size_t i = 0; i < N_RESOURCES && n < max; i++) out[n++] = &RESOURCES[i];
  if (extra_resource && n < max) out[n++] = &EXTRA_RESOURCE;
  return n;
}

size_t catalog_templates(const template_config **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < N_TEMPLATES && n < max; i++) out[n++] = &TEMPLATES[i];
  return n;
}

static bool same(str a, str b) { return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0; }

const resource_config *catalog_resource(str uri) {
  const resource_config *all[MAX_RESOURCES];
  size_t n = catalog_resources(all, MAX_RESOURCES);
  for (size_t i = 0; i < n; i++)
    if (same(all[i]->uri, uri)) return all[i];
  return NULL;
}

const template_config *catalog_template(str uri_template) {
  for (size_t i = 0; i < N_TEMPLATES; i++)
    if (same(TEMPLATES[i].uri_template, uri_template)) return &TEMPLATES[i];
  return NULL;
}

void catalog_toggle_extra_resource(void) { extra_resource = !extra_resource; }
