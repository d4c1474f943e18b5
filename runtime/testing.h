// Test and benchmark support: run a worker in-process, from sources held in memory.
#pragma once

#include <initializer_list>
#include <ostream>
#include <utility>

#include <kj/async-io.h>
#include <kj/map.h>

#include "runtime/memory-module-source.h"
#include "runtime/worker.h"

namespace shoal {

// The process's V8System, made on first use (tests and benchmarks only; a real program
// makes its own in main()).
V8System& testV8System();

// Keeps every console line as "level: text" and every uncaught report.
class CapturingLog final : public WorkerLog {
 public:
  void console(kj::StringPtr level, kj::StringPtr text) override;
  void uncaught(kj::StringPtr text) override;

  kj::Vector<kj::String> consoleLines;
  kj::Vector<kj::String> uncaughtReports;
};

// An event loop, a worker built from `modules` with main module "worker.js", and a way
// to send it requests and wait for the answer.
class TestWorker {
 public:
  explicit TestWorker(ModuleSource& modules, WorkerConfig config = defaultConfig());
  explicit TestWorker(kj::StringPtr mainSource);

  static WorkerConfig defaultConfig();

  // Sends a request and runs the event loop until the response is complete (a streaming
  // body read to its end, or "(body stream failed: ...)" in its place).
  WorkerResponse fetch(kj::StringPtr method, kj::StringPtr url,
                       kj::ArrayPtr<const HttpHeader> headers = nullptr,
                       kj::Maybe<kj::StringPtr> body = nullptr);
  WorkerResponse get(kj::StringPtr url) { return fetch("GET", url); }

  static kj::String bodyText(const WorkerResponse& response);

  kj::AsyncIoContext io;
  CapturingLog log;
  kj::Maybe<MemoryModuleSource> ownModules;
  kj::Own<Worker> worker;
};

}  // namespace shoal

namespace kj {
// Lets gtest print kj::String values in failure messages.
inline void PrintTo(const String& text, std::ostream* out) { *out << '"' << text.cStr() << '"'; }
}  // namespace kj
