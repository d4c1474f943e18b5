// Integration test support: a running `shoal serve` on free ports, and the control API
// calls tests make of it.
#pragma once

#include <string>
#include <vector>

#include "tests/support/shoal-process.h"

namespace shoal::testing {

class ServeProcess {
 public:
  // Starts `shoal serve --hosts <hosts>` over `dataDir` and waits until it listens.
  explicit ServeProcess(const std::string& dataDir, int hosts = 2,
                        std::vector<std::string> extraArgs = {});

  // A control API call with `token` (none if empty).
  HttpResponse control(const std::string& method, const std::string& path,
                       const std::string& token, const std::string& body = "",
                       const std::string& contentType = "application/javascript");

  // Creates a tenant with the admin token; returns the tenant's token ("" on failure).
  std::string tenant(const std::string& name);

  // Deploys `manifest` (the JSON upload form) as worker `name`; returns the status.
  int deployJson(const std::string& token, const std::string& name, const std::string& json);

  // GET `path` on worker `worker`.
  HttpResponse invoke(const std::string& worker, const std::string& path = "/");

  ShoalProcess process;
  int port = 0;
  int controlPort = 0;
  std::string adminToken;  // empty after the first start over a data folder
};

// `text` as a JSON string literal.
std::string jsonString(const std::string& text);

// The JSON upload of a one-module worker (index.js), with `extra` members (",\"k\":v...").
std::string bundle(const std::string& source, const std::string& extra = "");

// The first group of `pattern` in `text`, or "".
std::string capture(const std::string& text, const std::string& pattern);

}  // namespace shoal::testing
