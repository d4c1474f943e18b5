// Session databases across host folders. The layout, beneath DATA:
//
//   hosts/<i>/sessions/WORKER/BINDING/ID.sqlite   a session's database, with ID.sqlite-wal,
//                                                  -shm and -journal beside it while in use
//   hosts/<i>/sessions/WORKER/_alarms.sqlite      which of host i's sessions have an alarm
//   sessions/WORKER/...                           the same, shared by all hosts (old layout)
//
// Invariants, when placeSessionFiles() returns:
//   1. Every database (every file of its ID.sqlite* set) sits in the folder of the local
//      host its session is placed on. Left where they were: sessions placed on a remote
//      host, and those in sessions/ of workers not deployed (`shoal dev`'s).
//   2. Each local host's alarm index lists (at least) the alarms of the sessions it holds
//      that any index listed; an entry never makes an alarm late (merged entries keep the
//      earlier time).

#include "control/session-files.h"

#include <unistd.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include <kj/debug.h>
#include <kj/filesystem.h>

#include "storage/alarm-index.h"

namespace shoal {

namespace {

constexpr size_t ID_DIGITS = 64;  // runtime/session-natives.cc: ids are 64 hex digits

// A session database's files, the database first.
constexpr kj::StringPtr SESSION_SUFFIXES[] = {".sqlite"_kj, ".sqlite-wal"_kj, ".sqlite-shm"_kj,
                                              ".sqlite-journal"_kj};

// The session id whose database `name` is one of the files of, or nullptr.
kj::Maybe<kj::String> sessionIdOf(kj::StringPtr name) {
  if (name.size() <= ID_DIGITS) return nullptr;
  for (size_t i = 0; i < ID_DIGITS; ++i) {
    char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return nullptr;
  }
  for (auto suffix: SESSION_SUFFIXES) {
    if (name.slice(ID_DIGITS) == suffix) return kj::heapString(name.slice(0, ID_DIGITS));
  }
  return nullptr;
}

// "0", "1", ...: the name hostDataFolder() gives a host's folder.
kj::Maybe<unsigned> hostNumberOf(kj::StringPtr name) {
  if (name.size() == 0 || name.size() > 4 || (name[0] == '0' && name.size() > 1)) return nullptr;
  for (char c: name) {
    if (c < '0' || c > '9') return nullptr;
  }
  return unsigned(atoi(name.cStr()));
}

kj::Path hostSessions(unsigned host) {
  auto number = kj::str(host);
  return kj::Path({"hosts", number, "sessions"});
}

// A folder of session databases: a local host's, or the old shared one (`host` nullptr).
struct Source {
  kj::Maybe<unsigned> host;
  kj::Path sessions;  // relative to DATA
};

class Placer {
 public:
  Placer(kj::StringPtr dataFolder, SessionPlacement& placement,
         kj::Function<bool(kj::StringPtr)>& deployed)
      : dataFolder(dataFolder),
        placement(placement),
        deployed(deployed),
        fs(kj::newDiskFilesystem()),
        data(fs->getRoot().openSubdir(fs->getCurrentPath().evalNative(dataFolder),
                                      kj::WriteMode::MODIFY)) {}

  PlacedSessions run() {
    kj::Vector<Source> sources;
    sources.add(Source{nullptr, kj::Path("sessions")});
    KJ_IF_MAYBE(hosts, data->tryOpenSubdir(kj::Path("hosts"))) {
      for (auto& name: (*hosts)->listNames()) {
        KJ_IF_MAYBE(number, hostNumberOf(name)) sources.add(Source{*number, hostSessions(*number)});
      }
    }
    for (auto& source: sources) {
      KJ_IF_MAYBE(sessions, data->tryOpenSubdir(source.sessions)) {
        for (auto& worker: (*sessions)->listEntries()) {
          if (worker.type != kj::FsNode::Type::DIRECTORY) continue;
          if (source.host == nullptr && !deployed(worker.name)) continue;  // `shoal dev`'s
          placeWorker(source, worker.name);
        }
      }
      removeIfEmpty(source.sessions);
    }
    for (auto& alarm: alarmsOn) {
      placed.alarms.add(PlacedSessions::AlarmsOn{alarm.first, kj::str(alarm.second.c_str())});
    }
    return kj::mv(placed);
  }

 private:
  kj::StringPtr dataFolder;
  SessionPlacement& placement;
  kj::Function<bool(kj::StringPtr)>& deployed;
  kj::Own<kj::Filesystem> fs;
  kj::Own<const kj::Directory> data;
  PlacedSessions placed;
  std::set<std::pair<unsigned, std::string>> alarmsOn;

  kj::String native(kj::PathPtr path) { return kj::str(dataFolder, "/", path.toString()); }

  void removeIfEmpty(kj::PathPtr folder) { rmdir(native(folder).cStr()); }

