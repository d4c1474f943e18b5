#include "runtime/idle-flush.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <kj/debug.h>

namespace shoal {
namespace {

// A fully buffered stdio stream over a pipe, and what has reached the pipe so far.
struct BufferedPipe {
  int fds[2];
  FILE* stream;

  BufferedPipe() {
    KJ_SYSCALL(pipe2(fds, O_NONBLOCK));
    stream = fdopen(fds[1], "w");
    setvbuf(stream, nullptr, _IOFBF, 4096);
  }
  ~BufferedPipe() {
    fclose(stream);
    close(fds[0]);
  }
  kj::String arrived() {
    char buffer[256];
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    return n <= 0 ? kj::str("") : kj::heapString(buffer, n);
  }
};

TEST(IdleFlush, LinesLeaveTogetherOnceTheLoopIsIdle) {
  kj::EventLoop loop;
  kj::WaitScope waitScope(loop);
  BufferedPipe pipe;
  IdleFlush flush(pipe.stream);
  fputs("one\n", pipe.stream);
  flush.schedule();
  fputs("two\n", pipe.stream);
  flush.schedule();
  EXPECT_EQ(pipe.arrived(), "");
  loop.run();
  EXPECT_EQ(pipe.arrived(), "one\ntwo\n");
}

TEST(IdleFlush, WhatWaitsIsFlushedWhenItIsDestroyed) {
  kj::EventLoop loop;
  kj::WaitScope waitScope(loop);
  BufferedPipe pipe;
  {
    IdleFlush flush(pipe.stream);
    fputs("last\n", pipe.stream);
    flush.schedule();
  }
  EXPECT_EQ(pipe.arrived(), "last\n");
}

}  // namespace
}  // namespace shoal
