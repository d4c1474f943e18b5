// Every resource limit a worker runs under, with its default, in one place.
#pragma once

#include <cstddef>

namespace shoal {

struct WorkerLimits {
  // V8 heap per isolate. Near it, the isolate is terminated and the request fails; the
  // process lives on.
  size_t heapBytes = 128ull << 20;

  // Largest request body a worker is handed (bigger requests get a 413).
  size_t requestBodyBytes = 100ull << 20;
};

}  // namespace shoal