  void placeWorker(const Source& source, kj::StringPtr worker) {
    auto folder = source.sessions.append(worker);
    for (auto& binding: data->openSubdir(folder)->listEntries()) {
      if (binding.type != kj::FsNode::Type::DIRECTORY) continue;
      // A session's files, by id: they move together.
      std::map<std::string, kj::Vector<kj::String>> files;
      auto bindingFolder = folder.append(binding.name);
      for (auto& name: data->openSubdir(bindingFolder)->listNames()) {
        KJ_IF_MAYBE(id, sessionIdOf(name)) files[id->cStr()].add(kj::mv(name));
      }
      for (auto& session: files) {
        kj::StringPtr id = session.first.c_str();
        KJ_IF_MAYBE(host, placement(worker, binding.name, id)) {
          if (source.host != *host) {
            move(id, bindingFolder, hostSessions(*host).append(worker).append(binding.name),
                 session.second);
          }
        } else {
          ++placed.remote;
        }
      }
      removeIfEmpty(bindingFolder);
    }
    placeAlarms(source, worker);
    removeIfEmpty(folder);
  }

  void move(kj::StringPtr id, kj::PathPtr from, kj::Path to, kj::ArrayPtr<kj::String> names) {
    // Nothing moves if anything is in the way: mixing two copies' files breaks both.
    for (auto& name: names) {
      if (data->exists(to.append(name))) conflict(id, from, to);
    }
    auto target = data->openSubdir(to, kj::WriteMode::CREATE | kj::WriteMode::MODIFY |
                                           kj::WriteMode::CREATE_PARENT |
                                           kj::WriteMode::PRIVATE);
    auto source = data->openSubdir(from, kj::WriteMode::MODIFY);
    for (auto& name: names) {
      kj::Path file(name);
      if (!target->tryTransfer(file, kj::WriteMode::CREATE, *source, file,
                               kj::TransferMode::MOVE)) {
        conflict(id, from, to);
      }
    }
    ++placed.moved;
  }

  [[noreturn]] void conflict(kj::StringPtr id, kj::PathPtr from, kj::PathPtr to) {
    kj::throwFatalException(kj::Exception(
        kj::Exception::Type::FAILED, __FILE__, __LINE__,
        kj::str("session ", id, " has files in both ", native(from), " and ", native(to),
                ": two copies of one session. Keep one copy (", id, ".sqlite with the -wal "
                "beside it), remove the other, and start again")));
  }

  // Hands each entry of the worker's alarm index to the index of the session's host.
  void placeAlarms(const Source& source, kj::StringPtr worker) {
    auto folder = source.sessions.append(worker);
    if (!data->exists(folder.append(AlarmIndex::FILE_NAME))) return;
    bool empty = true;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      AlarmIndex from(native(folder));
      std::map<unsigned, kj::Own<AlarmIndex>> to;
      for (auto& entry: from.all()) {
        KJ_IF_MAYBE(host, placement(worker, entry.binding, entry.id)) {
          alarmsOn.insert({*host, worker.cStr()});
          if (source.host == *host) {
            empty = false;
            continue;
          }
          auto& index = to[*host];
          if (index.get() == nullptr) {
            index = kj::heap<AlarmIndex>(native(hostSessions(*host).append(worker)));
          }
          // Recorded there before it is forgotten here: a crash between leaves a stale
          // entry, which fires nothing.
          index->put(entry.binding, entry.id, entry.atMs, true);
          from.remove(entry.binding, entry.id);
        } else {
          empty = false;
        }
      }
    })) {
      // A hint only: the sessions' own alarms are intact, and fire once they are opened.
      fprintf(stderr, "shoal serve: cannot read the alarm index in %s (left as it is): %s\n",
              native(folder).cStr(), exception->getDescription().cStr());
      return;
    }
    if (empty) {
      for (auto suffix: {"", "-wal", "-shm", "-journal"}) {
        data->tryRemove(folder.append(kj::str(AlarmIndex::FILE_NAME, suffix)));
      }
    }
  }
};

}  // namespace

kj::String hostDataFolder(kj::StringPtr dataFolder, unsigned number) {
  return kj::str(dataFolder, "/hosts/", number);
}

PlacedSessions placeSessionFiles(kj::StringPtr dataFolder, SessionPlacement placement,
                                 kj::Function<bool(kj::StringPtr worker)> deployed) {
  return Placer(dataFolder, placement, deployed).run();
}

void removeSessionFiles(kj::StringPtr dataFolder, kj::StringPtr worker) {
  auto fs = kj::newDiskFilesystem();
  auto data = fs->getCurrentPath().evalNative(dataFolder);
  auto& root = fs->getRoot();
  root.tryRemove(data.append("sessions").append(worker));
  KJ_IF_MAYBE(hosts, root.tryOpenSubdir(data.append("hosts"))) {
    for (auto& name: (*hosts)->listNames()) {
      KJ_IF_MAYBE(number, hostNumberOf(name)) {
        root.tryRemove(data.append(hostSessions(*number)).append(worker));
      }
    }
  }
}

}  // namespace shoal
