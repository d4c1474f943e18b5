// `shoal dev`: one worker from local files, served over HTTP, reloaded when a file
// changes.
#pragma once

#include <kj/async-io.h>
#include <kj/string.h>

#include "runtime/worker.h"

namespace shoal {

struct DevOptions {
  kj::String path;  // the worker's main file, or its folder
  kj::String name;  // empty: derived from the path
  kj::String listenAddress = kj::str("127.0.0.1");
  unsigned port = 8787;  // 0: any free port (the chosen one is printed)
  kj::Vector<HttpHeader> vars;
  kj::Vector<SessionBinding> sessions;  // --session BINDING=Class
  kj::Vector<kj::String> outboundAllow;  // --allow HOST: what fetch() may reach
  kj::Vector<kj::String> loaders;  // --loader BINDING: env.<binding> makes sandboxes
  kj::String persistFolder = kj::str(".shoal");  // session data, kept across restarts
  WorkerLimits limits;
};

// Serves until the process ends. Prints one line "shoal dev: <name> ready on
// http://localhost:<port>/" once it listens (tests read the port from it), then one line
// per request, the worker's console output, reloads and errors.
kj::Promise<void> runDevServer(V8System& system, kj::AsyncIoContext& io, DevOptions options);

}  // namespace shoal
