// Watches files for changes (inotify), for `shoal dev`'s reload on save.
#pragma once

#include <kj/async-unix.h>
#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

// Thread affinity: the thread of `eventPort`'s event loop.
class FileWatcher {
 public:
  explicit FileWatcher(kj::UnixEventPort& eventPort);
  ~FileWatcher() noexcept(false);
  KJ_DISALLOW_COPY(FileWatcher);

  // Replaces the watched set. Watching a file watches its folder, so editors that save
  // by writing a new file and renaming it over the old one are seen too, and so is any
  // .js or .mjs file appearing there.
  void watch(kj::ArrayPtr<const kj::String> files);

  // Resolves once any watched file was written, created, removed or renamed, after the
  // burst of events an editor's save makes has settled (`quiet` with no more events).
  kj::Promise<void> nextChange(kj::Timer& timer, kj::Duration quiet);

 private:
  struct Watch {
    int descriptor;
    kj::String folder;
    kj::Vector<kj::String> names;  // the files of interest in that folder
  };

  int fd;
  kj::UnixEventPort::FdObserver observer;
  kj::Vector<Watch> watches;

  // Reads pending events; true if one concerns a watched file.
  bool drain();
};

}  // namespace shoal
