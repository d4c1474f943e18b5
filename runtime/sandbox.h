// What an isolate host process gives up once it is listening: it runs code nobody
// reviewed, so it keeps only what serving needs.
#pragma once

namespace shoal {

// For the rest of this process's life, in every thread: no new privileges, no new
// programs (execve), no new processes (fork, or clone without CLONE_THREAD), no new
// sockets or outbound connections (the listening socket is already open), and none of
// the system-administration, tracing and kernel-extension calls. A refused call fails
// with EPERM. Throws if the kernel refuses the filter.
void lockDownProcess();

}  // namespace shoal
