#include "tests/support/shoal-process.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace shoal::testing {

namespace {

// Where Bazel puts the binary for a test that lists //control:shoal as data.
constexpr const char* SHOAL_BINARY = "control/shoal";

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

}  // namespace

ShoalProcess::ShoalProcess(std::vector<std::string> args) {
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipeFds[1], 1);
    dup2(pipeFds[1], 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(SHOAL_BINARY));
    for (auto& arg: args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(SHOAL_BINARY, argv.data());
    perror("execv shoal");
    _exit(127);
  }
  close(pipeFds[1]);
  outputFd = pipeFds[0];
  reader = std::thread([this]() {
    char buffer[4096];
    for (;;) {
      ssize_t n = read(outputFd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard<std::mutex> lock(mutex);
      if (n <= 0) {
        ended = true;
        changed.notify_all();
        return;
      }
      collected.append(buffer, n);
      changed.notify_all();
    }
  });
}

ShoalProcess::~ShoalProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  reader.join();
  close(outputFd);
}

bool ShoalProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex);
  return changed.wait_for(lock, timeout, [&]() {
    return collected.find(text) != std::string::npos || ended;
  }) && collected.find(text) != std::string::npos;
}

int ShoalProcess::waitForPort() {
  const std::string marker = "ready on http://localhost:";
  if (!waitForOutput(marker)) return 0;
  std::lock_guard<std::mutex> lock(mutex);
  return atoi(collected.c_str() + collected.find(marker) + marker.size());
}

int ShoalProcess::waitForExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      // The reader thread may not have read the last output yet: wait for the end of
      // the pipe (bounded, since a child of the process may still hold it open).
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait_for(lock, std::chrono::seconds(2), [this]() { return ended; });
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::string ShoalProcess::output() {
  std::lock_guard<std::mutex> lock(mutex);
  return collected;
}

HttpResponse httpRequest(int port, const std::string& method, const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const std::string& body) {
  HttpResponse response;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return response;
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nConnection: close\r\n";
  bool hasHost = false;
  for (auto& [name, value]: headers) {
    request += name + ": " + value + "\r\n";
    if (lowercase(name) == "host") hasHost = true;
  }
  if (!hasHost) request += "Host: localhost:" + std::to_string(port) + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += n;
  }

  // Read the head, then exactly the body its framing announces: servers may keep the
  // connection open even when asked to close it.
  std::string raw;
  char buffer[65536];
  auto readMore = [&]() {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n > 0) raw.append(buffer, n);
    return n > 0;
  };
  size_t headerEnd;
  while ((headerEnd = raw.find("\r\n\r\n")) == std::string::npos) {
    if (!readMore()) {
      close(fd);
      return response;
    }
  }
  std::istringstream head(raw.substr(0, headerEnd));
  std::string line;
  std::getline(head, line);
  response.status = atoi(line.c_str() + line.find(' ') + 1);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto name = lowercase(line.substr(0, colon));
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    auto& slot = response.headers[name];
    slot = slot.empty() ? value : slot + ", " + value;
  }
  size_t at = headerEnd + 4;
  if (method == "HEAD" || response.status == 204 || response.status == 304) {
    // No body.
  } else if (response.headers.count("content-length")) {
    size_t size = std::stoul(response.headers["content-length"]);
    while (raw.size() < at + size && readMore()) {}
    response.body = raw.substr(at, size);
  } else if (response.headers["transfer-encoding"] == "chunked") {
    for (;;) {
      size_t lineEnd;
      while ((lineEnd = raw.find("\r\n", at)) == std::string::npos && readMore()) {}
      if (lineEnd == std::string::npos) break;
      size_t size = strtoul(raw.c_str() + at, nullptr, 16);
      at = lineEnd + 2;
      while (raw.size() < at + size + 2 && readMore()) {}
      if (size == 0) break;
      response.body += raw.substr(at, size);
      at += size + 2;
    }
  } else {
    while (readMore()) {}
    response.body = raw.substr(at);
  }
  close(fd);
  return response;
}

std::vector<pid_t> childProcesses(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  while (auto* entry = readdir(proc)) {
    pid_t pid = atoi(entry->d_name);
    if (pid <= 0) continue;
    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so parse after ')'.
    std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state;
    int ppid;
    if (sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent &&
        state != 'Z') {
      children.push_back(pid);
    }
  }
  closedir(proc);
  return children;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

std::string makeTempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/shoal-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace shoal::testing
