// What an isolate host process gives up once it is listening: it runs code nobody
// reviewed, so it keeps only what serving needs.
#pragma once

#include <kj/string.h>

namespace shoal {

// For the rest of this process's life, in every thread (those already running and those
// started later):
//   - no new privileges (no_new_privs);
//   - system calls: only the allowlist in sandbox.cc (memory, threads, the event loop on
//     the descriptors already open, SQLite's file I/O, randomness). Any other call fails
//     with EPERM: no execve, no fork, no socket or connect (a host has no network of its
//     own; the listening socket is already open), no ptrace, mount or administration.
//   - files (Landlock): reading and writing only beneath `keptFolder`, which must exist,
//     plus reading /dev/urandom and the time zone (READ_ONLY_PATHS in sandbox.cc); opening
//     anything else fails with EACCES. Metadata calls (stat, readlink, access) are not
//     confined. If the kernel has no Landlock, a warning is logged and the rest holds.
// Call once, from any thread, when everything the process needs from elsewhere is open or
// loaded: whatever is read lazily must be read first or pointed into `keptFolder` (the
// host loads OpenSSL's configuration and sends SQLite's temporary files there). While it
// runs, SIGRTMIN asks each other thread to confine itself, so no thread may block it; the
// previous handler is restored. Throws if the kernel refuses, or a thread does not answer.
void lockDownProcess(kj::StringPtr keptFolder);

}  // namespace shoal
