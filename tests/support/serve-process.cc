#include "tests/support/serve-process.h"

#include <regex>

namespace shoal::testing {

std::string capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (std::regex_search(text, match, std::regex(pattern))) return match[1];
  return "";
}

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (char c: text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

ServeProcess::ServeProcess(const std::string& dataDir, int hosts,
                           std::vector<std::string> extraArgs)
    : process([&]() {
        std::vector<std::string> args = {"serve",          "--hosts", std::to_string(hosts),
                                         "--port",         "0",       "--control-port",
                                         "0",              "--data",  dataDir};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        return args;
      }()) {
  process.waitForOutput("control API on");
  auto out = process.output();
  port = std::stoi("0" + capture(out, R"(workers on http://localhost:(\d+)/)"));
  controlPort = std::stoi("0" + capture(out, R"(control API on http://localhost:(\d+)/)"));
  adminToken = capture(out, R"(admin token[^:]*: (shoal_[0-9a-f]+))");
}

HttpResponse ServeProcess::control(const std::string& method, const std::string& path,
                                   const std::string& token, const std::string& body,
                                   const std::string& contentType) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  if (!body.empty()) headers.push_back({"Content-Type", contentType});
  return httpRequest(controlPort, method, path, headers, body);
}

std::string ServeProcess::tenant(const std::string& name) {
  auto reply = control("POST", "/tenants", adminToken, "{\"name\":" + jsonString(name) + "}",
                       "application/json");
  return capture(reply.body, R"re("token":"(shoal_[0-9a-f]+)")re");
}

int ServeProcess::deployJson(const std::string& token, const std::string& name,
                             const std::string& json) {
  return control("PUT", "/workers/" + name, token, json, "application/json").status;
}

std::string bundle(const std::string& source, const std::string& extra) {
  return R"({"main_module":"index.js")" + extra + R"(,"modules":{"index.js":)" +
         jsonString(source) + "}}";
}

HttpResponse ServeProcess::invoke(const std::string& worker, const std::string& path) {
  return httpRequest(port, "GET", path, {{"Host", worker + ".localhost:" + std::to_string(port)}});
}

}  // namespace shoal::testing
