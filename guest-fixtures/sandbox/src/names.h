// The names of WASI error codes, as their WIT spells them.
#ifndef SB_NAMES_H
#define SB_NAMES_H

#include <stdint.h>

/** wasi:filesystem/types error-code (0.2: enum; 0.3: the same cases without would-block, plus other). */
const char *fs_error_02(uint8_t code);
const char *fs_error_03(uint8_t tag);
/** wasi:sockets/network error-code of 0.2. */
const char *net_error_02(uint8_t code);
/** wasi:sockets/types and ip-name-lookup error-code of 0.3 (the tag; other is named by the caller). */
const char *net_error_03(uint8_t tag);
const char *lookup_error_03(uint8_t tag);

#endif
