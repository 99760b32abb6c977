// Only the reentrant (_r) GEOS API: every call takes an explicit context handle,
// so each simulation worker can own its context.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
