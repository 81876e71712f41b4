// provider: exports `open`, an async (callback-lifted) function that returns a
// future and then writes a new `session` (an own handle) into it. The write
// completes when the reader has taken the handle.
#include <stdlib.h>
#include <string.h>
#include "provider.h"

#define NAME "s1"

struct exports_local_repro_opener_session_t {
  const char *name;
};

static exports_local_repro_opener_session_t the_session = {NAME};
static provider_waitable_set_t set;

void exports_local_repro_opener_method_session_name(exports_local_repro_opener_borrow_session_t self, provider_string_t *ret) {
  // The string is freed by the generated post-return function.
  ret->len = strlen(self->name);
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, self->name, ret->len);
}

void exports_local_repro_opener_session_destructor(exports_local_repro_opener_session_t *rep) {
  (void)rep;
}

provider_callback_code_t exports_local_repro_opener_open(void) {
  exports_local_repro_opener_future_own_session_writer_t writer;
  exports_local_repro_opener_future_own_session_t reader = exports_local_repro_opener_future_own_session_new(&writer);
  exports_local_repro_opener_open_return(reader);
  exports_local_repro_opener_own_session_t session = exports_local_repro_opener_session_new(&the_session);
  provider_waitable_status_t s = exports_local_repro_opener_future_own_session_write(writer, &session);
  if (s != PROVIDER_WAITABLE_STATUS_BLOCKED) {
    exports_local_repro_opener_future_own_session_drop_writable(writer);
    return PROVIDER_CALLBACK_CODE_EXIT;
  }
  set = provider_waitable_set_new();
  provider_waitable_join(writer, set);
  return PROVIDER_CALLBACK_CODE_WAIT(set);
}

provider_callback_code_t exports_local_repro_opener_open_callback(provider_event_t *event) {
  if (event->event != PROVIDER_EVENT_FUTURE_WRITE)
    return PROVIDER_CALLBACK_CODE_WAIT(set);
  provider_waitable_join(event->waitable, 0);
  exports_local_repro_opener_future_own_session_drop_writable(event->waitable);
  provider_waitable_set_drop(set);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
