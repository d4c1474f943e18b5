// Which sessions of one worker on one host have an alarm set: a SQLite file beside the
// sessions' own databases (WORKER_FOLDER/_alarms.sqlite). It lets a restarted host set its
// alarm timers again without opening every session. Each session's own alarm row stays the
// authority: an entry for a session whose alarm is gone (or lives elsewhere) fires nothing.
#pragma once

#include <kj/array.h>
#include <kj/string.h>

#include "storage/session-db.h"

namespace shoal {

// Thread affinity: one thread at a time.
class AlarmIndex {
 public:
  static constexpr kj::StringPtr FILE_NAME = "_alarms.sqlite"_kj;

  // Opens the index of the worker whose session databases are in `workerFolder`, creating
  // it (and the folder) if needed.
  explicit AlarmIndex(kj::StringPtr workerFolder);

  struct Entry {
    kj::String binding;
    kj::String id;
    double atMs;
  };

  // Records that the session's alarm is due at `atMs`. With `keepEarlier`, an earlier time
  // already recorded stays (merging two indexes: an early entry only makes the session
  // look sooner, a late one could make its alarm late).
  void put(kj::StringPtr binding, kj::StringPtr id, double atMs, bool keepEarlier = false);
  void remove(kj::StringPtr binding, kj::StringPtr id);
  kj::Array<Entry> all();

 private:
  SessionDb db;
};

}  // namespace shoal
