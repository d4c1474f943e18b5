// The IsolateHost capability (control/host.capnp): worker versions loaded into isolates
// of this process, answering requests the front end dispatches. Served over a socket by
// `shoal host`, or held in-process.
#pragma once

#include <kj/timer.h>

#include "control/host.capnp.h"

namespace shoal {

class V8System;

// Thread affinity: the thread of `timer`'s event loop. `system` and `timer` must outlive
// the returned capability's server. Session databases live under
// `dataFolder`/sessions/WORKER/.
kj::Own<rpc::IsolateHost::Server> newIsolateHost(V8System& system, kj::Timer& timer,
                                                 kj::StringPtr dataFolder);

}  // namespace shoal
