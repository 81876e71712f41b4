// The innermost aspect's changes are its own: nothing to merge or record.
#include "changes.h"

void changes_on_open(task *t) { (void)t; }
void changes_on_close(void) {}
void changes_on_event(uint8_t tag, str uri) {
  (void)tag;
  (void)uri;
}
