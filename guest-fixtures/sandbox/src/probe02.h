// The probe through the WASI 0.2 interfaces (synchronous calls).
#ifndef SB_PROBE02_H
#define SB_PROBE02_H

#include "facts.h"

void probe_wasi02(facts *f);

#endif
