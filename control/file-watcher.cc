#include "control/file-watcher.h"

#include <sys/inotify.h>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <kj/debug.h>

namespace shoal {

namespace {

constexpr uint32_t EVENTS =
    IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;

kj::String folderOf(kj::StringPtr file) {
  KJ_IF_MAYBE(slash, file.findLast('/')) {
    return *slash == 0 ? kj::str("/") : kj::heapString(file.slice(0, *slash));
  }
  return kj::str(".");
}

kj::String nameOf(kj::StringPtr file) {
  KJ_IF_MAYBE(slash, file.findLast('/')) return kj::heapString(file.slice(*slash + 1));
  return kj::heapString(file);
}

int newInotify() {
  int fd;
  KJ_SYSCALL(fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  return fd;
}

}  // namespace

FileWatcher::FileWatcher(kj::UnixEventPort& eventPort)
    : fd(newInotify()), observer(eventPort, fd, kj::UnixEventPort::FdObserver::OBSERVE_READ) {}

FileWatcher::~FileWatcher() noexcept(false) { close(fd); }

void FileWatcher::watch(kj::ArrayPtr<const kj::String> files) {
  for (auto& watch: watches) inotify_rm_watch(fd, watch.descriptor);
  watches.clear();
  for (auto& file: files) {
    auto folder = folderOf(file);
    Watch* existing = nullptr;
    for (auto& watch: watches) {
      if (watch.folder == folder) existing = &watch;
    }
    if (existing == nullptr) {
      int descriptor = inotify_add_watch(fd, folder.cStr(), EVENTS);
      if (descriptor < 0) {
        KJ_LOG(WARNING, "cannot watch folder", folder, strerror(errno));
        continue;
      }
      existing = &watches.add(Watch{descriptor, kj::mv(folder), {}});
    }
    existing->names.add(nameOf(file));
  }
}

bool FileWatcher::drain() {
  bool relevant = false;
  alignas(inotify_event) char buffer[8192];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      KJ_ASSERT(errno == EAGAIN, "reading inotify events failed", strerror(errno));
      return relevant;
    }
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      if (event->len == 0) continue;
      kj::StringPtr name = event->name;
      // A new module file counts too: the worker may be about to import it.
      bool isModule = name.endsWith(".js") || name.endsWith(".mjs");
      for (auto& watch: watches) {
        if (watch.descriptor != event->wd) continue;
        if (isModule) relevant = true;
        for (auto& watched: watch.names) {
          if (watched == name) relevant = true;
        }
      }
    }
  }
}

kj::Promise<void> FileWatcher::nextChange(kj::Timer& timer, kj::Duration quiet) {
  return observer.whenBecomesReadable().then([this, &timer, quiet]() -> kj::Promise<void> {
    if (!drain()) return nextChange(timer, quiet);
    // Settle: wait until `quiet` passes with no new events.
    return timer.afterDelay(quiet).then([this]() { drain(); });
  });
}

}  // namespace shoal
