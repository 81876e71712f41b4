// The fixture's fixed data (docs/fixtures.md, "Data" and "Resources").
#ifndef ASPECT_DATA_H
#define ASPECT_DATA_H

#include <stddef.h>
#include <stdint.h>

/** A 1×1 pixel PNG (70 bytes). */
extern const uint8_t PNG[70];
/** The RIFF/WAVE header of an empty 8 kHz mono 8-bit stream (44 bytes). */
extern const uint8_t WAV[44];
/** The bytes 0..255. */
extern const uint8_t BYTES_0_255[256];

#define HELLO_TEXT "Hello from a wasi:mcp fixture.\n"
#define UNICODE_TEXT "Gr\xC3\xBC\xC3\x9F" "e, \xE4\xB8\x96\xE7\x95\x8C! \xF0\x9F\x8C\x8D\n"
#define CONFIG_TEXT "{\"ok\":true}\n"

/** The pattern of generated bodies: byte i is i % 251. */
void fill_pattern(uint8_t *dst, uint64_t offset, size_t n);

#endif
