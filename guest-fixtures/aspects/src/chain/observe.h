// What an aspect saw from inside, for the `observations` tool
// (docs/fixtures.md, "Observations"): the writes of resource bodies,
// cancellations of slow work, and the changes streams. Each aspect keeps the
// records of its own work.
#ifndef ASPECT_OBSERVE_H
#define ASPECT_OBSERVE_H

#include "guest.h"

typedef struct {
  size_t *writes, *requested;
  size_t n, cap;  // entries in writes and requested (one each per write)
  uint64_t total;
  bool ended, dropped;
} stream_record;

typedef struct {
  double started_ms;
  bool observed, completed, finished;
  const char *via;  // "cancel-future", "stream-dropped" or NULL
  double elapsed_ms;
  uint64_t steps;
  char *reason;  // NULL: none
} cancel_record;

/** A fresh record for the read of uri (replacing the previous one). */
stream_record *observe_stream(str uri);
/** One write: offered `requested` bytes, `accepted` were taken. */
void observe_write(stream_record *r, size_t requested, size_t accepted);

/** A fresh record for a slow call or read labelled `label`. */
cancel_record *observe_cancellation(str label);
/** The cancellation was observed (reason may be NULL; it is copied). */
void observe_cancelled(cancel_record *r, const char *via, const char *reason, size_t rlen);
/** The work ran to its end. */
void observe_completed(cancel_record *r);

/** The changes streams: one opened, one found closed, an event written. */
void observe_changes_opened(void);
void observe_changes_closed(void);
void observe_change_event(const char *what, str uri);

/** Whether there is a record of kind ("stream", "cancellation", "changes") under key. */
bool observe_recorded(str kind, str key);
/** The `observations` tool's structured content for kind and key. */
void observe_report(buf *b, str kind, str key);

#endif
