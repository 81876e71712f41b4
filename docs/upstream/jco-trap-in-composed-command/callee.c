// callee: exports `boom`, an async (callback-lifted) function whose first
// slice traps with wasm `unreachable`.
#include "callee.h"

callee_callback_code_t exports_local_repro_boom_boom(void) {
  __builtin_trap();
}

callee_callback_code_t exports_local_repro_boom_boom_callback(callee_event_t *event) {
  (void)event;
  __builtin_trap();
}
