#include "runtime/idle-flush.h"

namespace shoal {

IdleFlush::~IdleFlush() noexcept(false) {
  if (queued) fflush(stream);
}

void IdleFlush::schedule() {
  if (queued) return;
  queued = true;
  flush = kj::evalLast([this]() {
            queued = false;
            fflush(stream);
          }).eagerlyEvaluate(nullptr);
}

}  // namespace shoal
