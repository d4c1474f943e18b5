// The clock JavaScript sees: Date.now() and new Date() stand still while a worker's code
// runs and move only between events, as in Workers. A worker cannot time its own code,
// which takes the precise timer out of timing side channels.
#pragma once

#include <memory>

#include <v8-platform.h>

namespace shoal {

// Wraps `inner`, answering CurrentClockTimeMillis() with the time frozen on the calling
// thread (see freezeClock) when there is one. GetPageAllocator() answers `pages`, which
// must outlive V8's use of the platform, or `inner`'s when it is nullptr.
std::unique_ptr<v8::Platform> newFrozenClockPlatform(std::unique_ptr<v8::Platform> inner,
                                                     v8::PageAllocator* pages = nullptr);

// From now until the next call on this thread, JavaScript on this thread sees the
// current wall-clock time, in whole milliseconds.
void freezeClock();

}  // namespace shoal
