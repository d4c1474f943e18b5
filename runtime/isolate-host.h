// The IsolateHost capability (control/host.capnp): worker versions loaded into isolates
// of this process, answering requests the front end dispatches. Served over a socket by
// `shoal host`, or held in-process.
#pragma once

#include <kj/timer.h>

#include "control/host.capnp.h"

namespace shoal {

class V8System;

struct IsolateHostOptions {
  kj::String dataFolder;  // session databases live under DATA/sessions/WORKER/

  // Refuse, for a while, a worker whose isolates keep being stopped at the CPU or memory
  // limit: each stop stalls every other isolate on this thread for up to the limit. Off
  // in `shoal dev`, where the next request should simply run the fixed code.
  bool coolDownRepeatOffenders = true;

  // When the loaded isolates hold more than this, the least recently used are dropped
  // (their next request loads them again). 0: no budget.
  size_t isolateMemoryBudget = 0;

  // An isolate idle this long is compacted (Worker::compactMemory), and again only once
  // it has grown by half a MiB since: idle isolates, most of a host's, hold ~20% less.
  // One at a time, at most a tenth of the host thread's time while requests keep coming
  // (half when none has for 20 ms), and none holding more than 16 MiB (the collection
  // stalls the thread longer the more it holds). 0: never.
  kj::Duration idleCompaction = 10 * kj::SECONDS;
};

// Thread affinity: the thread of `timer`'s event loop. `system` and `timer` must outlive
// the returned capability's server.
kj::Own<rpc::IsolateHost::Server> newIsolateHost(V8System& system, kj::Timer& timer,
                                                 IsolateHostOptions options);

}  // namespace shoal
