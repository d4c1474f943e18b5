// Every resource limit a worker runs under, with its default, in one place.
#pragma once

#include <cstddef>

#include <kj/time.h>

namespace shoal {

struct WorkerLimits {
  // CPU time the worker's JavaScript may use for one event (a request, a timer) before it
  // is terminated: the request fails with 503 cpu_limit_exceeded and the isolate is
  // discarded. Zero turns the watchdog off (benchmarks measure what enforcing costs).
  kj::Duration cpuPerEvent = 50 * kj::MILLISECONDS;

  // CPU time for evaluating the worker's modules at start-up.
  kj::Duration cpuStartup = 400 * kj::MILLISECONDS;

  // V8 heap per isolate. Near it, the isolate is terminated and the request fails; the
  // process lives on.
  size_t heapBytes = 128ull << 20;

  // A session with no events for this long closes its database and drops its instance;
  // the next event reopens it.
  kj::Duration sessionIdle = 30 * kj::SECONDS;

  // Timers (setTimeout, setInterval) one event may have pending at once, its waitUntil work
  // included. Past it, setting one throws a RangeError, and a request that fails because of
  // it gets a 503 timer_limit_exceeded.
  size_t timersPerEvent = 1000;

  // Timers pending at once in one isolate, whatever the events; past it, setting one
  // throws a RangeError.
  size_t timers = 10000;

  // Wall-clock time a request may take before the client gets a 503
  // wall_time_limit_exceeded (the isolate lives on).
  kj::Duration wallPerRequest = 30 * kj::SECONDS;

  // Requests one isolate works on at once; more get 503 concurrency_limit_exceeded at
  // once, without running.
  size_t concurrentRequests = 1000;

  // Console output one event may write; past it, output is dropped and one line says so.
  size_t consoleBytesPerEvent = 64 * 1024;

  // Unhandled rejections logged per event, with their stacks; past it, one line counts the
  // rest (a flood of them cost the thread seconds).
  size_t rejectionReportsPerEvent = 10;

  // Largest request body a worker is handed (bigger requests get a 413).
  size_t requestBodyBytes = 100ull << 20;

  // Most a request's headers may take, every "Name: value" line counted; bigger requests
  // get a 431 header_size_limit_exceeded without reaching a host.
  size_t requestHeaderBytes = 32 * 1024;

  // Subrequests (fetch() calls, redirects followed, service-binding calls) one request may
  // make, its waitUntil work and timers included. Past it, fetch() throws, and a request
  // that fails because of it gets a 503 subrequest_limit_exceeded.
  size_t subrequestsPerRequest = 50;

  // Largest bytes body a subrequest may send: it crosses the host RPC whole. (A stream body
  // streams, with no limit but the request's time.)
  size_t subrequestBodyBytes = 32ull << 20;

  // Service-binding calls may nest this deep (A calls B calls C ...); deeper ones are
  // refused, so that workers calling each other in a loop stop.
  unsigned serviceDepth = 16;

  // Sandboxes (env.LOADER, runtime/sandboxes.h) one worker keeps loaded at once, and the
  // memory they may hold together: past either, the least recently used idle ones are
  // dropped. One left idle this long is dropped too. Each is made again on its next use.
  size_t sandboxesLoaded = 100;
  size_t sandboxMemoryBytes = 256ull << 20;
  kj::Duration sandboxIdle = 60 * kj::SECONDS;

  // A sandbox's heap when its code asks for none (limits.memoryMiB).
  size_t sandboxHeapBytes = 32ull << 20;
};

// A one-shot sandbox (IsolateHost.run, the control API's POST /run): the limits a task gets
// when it names none, and the most it may ask for. Tighter than a deployed worker's: a task
// is a single event, and whoever sent it waits for it.
struct RunLimits {
  static constexpr kj::Duration DEFAULT_CPU = 50 * kj::MILLISECONDS;
  static constexpr kj::Duration MAX_CPU = 30 * kj::SECONDS;
  // As a sandbox's (WorkerLimits::sandboxHeapBytes); a warm isolate's limit is lowered to it.
  static constexpr size_t DEFAULT_HEAP_BYTES = 32ull << 20;
  static constexpr size_t MIN_HEAP_BYTES = 8ull << 20;
  static constexpr size_t MAX_HEAP_BYTES = 1024ull << 20;
  static constexpr kj::Duration DEFAULT_WALL = 5 * kj::SECONDS;
  static constexpr kj::Duration MAX_WALL = 60 * kj::SECONDS;
  // Console lines (and uncaught reports) sent back with the outcome; later ones are counted.
  static constexpr size_t LOG_LINES = 1000;
  // Most of a response body a fetch() task may answer with: it travels back whole.
  static constexpr size_t RESPONSE_BYTES = 8ull << 20;
};

}  // namespace shoal
