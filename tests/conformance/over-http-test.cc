// The conformance cases again, each served by a real `shoal dev` process and asked over
// real HTTP: the whole path a user's request takes (HTTP parsing, the in-process host
// capability, the response written back), not only the runtime.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/conformance/cases.h"
#include "tests/support/shoal-process.h"

namespace shoal::conformance {
namespace {

using namespace shoal::testing;

// Runs one case; "" if it matched, else what went wrong.
std::string runOverHttp(const Case& c) {
  auto source = caseSource(c);
  auto request = parseDirectives(source);
  if (!request.pending.empty()) return "";
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", source);
  // Answers, not limits, are what the cases check (see conformance-test.cc).
  ShoalProcess dev({"dev", "--port", "0", "--cpu-limit-ms", "1000", dir + "/worker.js"});
  int port = dev.waitForPort();
  if (port == 0) return "shoal dev did not start: " + dev.output();
  auto headers = request.headers;
  headers.insert(headers.begin(), {"Host", "example.com"});
  auto response = httpRequest(port, request.method, request.path, headers, request.body);
  auto type = response.headers.count("content-type") ? response.headers["content-type"] : "";
  std::vector<std::pair<std::string, std::string>> shown;
  for (auto& name : request.responseHeaders) {
    shown.push_back({name, response.headers.count(name) ? response.headers[name] : ""});
  }
  auto actual = formatOutcome(response.status, type, response.body, shown);
  auto expected = readFile(c.expected());
  if (actual == expected) return "";
  return "expected:\n" + expected + "\nactual:\n" + actual;
}

TEST(ConformanceOverHttp, EveryCaseAnswersTheSameThroughShoalDev) {
  auto cases = findCases();
  ASSERT_GE(cases.size(), 250u);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> workers;
  for (int i = 0; i < 6; ++i) {
    workers.emplace_back([&]() {
      for (size_t k; (k = next++) < cases.size();) {
        auto problem = runOverHttp(cases[k]);
        if (!problem.empty()) {
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(cases[k].path() + ".js: " + problem);
        }
      }
    });
  }
  for (auto& worker: workers) worker.join();
  for (auto& failure: failures) ADD_FAILURE() << failure;
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << cases.size() << " cases differ";
}

}  // namespace
}  // namespace shoal::conformance
