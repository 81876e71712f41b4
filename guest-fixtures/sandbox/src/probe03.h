// The probe through the WASI 0.3 interfaces: opening files, connecting and
// looking names up are async imports, awaited in the calling task.
#ifndef SB_PROBE03_H
#define SB_PROBE03_H

#include "facts.h"
#include "task.h"

/** Fills f, then calls done(ctx) (perhaps before it returns). */
void probe_wasi03(task *t, facts *f, void (*done)(void *ctx), void *ctx);

#endif
