#include "tests/conformance/cases.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace shoal::conformance {

std::string Case::expected() const {
  struct stat info;
  std::string shoalExpected = path() + ".shoal-expected";
  return stat(shoalExpected.c_str(), &info) == 0 ? shoalExpected : path() + ".expected";
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

namespace {

std::string readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string caseSource(const Case& c) {
  std::string source = readWhole(c.path() + ".js");
  if (source.find("harness()") == std::string::npos) return source;
  size_t at = 0;
  while (source.compare(at, 2, "//") == 0) {
    size_t end = source.find('\n', at);
    at = end == std::string::npos ? source.size() : end + 1;
  }
  return source.substr(0, at) + readWhole(std::string(CASES_DIR) + "/harness.js") + "\n" +
         source.substr(at);
}

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
      request.headers.push_back({trim(value.substr(0, nameEnd)), trim(value.substr(nameEnd + 1))});
    } else if (key == "shoal-pending") {
      request.pending = trim(value);
    } else if (key == "response-header") {
      std::string name = trim(value);
      for (auto& ch : name) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
      request.responseHeaders.push_back(name);
    } else if (key == "body") {
      request.hasBody = true;
      request.body = value.empty() || value[0] != ' ' ? value : value.substr(1);
    }
  }
  return request;
}

std::string formatOutcome(unsigned status, const std::string& contentType, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& shown) {
  std::string head =
      std::to_string(status) + " " + (contentType.empty() ? "-" : contentType) + "\n";
  for (auto& [name, value] : shown) head += name + ": " + (value.empty() ? "-" : value) + "\n";
  return head + body;
}

std::string testName(const Case& c) {
  std::string name = c.api + "_" + c.name;
  for (auto& ch: name) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

}  // namespace shoal::conformance
