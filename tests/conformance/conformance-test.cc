// Runs every conformance case (see README.md) on shoal's runtime, in-process, and
// compares status, content type and body with what workerd answered.
//
// A case where shoal deliberately differs from workerd has a `<name>.shoal-expected`
// beside its `<name>.expected`; NOTES.md says why for each.

#include <dirent.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "runtime/testing.h"
#include "tests/support/shoal-process.h"

namespace shoal {
namespace {

using testing::readFile;

constexpr const char* CASES_DIR = "tests/conformance";

struct Case {
  std::string api;   // folder
  std::string name;  // file stem
  std::string path() const { return std::string(CASES_DIR) + "/" + api + "/" + name; }
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.api << "/" << c.name; }

bool exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

std::vector<Case> findCases() {
  std::vector<Case> cases;
  DIR* root = opendir(CASES_DIR);
  if (root == nullptr) return cases;
  while (auto* api = readdir(root)) {
    if (api->d_name[0] == '.') continue;
    std::string folder = std::string(CASES_DIR) + "/" + api->d_name;
    DIR* dir = opendir(folder.c_str());
    if (dir == nullptr) continue;
    while (auto* file = readdir(dir)) {
      std::string name = file->d_name;
      if (name.size() > 3 && name.compare(name.size() - 3, 3, ".js") == 0) {
        cases.push_back({api->d_name, name.substr(0, name.size() - 3)});
      }
    }
    closedir(dir);
  }
  closedir(root);
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) {
    return a.api + "/" + a.name < b.api + "/" + b.name;
  });
  return cases;
}

// The request a case asks for, from its leading `// key: value` lines.
struct CaseRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<HttpHeader> headers;
  bool hasBody = false;
  std::string body;
  std::string pending;  // why shoal cannot run this case yet (an API still to come)
};

CaseRequest parseDirectives(const std::string& source) {
  CaseRequest request;
  size_t at = 0;
  while (source.compare(at, 2, "//") == 0) {
    size_t end = source.find('\n', at);
    if (end == std::string::npos) end = source.size();
    std::string line = source.substr(at + 2, end - at - 2);
    at = end + 1;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto trim = [](std::string text) {
      text.erase(0, text.find_first_not_of(" \t"));
      text.erase(text.find_last_not_of(" \t\r") + 1);
      return text;
    };
    std::string key = trim(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    if (key == "request") {
      value = trim(value);
      request.method = value.substr(0, value.find(' '));
      request.path = trim(value.substr(value.find(' ') + 1));
    } else if (key == "header") {
      auto nameEnd = value.find(':');
      request.headers.push_back(HttpHeader{kj::str(trim(value.substr(0, nameEnd)).c_str()),
                                           kj::str(trim(value.substr(nameEnd + 1)).c_str())});
    } else if (key == "shoal-pending") {
      request.pending = trim(value);
    } else if (key == "body") {
      request.hasBody = true;
      request.body = value.empty() || value[0] != ' ' ? value : value.substr(1);
    }
  }
  return request;
}

class Conformance : public ::testing::TestWithParam<Case> {};

TEST_P(Conformance, MatchesRecordedResponse) {
  const Case& c = GetParam();
  std::string source = readFile(c.path() + ".js");
  std::string expectedPath = c.path() + ".shoal-expected";
  if (!exists(expectedPath)) expectedPath = c.path() + ".expected";
  std::string expected = readFile(expectedPath);
  ASSERT_FALSE(expected.empty()) << "no expected output for " << c.path();

  auto request = parseDirectives(source);
  if (!request.pending.empty()) GTEST_SKIP() << "pending: " << request.pending;
  std::vector<HttpHeader> headers;
  headers.push_back(HttpHeader{kj::str("host"), kj::str("example.com")});
  for (auto& header: request.headers) {
    headers.push_back(HttpHeader{kj::heapString(header.name), kj::heapString(header.value)});
  }
  if (request.hasBody) {
    headers.push_back(
        HttpHeader{kj::str("content-length"), kj::str(request.body.size())});
  }

  MemoryModuleSource modules{{"worker.js", source.c_str()}};
  std::string actual;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
    TestWorker worker(modules);
    kj::Maybe<kj::StringPtr> body;
    if (request.hasBody) body = kj::StringPtr(request.body.c_str());
    auto response = worker.worker->fetch([&]() {
      WorkerRequest r;
      r.method = kj::str(request.method.c_str());
      r.url = kj::str("http://example.com", request.path.c_str());
      for (auto& header: headers) {
        r.headers.add(HttpHeader{kj::heapString(header.name), kj::heapString(header.value)});
      }
      KJ_IF_MAYBE(text, body) r.body = kj::heapArray(text->asBytes());
      return r;
    }()).wait(worker.io.waitScope);
    std::string contentType = "-";
    for (auto& header: response.headers) {
      if (header.name == "content-type") contentType = header.value.cStr();
    }
    actual = std::to_string(response.status) + " " + contentType + "\n" +
             std::string(response.body.asChars().begin(), response.body.size());
    for (auto& report: worker.log.uncaughtReports) {
      std::printf("uncaught: %s\n", report.cStr());
    }
  })) {
    actual = std::string("(failed to load) ") + exception->getDescription().cStr();
  }
  EXPECT_EQ(actual, expected) << "case " << c.path() << ".js";
}

std::string caseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.api + "_" + info.param.name;
  for (auto& ch: name) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Conformance, ::testing::ValuesIn(findCases()), caseName);

// Guards against a runner that silently finds nothing.
TEST(ConformanceSuite, HasCases) { EXPECT_GE(findCases().size(), 250u); }

}  // namespace
}  // namespace shoal
