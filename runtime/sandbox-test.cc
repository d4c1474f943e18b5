// The host's lock-down, in a child process: what it refuses, and that threads (which V8
// and the watchdog need) still work.

#include "runtime/sandbox.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <thread>

namespace shoal {
namespace {

// Runs `body` in a forked child after lockDownProcess(); returns its exit code.
template <typename Func>
int inLockedChild(Func&& body) {
  pid_t pid = fork();
  if (pid == 0) {
    lockDownProcess();
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

TEST(Sandbox, RefusesNewProgramsProcessesAndSockets) {
  EXPECT_EQ(inLockedChild([]() {
              char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
              execv("/bin/true", argv);
              return errno == EPERM ? 0 : 1;
            }),
            0);
  EXPECT_EQ(inLockedChild([]() {
              pid_t child = fork();
              if (child == 0) _exit(0);
              return child < 0 && errno == EPERM ? 0 : 1;
            }),
            0);
  EXPECT_EQ(inLockedChild([]() {
              int fd = socket(AF_INET, SOCK_STREAM, 0);
              return fd < 0 && errno == EPERM ? 0 : 1;
            }),
            0);
}

TEST(Sandbox, ThreadsStillWork) {
  EXPECT_EQ(inLockedChild([]() {
              int value = 0;
              std::thread thread([&]() { value = 42; });
              thread.join();
              return value == 42 ? 0 : 1;
            }),
            0);
}

}  // namespace
}  // namespace shoal
