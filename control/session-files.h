// Where `shoal serve` keeps session databases: each local host owns DATA/hosts/<i>/ and keeps
// its sessions beneath DATA/hosts/<i>/sessions/WORKER/ (runtime/session-natives.cc names the
// files), so a host's sandbox (runtime/sandbox.h) shuts it out of every other host's sessions.
// Placement depends on the hosts there are, and older versions kept all hosts' sessions in
// DATA/sessions; so before it starts its hosts the front end moves each database to the folder
// of the host its session is now placed on.
#pragma once

#include <kj/function.h>
#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

// DATA/hosts/<number>: what local host `number` runs with as its data folder.
kj::String hostDataFolder(kj::StringPtr dataFolder, unsigned number);

// Where session (worker, binding, id) is placed: the number of a local host, or nullptr for
// a host on another machine (whose files the front end cannot reach).
using SessionPlacement = kj::Function<kj::Maybe<unsigned>(
    kj::StringPtr worker, kj::StringPtr binding, kj::StringPtr id)>;

struct PlacedSessions {
  unsigned moved = 0;   // sessions whose files moved to another host's folder
  unsigned remote = 0;  // sessions placed on a remote host: their files stay where they are
  // Local hosts whose alarm index (storage/alarm-index.h) lists alarms of `worker`: loading
  // the worker there sets their timers again.
  struct AlarmsOn {
    unsigned host;
    kj::String worker;
  };
  kj::Vector<AlarmsOn> alarms;
};

// Moves every session database under `dataFolder` (DATA/hosts/*/sessions and the old
// DATA/sessions) with its -wal, -shm and -journal files into the folder of the local host
// `placement` puts it on, and the alarm index entries with them; removes folders left
// empty. From DATA/sessions, which is also where `shoal dev --persist DATA` keeps its
// sessions, only the workers `deployed` names are taken. Call only while no host runs.
// Each file moves by one rename that never replaces, so after a crash half way every file
// is whole in one place, and the next call finishes the move. Throws, naming both places,
// when a session's files are in two folders at once (two copies of one session: the
// operator must choose).
PlacedSessions placeSessionFiles(kj::StringPtr dataFolder, SessionPlacement placement,
                                 kj::Function<bool(kj::StringPtr worker)> deployed);

// Removes every session database of `worker` from the local hosts' folders (and the old
// layout's).
void removeSessionFiles(kj::StringPtr dataFolder, kj::StringPtr worker);

}  // namespace shoal
