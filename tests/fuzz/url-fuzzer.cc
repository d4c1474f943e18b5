// Fuzzes the runtime's URL parser (runtime/js/url.js) through a real worker: one
// TestWorker, reused for every input, whose fetch handler parses the request body as
// `new URL(input, "http://base.example/")`, applies each setter to a copy, and parses
// relative to the result. The input is "URL" or "URL\nVALUE" (VALUE feeds the setters
// and the relative parse).
//
// Fine: a 200, or a 400 when the parse threw a TypeError. Findings: a crash or an ASan
// report; any other status, which means a non-TypeError exception (a bug in url.js), an
// internal error in the runtime, or the worker's CPU limit (a hung or super-linear
// parse); and a 599 from the worker, an invariant of the standard that failed (the
// reason is in the body): a URL's href parses again to the same href, and a setter
// never makes the href unparsable.
//
// The JavaScript is not instrumented, so for guidance the handler also returns a coarse
// shape of the result (which scheme class, which components are set, which setters
// changed something); each distinct shape is a feature for libFuzzer via its extra
// counters.

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <kj/debug.h>

#include "runtime/testing.h"

// libFuzzer reads this section as extra coverage counters (Linux only).
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t shapeCounters[1 << 14];

namespace {

constexpr const char* WORKER = R"js(
const SETTERS = ["href", "protocol", "username", "password", "host", "hostname", "port",
                 "pathname", "search", "hash"];
const SPECIAL = new Set(["http:", "https:", "ws:", "wss:", "ftp:", "file:"]);

class Broken extends Error {}
function reparses(url, what) {
  let again;
  try {
    again = new URL(url.href);
  } catch (e) {
    if (e instanceof TypeError) throw new Broken(`${what}: href does not parse again`);
    throw e;
  }
  if (again.href !== url.href) throw new Broken(`${what}: href changes when parsed again`);
}

function shape(url) {
  const scheme = SPECIAL.has(url.protocol) ? url.protocol : "other";
  const parts = ["username", "password", "hostname", "port", "pathname", "search", "hash"]
      .map((k) => (url[k] === "" ? "0" : "1")).join("");
  const host = url.hostname.startsWith("[") ? "v6"
      : /^[0-9.]+$/.test(url.hostname) && url.hostname !== "" ? "v4"
      : url.hostname.includes("xn--") ? "idn" : "name";
  return `${scheme}${parts}${host}`;
}

export default {
  async fetch(request) {
    const text = await request.text();
    const newline = text.indexOf("\n");
    const input = newline < 0 ? text : text.slice(0, newline);
    const value = newline < 0 ? "x" : text.slice(newline + 1);
    let url;
    try {
      url = new URL(input, "http://base.example/");
    } catch (e) {
      if (e instanceof TypeError) return new Response("TypeError", { status: 400 });
      throw e;
    }
    try {
      reparses(url, "parse");
      let out = shape(url) + ":";
      for (const setter of SETTERS) {
        const copy = new URL(url.href);
        try {
          copy[setter] = value;
        } catch (e) {
          // Only the href setter may throw (on a URL that does not parse).
          if (!(setter === "href" && e instanceof TypeError)) throw e;
          out += "t";
          continue;
        }
        reparses(copy, `set ${setter}`);
        out += copy.href === url.href ? "0" : "1";
      }
      try {
        const relative = new URL(value, url);
        reparses(relative, "relative");
        out += ":" + shape(relative);
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        out += ":t";
      }
      const params = new URLSearchParams(url.search);
      params.sort();
      out += ":" + (params.toString() === url.searchParams.toString() ? "same" : "sorted");
      return new Response(out);
    } catch (e) {
      if (e instanceof Broken) return new Response(e.message, { status: 599 });
      throw e;
    }
  },
};
)js";

struct Fuzz {
  shoal::MemoryModuleSource modules{{"worker.js", WORKER}};
  kj::Own<shoal::TestWorker> worker;
};

Fuzz* fuzz = nullptr;  // made once, lives until exit

shoal::WorkerConfig config() {
  auto config = shoal::TestWorker::defaultConfig();
  // Generous for a parse of at most -max_len bytes; beyond it the parser is hung.
  config.limits.cpuPerEvent = 250 * kj::MILLISECONDS;
  return config;
}

kj::String bodyText(const shoal::WorkerResponse& response) {
  return shoal::TestWorker::bodyText(response);
}

[[noreturn]] void finding(const shoal::WorkerResponse& response) {
  fprintf(stderr, "url-fuzzer: status %u: %s\n", response.status,
          bodyText(response).cStr());
  for (auto& line: fuzz->worker->log.uncaughtReports) {
    fprintf(stderr, "url-fuzzer: uncaught: %s\n", line.cStr());
  }
  abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz = new Fuzz;
  fuzz->worker = kj::heap<shoal::TestWorker>(fuzz->modules, config());
  // At exit the isolate goes first, while V8 is still up: a background compile of its code
  // must not outlive V8 (it crashed there, after a clean run). Registered after V8 started,
  // so it runs before V8's own teardown.
  atexit([]() { delete fuzz; });
  auto response = fuzz->worker->fetch("POST", "http://fuzz.example/", nullptr,
                                      kj::StringPtr("https://example.com/a?b#c"));
  if (response.status != 200) finding(response);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto body = kj::heapString(reinterpret_cast<const char*>(data), size);
  auto response = fuzz->worker->fetch("POST", "http://fuzz.example/", nullptr,
                                      kj::StringPtr(body));
  if (response.status == 200) {
    // FNV-1a of the shape picks the counter.
    uint32_t hash = 2166136261u;
    for (auto b: response.body) hash = (hash ^ b) * 16777619u;
    auto& counter = shapeCounters[hash % sizeof(shapeCounters)];
    if (counter < 255) counter++;
  } else if (response.status != 400) {
    finding(response);
  }
  fuzz->worker->log.uncaughtReports.clear();
  fuzz->worker->log.consoleLines.clear();
  return 0;
}
