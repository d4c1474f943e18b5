// Runs every conformance case (see README.md) on shoal's runtime, in-process, and
// compares status, content type and body with what workerd answered.
//
// A case where shoal deliberately differs from workerd has a `<name>.shoal-expected`
// beside its `<name>.expected`; NOTES.md says why for each.

#include <gtest/gtest.h>

#include "runtime/testing.h"
#include "tests/conformance/cases.h"
#include "tests/support/shoal-process.h"

namespace shoal::conformance {
namespace {

constexpr kj::Duration CASE_CPU_LIMIT = 1 * kj::SECONDS;


using testing::readFile;

// The headers a case shows, as the front end would send them (control/bridge.cc): a body that
// streams goes with the Content-Length its head carries (a FixedLengthStream's), else chunked;
// other bodies go with their length. over-http-test sees the real ones.
std::vector<std::pair<std::string, std::string>> shownHeaders(const std::vector<std::string>& names,
                                                              const WorkerResponse& response,
                                                              bool streamed) {
  std::string contentLength = streamed ? "" : std::to_string(response.body.size());
  if (streamed) {
    for (auto& header : response.headers) {
      if (header.name == "content-length") contentLength = header.value.cStr();
    }
  }
  std::vector<std::pair<std::string, std::string>> shown;
  for (auto& name : names) {
    std::string value;
    if (name == "content-length") {
      value = contentLength;
    } else if (name == "transfer-encoding") {
      value = streamed && contentLength.empty() ? "chunked" : "";
    } else {
      for (auto& header : response.headers) {
        if (header.name == name.c_str()) value = header.value.cStr();
      }
    }
    shown.push_back({name, value});
  }
  return shown;
}

class Conformance : public ::testing::TestWithParam<Case> {};

TEST_P(Conformance, MatchesRecordedResponse) {
  const Case& c = GetParam();
  std::string source = caseSource(c);
  std::string expected = readFile(c.expected());
  ASSERT_FALSE(expected.empty()) << "no expected output for " << c.path();
  auto request = parseDirectives(source);
  if (!request.pending.empty()) GTEST_SKIP() << "pending: " << request.pending;

  WorkerRequest r;
  r.method = kj::str(request.method.c_str());
  r.url = kj::str("http://example.com", request.path.c_str());
  r.headers.add(HttpHeader{kj::str("host"), kj::str("example.com")});
  for (auto& [name, value]: request.headers) {
    r.headers.add(HttpHeader{kj::str(name.c_str()), kj::str(value.c_str())});
  }
  if (request.hasBody) {
    r.headers.add(HttpHeader{kj::str("content-length"), kj::str(request.body.size())});
    r.body = kj::heapArray(kj::StringPtr(request.body.c_str()).asBytes());
  }

  MemoryModuleSource modules{{"worker.js", source.c_str()}};
  std::string actual;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
    // The cases check answers, not limits (tests of their own): a case near the CPU limit
    // must not flip on a busy machine.
    auto config = TestWorker::defaultConfig();
    config.limits.cpuPerEvent = CASE_CPU_LIMIT;
    TestWorker worker(modules, kj::mv(config));
    auto response = worker.worker->fetch(kj::mv(r)).wait(worker.io.waitScope);
    bool streamed = response.bodyStream != nullptr;
    KJ_IF_MAYBE(stream, response.bodyStream) {
      response.body = (*stream)->readAllBytes().wait(worker.io.waitScope);
    }
    std::string contentType;
    for (auto& header: response.headers) {
      if (header.name == "content-type") contentType = header.value.cStr();
    }
    actual = formatOutcome(response.status, contentType,
                           std::string(response.body.asChars().begin(), response.body.size()),
                           shownHeaders(request.responseHeaders, response, streamed));
    for (auto& report: worker.log.uncaughtReports) {
      std::printf("uncaught: %s\n", report.cStr());
    }
  })) {
    actual = std::string("(failed to load) ") + exception->getDescription().cStr();
  }
  EXPECT_EQ(actual, expected) << "case " << c.path() << ".js";
}

INSTANTIATE_TEST_SUITE_P(Cases, Conformance, ::testing::ValuesIn(findCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return testName(info.param);
                         });

// Guards against a runner that silently finds nothing.
TEST(ConformanceSuite, HasCases) { EXPECT_GE(findCases().size(), 250u); }

}  // namespace
}  // namespace shoal::conformance
