// Flushes a stdio stream once the thread's event loop has nothing else queued, so that the
// lines printed in one busy stretch (a request log line, a worker's console output) leave
// in one write(2) instead of one each: under load, a write per line was a tenth of what a
// `shoal dev` request cost (bench/README.md).
#pragma once

#include <cstdio>

#include <kj/async.h>

namespace shoal {

// Thread affinity: the thread of the event loop it is used on, which must outlive it.
class IdleFlush {
 public:
  explicit IdleFlush(FILE* stream) : stream(stream) {}
  ~IdleFlush() noexcept(false);  // flushes what is still waiting
  KJ_DISALLOW_COPY(IdleFlush);

  // Flushes the stream once the event loop is idle (once however often it is called
  // meanwhile).
  void schedule();

 private:
  FILE* stream;
  bool queued = false;
  kj::Maybe<kj::Promise<void>> flush;
};

}  // namespace shoal
