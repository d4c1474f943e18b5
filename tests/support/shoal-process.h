// Integration test support: a real `shoal` process, and a real HTTP client.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace shoal::testing {

// Runs the `shoal` binary built by Bazel (a data dependency of the test) with `args`,
// collecting its stdout and stderr together. Killed when destroyed.
class ShoalProcess {
 public:
  explicit ShoalProcess(std::vector<std::string> args);
  ~ShoalProcess();

  // Waits until the output contains `text` (from the start); false on timeout.
  bool waitForOutput(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Waits for "ready on http://localhost:PORT/" and returns PORT, or 0 on timeout.
  int waitForPort();

  // Waits for the process to end; returns its exit status, or -1 on timeout.
  int waitForExit(std::chrono::milliseconds timeout = std::chrono::seconds(20));

  std::string output();  // everything printed so far

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int outputFd = -1;
  std::thread reader;
  std::mutex mutex;
  std::condition_variable changed;
  std::string collected;
  bool ended = false;
};

struct HttpResponse {
  int status = 0;  // 0: no response (connection failed)
  std::map<std::string, std::string> headers;  // names lowercased; repeats joined by ", "
  std::string body;
};

// One request on a new connection to 127.0.0.1:port, read to the end.
HttpResponse httpRequest(int port, const std::string& method, const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& headers = {},
                         const std::string& body = "");

// The process ids whose parent is `parent` (from /proc).
std::vector<pid_t> childProcesses(pid_t parent);

// Reads and writes files for tests.
std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& content);

// A fresh empty folder under the test's temporary folder.
std::string makeTempDir();

}  // namespace shoal::testing
