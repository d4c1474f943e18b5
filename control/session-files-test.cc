// Moving session databases between host folders: on real files in a temporary folder,
// placed by a stand-in for the hash ring (the id's first digit).

#include "control/session-files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <kj/exception.h>

#include "storage/alarm-index.h"

namespace shoal {
namespace {

namespace fs = std::filesystem;

std::string makeTempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/session-files-test-XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// A session id whose first digit is `first`.
std::string id(char first) { return first + std::string(63, '0'); }

void write(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << content;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file beneath `folder`, relative to it.
std::set<std::string> filesIn(const std::string& folder) {
  std::set<std::string> out;
  for (auto& entry: fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) out.insert(fs::relative(entry.path(), folder).string());
  }
  return out;
}

// Digits 0-9 on host digit % `hosts`; 'f': a remote host.
SessionPlacement byFirstDigit(unsigned hosts) {
  return [hosts](kj::StringPtr, kj::StringPtr, kj::StringPtr id) -> kj::Maybe<unsigned> {
    if (id[0] == 'f') return nullptr;
    return unsigned(id[0] - '0') % hosts;
  };
}

PlacedSessions place(const std::string& data, unsigned hosts) {
  return placeSessionFiles(data, byFirstDigit(hosts),
                           [](kj::StringPtr worker) { return worker != "dev"; });
}

TEST(SessionFiles, EachDatabaseAndItsCompanionsMoveToTheFolderOfItsHost) {
  auto data = makeTempDir();
  auto s0 = "/w/B/" + id('0') + ".sqlite";
  auto s1 = "/w/B/" + id('1') + ".sqlite";
  auto s2 = "/w/B/" + id('2') + ".sqlite";
  write(data + "/sessions" + s0, "zero");  // the old shared layout
  write(data + "/sessions" + s0 + "-wal", "zero's log");
  write(data + "/hosts/0/sessions" + s1, "one");  // on the wrong host
  write(data + "/hosts/0/sessions" + s1 + "-journal", "one's journal");
  write(data + "/hosts/5/sessions" + s2, "two");  // on a host there is no more
  write(data + "/hosts/0/sessions/w/B/notes.txt", "not a session's");
  write(data + "/sessions/dev/B/" + id('1') + ".sqlite", "shoal dev's");
  auto placed = place(data, 2);
  EXPECT_EQ(placed.moved, 3u);
  EXPECT_EQ(placed.remote, 0u);
  EXPECT_EQ(filesIn(data + "/hosts/0"),
            (std::set<std::string>{"sessions" + s0, "sessions" + s0 + "-wal",
                                   "sessions" + s2, "sessions/w/B/notes.txt"}));
  EXPECT_EQ(filesIn(data + "/hosts/1"),
            (std::set<std::string>{"sessions" + s1, "sessions" + s1 + "-journal"}));
  EXPECT_EQ(read(data + "/hosts/0/sessions" + s0 + "-wal"), "zero's log");
  EXPECT_EQ(read(data + "/hosts/1/sessions" + s1), "one");
  // What was left empty is gone; `shoal dev`'s sessions stay in its folder.
  EXPECT_EQ(filesIn(data + "/sessions"), std::set<std::string>{"dev/B/" + id('1') + ".sqlite"});
  EXPECT_FALSE(fs::exists(data + "/hosts/5/sessions/w"));
  // Again: nothing to do.
  EXPECT_EQ(place(data, 2).moved, 0u);
  // One host: everything comes to it.
  EXPECT_EQ(place(data, 1).moved, 1u);
  EXPECT_EQ(filesIn(data + "/hosts/1"), std::set<std::string>{});
  EXPECT_EQ(read(data + "/hosts/0/sessions" + s1 + "-journal"), "one's journal");
}

TEST(SessionFiles, AMoveCutShortByACrashIsFinishedNextTime) {
  auto data = makeTempDir();
  auto s1 = "/w/B/" + id('1') + ".sqlite";
  write(data + "/hosts/1/sessions" + s1 + "-wal", "moved before the crash");
  write(data + "/hosts/0/sessions" + s1, "not yet moved");
  EXPECT_EQ(place(data, 2).moved, 1u);
  EXPECT_EQ(filesIn(data + "/hosts/1"),
            (std::set<std::string>{"sessions" + s1, "sessions" + s1 + "-wal"}));
}

TEST(SessionFiles, TwoCopiesOfOneSessionStopTheStartAndMoveNothing) {
  auto data = makeTempDir();
  auto s1 = "/w/B/" + id('1') + ".sqlite";
  write(data + "/sessions" + s1, "old copy");
  write(data + "/sessions" + s1 + "-wal", "old copy's log");
  write(data + "/hosts/1/sessions" + s1, "new copy");
  try {
    place(data, 2);
    ADD_FAILURE() << "no error";
  } catch (kj::Exception& e) {
    EXPECT_TRUE(e.getDescription().startsWith(kj::str("session ", id('1').c_str(),
                                                      " has files in both ", data.c_str(),
                                                      "/sessions/w/B and ")))
        << e.getDescription().cStr();
  }
  EXPECT_EQ(read(data + "/sessions" + s1 + "-wal"), "old copy's log");
  EXPECT_EQ(read(data + "/hosts/1/sessions" + s1), "new copy");
  EXPECT_FALSE(fs::exists(data + "/hosts/1/sessions" + s1 + "-wal"));
}

TEST(SessionFiles, SessionsPlacedOnARemoteHostStayWhereTheyAre) {
  auto data = makeTempDir();
  auto remote = "/w/B/" + id('f') + ".sqlite";
  write(data + "/hosts/0/sessions" + remote, "remote");
  auto placed = place(data, 2);
  EXPECT_EQ(placed.moved, 0u);
  EXPECT_EQ(placed.remote, 1u);
  EXPECT_EQ(read(data + "/hosts/0/sessions" + remote), "remote");
}

TEST(SessionFiles, AlarmIndexEntriesFollowTheirSessions) {
  auto data = makeTempDir();
  write(data + "/sessions/w/B/" + id('1') + ".sqlite", "one");
  {
    AlarmIndex old(kj::str(data.c_str(), "/sessions/w"));  // shared by all hosts
    old.put("B", id('0').c_str(), 500);
    old.put("B", id('1').c_str(), 100);
    AlarmIndex host1(kj::str(data.c_str(), "/hosts/1/sessions/w"));
    host1.put("B", id('1').c_str(), 300);  // later than the old index says
    AlarmIndex other(kj::str(data.c_str(), "/hosts/0/sessions/v"));
    other.put("B", id('f').c_str(), 700);  // placed on a remote host
  }
  auto placed = place(data, 2);
  EXPECT_EQ(placed.moved, 1u);
  std::set<std::pair<unsigned, std::string>> alarms;
  for (auto& on: placed.alarms) alarms.insert({on.host, on.worker.cStr()});
  EXPECT_EQ(alarms, (std::set<std::pair<unsigned, std::string>>{{0, "w"}, {1, "w"}}));
  EXPECT_FALSE(fs::exists(data + "/sessions"));
  auto entries = [&](const std::string& folder) {
    std::set<std::string> out;
    for (auto& entry: AlarmIndex(kj::str(data.c_str(), folder.c_str())).all()) {
      out.insert(std::string(entry.id.cStr()).substr(0, 1) + "@" +
                 std::to_string(int(entry.atMs)));
    }
    return out;
  };
  EXPECT_EQ(entries("/hosts/0/sessions/w"), std::set<std::string>{"0@500"});
  EXPECT_EQ(entries("/hosts/1/sessions/w"), std::set<std::string>{"1@100"});
  EXPECT_EQ(entries("/hosts/0/sessions/v"), std::set<std::string>{"f@700"});
}

TEST(SessionFiles, RemovingAWorkersSessionsReachesEveryFolder) {
  auto data = makeTempDir();
  write(data + "/sessions/w/B/" + id('0') + ".sqlite", "");
  write(data + "/hosts/0/sessions/w/B/" + id('1') + ".sqlite", "");
  write(data + "/hosts/3/sessions/w/B/" + id('2') + ".sqlite", "");
  write(data + "/hosts/3/sessions/other/B/" + id('2') + ".sqlite", "");
  removeSessionFiles(data, "w");
  EXPECT_EQ(filesIn(data), std::set<std::string>{"hosts/3/sessions/other/B/" + id('2') +
                                                 ".sqlite"});
}

}  // namespace
}  // namespace shoal
