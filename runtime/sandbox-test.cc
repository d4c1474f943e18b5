// The host's lock-down, in a child process: what it refuses, that threads (which V8 and
// the watchdog need) still work and are confined too, that SQLite still works beneath the
// kept folder, and that nothing outside it opens.

#include "runtime/sandbox.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace shoal {
namespace {

std::string makeTempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/sandbox-test-XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// A data folder as `shoal serve` gives it to host 0: DATA/hosts/0/sessions (kept), beside
// host 1's sessions and the front end's DATA/control.sqlite.
struct DataFolder {
  std::string data = makeTempDir();
  std::string sessions = data + "/hosts/0/sessions";
  std::string otherHost = data + "/hosts/1/sessions";
  std::string otherSession = otherHost + "/session.sqlite";
  std::string control = data + "/control.sqlite";
  DataFolder() {
    for (auto folder:
         {"/hosts", "/hosts/0", "/hosts/0/sessions", "/hosts/1", "/hosts/1/sessions"}) {
      mkdir((data + folder).c_str(), 0700);
    }
    std::ofstream(otherSession) << "another host's session";
    std::ofstream(control) << "the front end's tokens";
  }
};

// Runs `body` in a forked child after lockDownProcess(keptFolder); returns its exit code
// (200 + the signal if it was killed).
template <typename Func>
int inLockedChild(const std::string& keptFolder, Func&& body) {
  pid_t pid = fork();
  if (pid == 0) {
    lockDownProcess(keptFolder.c_str());
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

// 0 if open(path, flags) fails with `expected`; the step number otherwise.
int openFailsWith(const char* path, int flags, int expected) {
  int fd = open(path, flags, 0600);
  if (fd >= 0) {
    close(fd);
    return 1;
  }
  return errno == expected ? 0 : 2;
}

TEST(Sandbox, RefusesNewProgramsProcessesSocketsAndAnythingNotListed) {
  DataFolder folder;
  EXPECT_EQ(inLockedChild(folder.sessions,
                          []() {
                            char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
                            execv("/bin/true", argv);
                            return errno == EPERM ? 0 : 1;
                          }),
            0);
  EXPECT_EQ(inLockedChild(folder.sessions,
                          []() {
                            pid_t child = fork();
                            if (child == 0) _exit(0);
                            return child < 0 && errno == EPERM ? 0 : 1;
                          }),
            0);
  EXPECT_EQ(inLockedChild(folder.sessions,
                          []() {
                            int fd = socket(AF_INET, SOCK_STREAM, 0);
                            if (fd >= 0 || errno != EPERM) return 1;
                            fd = socket(AF_UNIX, SOCK_STREAM, 0);
                            return fd < 0 && errno == EPERM ? 0 : 2;
                          }),
            0);
  // Calls that succeed for any user unless filtered: not on the allowlist, so EPERM.
  std::string fifo = folder.sessions + "/fifo";
  EXPECT_EQ(inLockedChild(folder.sessions,
                          [&]() {
                            if (syscall(SYS_getppid) != -1 || errno != EPERM) return 1;
                            if (mknod(fifo.c_str(), S_IFIFO | 0600, 0) == 0 || errno != EPERM)
                              return 2;
                            int fds[2];
                            if (pipe(fds) == 0 || errno != EPERM) return 3;
                            // Signals only within the process.
                            if (syscall(SYS_tgkill, getppid(), getppid(), 0) == 0 || errno != EPERM)
                              return 4;
                            return 0;
                          }),
            0);
}

TEST(Sandbox, ThreadsStillWork) {
  DataFolder folder;
  EXPECT_EQ(inLockedChild(folder.sessions,
                          []() {
                            int value = 0;
                            std::thread thread([&]() { value = 42; });
                            thread.join();
                            return value == 42 ? 0 : 1;
                          }),
            0);
}

// Landlock confines only the thread that asks, so lockDownProcess() must reach the
// threads already running (V8's, the watchdog).
TEST(Sandbox, ThreadsStartedBeforeLockDownAreConfinedToo) {
  DataFolder folder;
  pid_t pid = fork();
  if (pid == 0) {
    std::atomic<bool> locked{false};
    int result = -1;
    std::thread early([&]() {
      while (!locked) usleep(1000);
      result = openFailsWith("/etc/passwd", O_RDONLY, EACCES);
      if (result == 0 && socket(AF_UNIX, SOCK_STREAM, 0) >= 0) result = 3;
    });
    lockDownProcess(folder.sessions.c_str());
    locked = true;
    early.join();
    _exit(result);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// What a session does to its database: a WAL-mode file with synchronous=FULL in a folder
// of its own, made after lock-down, written, checkpointed and read back.
TEST(Sandbox, SqliteWorksBeneathTheKeptFolder) {
  DataFolder folder;
  std::string worker = folder.sessions + "/worker";
  EXPECT_EQ(
      inLockedChild(
          folder.sessions,
          [&]() {
            if (mkdir(worker.c_str(), 0700) != 0) return 1;
            sqlite3* db = nullptr;
            std::string path = worker + "/session.sqlite";
            if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                nullptr) != SQLITE_OK) {
              return 2;
            }
            const char* sql =
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT);"
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                "  INSERT INTO t SELECT i, hex(randomblob(100)) FROM n;"
                "DELETE FROM t WHERE k % 2 = 0; PRAGMA wal_checkpoint(TRUNCATE);";
            char* error = nullptr;
            if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
              fprintf(stderr, "sqlite: %s\n", error);
              return 3;
            }
            int rows = 0;
            sqlite3_exec(
                db, "SELECT count(*) FROM t",
                [](void* out, int, char** values, char**) {
                  *static_cast<int*>(out) = atoi(values[0]);
                  return 0;
                },
                &rows, nullptr);
            if (rows != 2500) return 4;
            if (sqlite3_close(db) != SQLITE_OK) return 5;
            return 0;
          }),
      0);
}

TEST(Sandbox, NothingOutsideTheKeptFolderOpens) {
  DataFolder folder;
  std::string elsewhere = makeTempDir();
  std::string before = elsewhere + "/made-before-lock-down";
  std::ofstream(before) << "secret";
  EXPECT_EQ(inLockedChild(folder.sessions,
                          [&]() {
                            // Reading: another folder, the front end's database beside the kept
                            // folder, the system's files.
                            if (openFailsWith(before.c_str(), O_RDONLY, EACCES)) return 1;
                            if (openFailsWith(folder.control.c_str(), O_RDONLY, EACCES)) return 2;
                            if (openFailsWith("/etc/passwd", O_RDONLY, EACCES)) return 3;
                            if (openFailsWith(folder.data.c_str(), O_RDONLY | O_DIRECTORY, EACCES))
                              return 4;
                            // Writing, making, removing.
                            if (openFailsWith(before.c_str(), O_WRONLY, EACCES)) return 5;
                            std::string fresh = elsewhere + "/fresh";
                            if (openFailsWith(fresh.c_str(), O_CREAT | O_WRONLY, EACCES)) return 6;
                            if (unlink(before.c_str()) == 0 || errno != EACCES) return 7;
                            std::string sub = elsewhere + "/sub";
                            if (mkdir(sub.c_str(), 0700) == 0 || errno != EACCES) return 8;
                            // Making folders that exist still says so: SessionDb walks the whole
                            // path.
                            if (mkdir(elsewhere.c_str(), 0700) == 0 || errno != EEXIST) return 9;
                            // What stays readable: /dev/urandom.
                            int fd = open("/dev/urandom", O_RDONLY);
                            if (fd < 0) return 10;
                            close(fd);
                            // Another host's sessions, beside the kept folder.
                            if (openFailsWith(folder.otherSession.c_str(), O_RDWR, EACCES)) {
                              return 11;
                            }
                            std::string planted = folder.otherHost + "/planted.sqlite";
                            if (openFailsWith(planted.c_str(), O_CREAT | O_RDWR, EACCES)) return 12;
                            return 0;
                          }),
            0);
  std::ifstream in(before);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "secret");
}

// Without Landlock (made to look absent here by a filter of our own) the host still
// starts, with the seccomp allowlist, and says so in the log.
TEST(Sandbox, WithoutLandlockTheAllowlistStillHolds) {
  DataFolder folder;
  pid_t pid = fork();
  if (pid == 0) {
    sock_filter program[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_landlock_create_ruleset, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog fprog{sizeof(program) / sizeof(program[0]), program};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) {
      _exit(1);
    }
    lockDownProcess(folder.sessions.c_str());
    int fd = open("/etc/passwd", O_RDONLY);
    if (fd < 0) _exit(2);
    close(fd);
    _exit(socket(AF_UNIX, SOCK_STREAM, 0) < 0 && errno == EPERM ? 0 : 3);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Sandbox, TheKeptFolderMustExist) {
  DataFolder folder;
  std::string missing = folder.data + "/missing";
  pid_t pid = fork();
  if (pid == 0) {
    try {
      lockDownProcess(missing.c_str());
    } catch (...) {
      _exit(0);
    }
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace shoal
