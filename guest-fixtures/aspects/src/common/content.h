// Content blocks the gallery and the rich prompt share, and the list entry
// of fixture://text/hello.txt (listed by the resources aspect, linked by the
// gallery of the tools aspect).
#ifndef ASPECT_CONTENT_H
#define ASPECT_CONTENT_H

#include "guest.h"

typedef wasi_mcp_types_content_t content;

/** The list entry of fixture://text/hello.txt. */
extern const wasi_mcp_types_resource_config_t HELLO;

content text_content(str text);
content png_content(void);
content wav_content(void);
/** A resource link to fixture://text/hello.txt (its list entry). */
content hello_link(void);
/** fixture://text/hello.txt embedded as text. */
content hello_embedded(void);
/** fixture://binary/bytes.bin embedded as a blob. */
content bytes_embedded(void);

#endif
