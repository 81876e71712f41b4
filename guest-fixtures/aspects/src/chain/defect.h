// The composition defects of the aspects fixture (docs/fixtures.md,
// "Aspects defects"): deliberate mistakes in composing a server from
// aspects, for the mutation run. WASI_MCP_FIXTURE_DEFECT names one; none is
// on unless named, and without it the aspects behave as documented.
#ifndef ASPECT_DEFECT_H
#define ASPECT_DEFECT_H

#include <stdbool.h>

typedef enum {
  DEFECT_LIST_OWN_ITEMS_ONLY,
  DEFECT_DESCRIBE_ANSWERED_ALONE,
  DEFECT_CAPABILITIES_REPLACED,
  DEFECT_TEMPLATE_READS_PASSED_ON,
  DEFECT_TEMPLATE_COMPLETION_PASSED_ON,
  DEFECT_CHANGE_ANSWERED_ALONE,
  DEFECT_CANCEL_NOT_PASSED_ON,
  DEFECT_RETRY_NOT_PASSED_ON,
  DEFECT_INNER_CHANGES_DROPPED,
  DEFECT_OBSERVATIONS_ANSWERED_ALONE,
  DEFECT_UNKNOWN_OBSERVATIONS_PASSED_ON,
  DEFECT_INNER_CURSORS_TAGGED,
  DEFECT_INNER_CURSORS_DROPPED,
  DEFECT_COUNT,
} defect_t;

/** Whether the fixture runs with defect d. */
bool defect(defect_t d);
/** Whether WASI_MCP_FIXTURE_DEFECT names a defect the fixture does not have (describe then fails). */
bool defect_unknown(void);

#endif
