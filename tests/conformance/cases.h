// The conformance cases (see README.md): finding them and reading their directives.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace shoal::conformance {

// Where the cases are, relative to the test's working directory (Bazel's runfiles).
constexpr const char* CASES_DIR = "tests/conformance";

struct Case {
  std::string api;   // folder
  std::string name;  // file stem
  std::string path() const { return std::string(CASES_DIR) + "/" + api + "/" + name; }

  // What shoal must answer: `.shoal-expected` where shoal deliberately differs from
  // workerd, else `.expected`.
  std::string expected() const;
};

inline void PrintTo(const Case& c, std::ostream* out) { *out << c.api << "/" << c.name; }

// Every case, sorted by folder and name.
std::vector<Case> findCases();

// The request a case asks for, from its leading `// key: value` lines.
struct CaseRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  bool hasBody = false;
  std::string body;
  std::string pending;  // why shoal cannot run this case yet (an API still to come)
  // Response headers the outcome shows (lowercase, in order): the `response-header` lines.
  std::vector<std::string> responseHeaders;
};

CaseRequest parseDirectives(const std::string& source);

// The worker a case runs: its file, with harness.js inserted after the leading `//` lines
// when the case calls harness() (as record-expected does for workerd).
std::string caseSource(const Case& c);

// "<status> <content-type or ->\n<body>", the form `.expected` files hold; `shown` (a case's
// `response-header` lines, with the values received, "" for none) go between, a line each:
// "<name>: <value or ->\n".
std::string formatOutcome(unsigned status, const std::string& contentType, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& shown = {});

// A gtest-safe name for the case.
std::string testName(const Case& c);

}  // namespace shoal::conformance
