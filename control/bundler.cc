#include "control/bundler.h"

#include <fcntl.h>
#include <kj/debug.h>
#include <kj/filesystem.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <regex>
#include <string>

#include "control/json.h"
#include "control/module-files.h"
#include "control/upload.h"

namespace shoal {

namespace {

// The esbuild shoal installs when a project brings none (pinned: bundles must not change
// under a user's feet).
constexpr const char* ESBUILD_PACKAGE = "esbuild@0.24.2";

[[noreturn]] void userError(kj::String message) {
  kj::throwFatalException(
      kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(message)));
}

bool isFile(kj::StringPtr path) {
  struct stat info;
  return stat(path.cStr(), &info) == 0 && S_ISREG(info.st_mode);
}

kj::String readFile(kj::StringPtr path) {
  auto fs = kj::newDiskFilesystem();
  return fs->getRoot().openFile(fs->getCurrentPath().evalNative(path))->readAllText();
}

// Runs `argv` in `cwd` with stdout and stderr collected in `output`; its exit status.
int run(kj::ArrayPtr<const kj::String> argv, kj::StringPtr cwd, kj::String& output) {
  int pipeFds[2];
  KJ_SYSCALL(pipe2(pipeFds, O_CLOEXEC));
  auto args = kj::heapArrayBuilder<char*>(argv.size() + 1);
  for (auto& arg : argv) args.add(const_cast<char*>(arg.cStr()));
  args.add(nullptr);
  auto argPointers = args.finish();
  pid_t pid = fork();
  KJ_SYSCALL(pid);
  if (pid == 0) {
    dup2(pipeFds[1], 1);
    dup2(pipeFds[1], 2);
    if (chdir(cwd.cStr()) != 0) _exit(126);
    execvp(argPointers[0], argPointers.begin());
    _exit(127);
  }
  close(pipeFds[1]);
  kj::Vector<char> collected;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(pipeFds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    collected.addAll(buffer, buffer + n);
  }
  close(pipeFds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  output = kj::heapString(collected.begin(), collected.size());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

kj::String absolute(kj::StringPtr path) {
  if (path.startsWith("/")) return kj::str(path);
  char cwd[4096];
  KJ_REQUIRE(getcwd(cwd, sizeof(cwd)) != nullptr, "cannot read the current folder");
  return kj::str(cwd, "/", path);
}

// "/a/b/../c/./d" -> "/a/c/d".
kj::String normalize(kj::StringPtr path) {
  kj::Vector<kj::String> parts;
  for (kj::StringPtr rest = path; rest.size() > 0;) {
    size_t end = rest.size();
    KJ_IF_MAYBE (slash, rest.findFirst('/')) end = *slash;
    auto part = kj::heapString(rest.slice(0, end));
    if (part == "..") {
      if (!parts.empty()) parts.removeLast();
    } else if (part.size() > 0 && part != ".") {
      parts.add(kj::mv(part));
    }
    rest = end < rest.size() ? rest.slice(end + 1) : kj::StringPtr("");
  }
  return kj::str("/", kj::strArray(parts, "/"));
}

kj::String findEsbuild(kj::StringPtr root) {
  if (const char* given = getenv("SHOAL_ESBUILD")) return kj::str(given);
  // The project's own (Wrangler projects have one), here or in a parent folder.
  for (auto folder = absolute(root);;) {
    auto candidate = kj::str(folder, "/node_modules/.bin/esbuild");
    if (isFile(candidate)) return candidate;
    KJ_IF_MAYBE (slash, folder.findLast('/')) {
      if (*slash == 0) break;
      folder = kj::str(folder.slice(0, *slash));
    } else {
      break;
    }
  }
  const char* cacheHome = getenv("XDG_CACHE_HOME");
  const char* home = getenv("HOME");
  KJ_REQUIRE(cacheHome != nullptr || home != nullptr, "no HOME to install esbuild under");
  auto prefix = cacheHome != nullptr ? kj::str(cacheHome, "/shoal/", ESBUILD_PACKAGE)
                                     : kj::str(home, "/.cache/shoal/", ESBUILD_PACKAGE);
  auto binary = kj::str(prefix, "/node_modules/@esbuild/linux-x64/bin/esbuild");
  if (isFile(binary)) return binary;
  fprintf(stderr, "shoal: installing %s from npm (once), into %s\n", ESBUILD_PACKAGE,
          prefix.cStr());
  kj::String output;
  kj::String argv[] = {kj::str("npm"),
                       kj::str("install"),
                       kj::str("--prefix"),
                       kj::heapString(prefix),
                       kj::str("--no-audit"),
                       kj::str("--no-fund"),
                       kj::str("--loglevel=error"),
                       kj::str(ESBUILD_PACKAGE)};
  if (run(argv, "/", output) != 0 || !isFile(binary)) {
    userError(
        kj::str("bundling needs esbuild, and installing it with npm failed (install "
                "Node.js and npm, or set SHOAL_ESBUILD to an esbuild binary):\n",
                output));
  }
  return binary;
}

}  // namespace

kj::Maybe<kj::String> findMainModule(kj::StringPtr folder) {
  for (auto candidate : DEFAULT_MAIN_MODULES) {
    if (isFile(kj::str(folder, "/", candidate))) return kj::str(candidate);
  }
  for (auto candidate : {"src/index.ts", "index.ts", "worker.ts"}) {
    if (isFile(kj::str(folder, "/", candidate))) return kj::str(candidate);
  }
  return nullptr;
}

kj::String bundleModulePath(kj::StringPtr mainModule) {
  auto stem = kj::heapString(mainModule);
  KJ_IF_MAYBE (dot, mainModule.findLast('.')) {
    auto slash = mainModule.findLast('/');
    if (slash == nullptr || KJ_ASSERT_NONNULL(slash) < *dot) {
      stem = kj::heapString(mainModule.slice(0, *dot));
    }
  }
  return kj::str(stem, ".bundle.js");
}

bool needsBundling(kj::StringPtr root, kj::StringPtr mainModule) {
  for (auto extension : {".ts", ".tsx", ".mts", ".cts", ".jsx"}) {
    if (mainModule.endsWith(extension)) return true;
  }
  // Statements that start a line: `import ... from "x"` (over several lines too),
  // `export ... from "x"`, `import "x"`. Text that merely contains `from "x"` (a string, a
  // comment) does not count.
  static const std::regex IMPORT(
      R"((?:^|\n)[ \t]*(?:(?:import|export)\b[^;'"]*?\bfrom|import)[ \t]*["']([^"'\n]+)["'])");
  for (auto& module : readModuleFolder(root)) {
    std::string text(module.source.cStr(), module.source.size());
    for (std::sregex_iterator it(text.begin(), text.end(), IMPORT), end; it != end; ++it) {
      auto specifier = (*it)[1].str();
      if (specifier[0] != '.' && specifier[0] != '/') return true;
    }
  }
  return false;
}

Bundle bundleWorker(kj::StringPtr root, kj::StringPtr mainModule) {
  auto esbuild = findEsbuild(root);
  char folder[] = "/tmp/shoal-bundle-XXXXXX";
  KJ_REQUIRE(mkdtemp(folder) != nullptr, "cannot make a folder for the bundle");
  auto out = kj::str(folder, "/worker.js");
  auto map = kj::str(out, ".map");
  auto meta = kj::str(folder, "/meta.json");
  KJ_DEFER({
    unlink(out.cStr());
    unlink(map.cStr());
    unlink(meta.cStr());
    rmdir(folder);
  });
  kj::String argv[] = {
      kj::heapString(esbuild),
      kj::heapString(mainModule),
      kj::str("--bundle"),
      kj::str("--format=esm"),
      kj::str("--target=es2022"),
      kj::str("--platform=neutral"),
      // As Wrangler bundles for workerd: packages' worker builds first.
      kj::str("--conditions=workerd,worker,browser"),
      kj::str("--main-fields=workerd,worker,browser,module,main"),
      kj::str("--outfile=", out),
      kj::str("--metafile=", meta),
      kj::str("--sourcemap=external"),
      kj::str("--sources-content=false"),
      kj::str("--log-level=warning"),
      kj::str("--color=false"),
  };
  kj::String output;
  if (run(argv, root, output) != 0) {
    userError(kj::str("bundling ", mainModule, " with esbuild failed:\n", output));
  }
  if (output.size() > 0) fprintf(stderr, "%s", output.cStr());  // esbuild's warnings

  Bundle bundle;
  bundle.code = readFile(out);
  auto base = absolute(root);
  {
    capnp::MallocMessageBuilder message;
    auto json = parseJson(readFile(meta).asArray(), message);
    KJ_IF_MAYBE (inputs, jsonField(json, "inputs")) {
      for (auto input : inputs->getObject()) {
        bundle.inputs.add(normalize(kj::str(base, "/", input.getName())));
      }
    }
  }
  {
    // esbuild names sources relative to the map's folder, a temporary one: name them
    // relative to the project instead, as messages should.
    capnp::MallocMessageBuilder message;
    auto json = parseJson(readFile(map).asArray(), message);
    auto prefix = kj::str(base, "/");
    kj::Vector<kj::String> sources;
    KJ_IF_MAYBE (list, jsonField(json, "sources")) {
      for (auto source : list->getArray()) {
        auto path = normalize(kj::str(folder, "/", source.getString()));
        sources.add(jsonQuote(path.startsWith(prefix) ? path.slice(prefix.size()) : path));
      }
    }
    kj::String mappings = kj::str("\"\"");
    KJ_IF_MAYBE (field, jsonField(json, "mappings")) {
      KJ_IF_MAYBE (text, jsonString(*field)) mappings = jsonQuote(*text);
    }
    bundle.sourceMap = kj::str("{\"version\":3,\"sources\":[", kj::strArray(sources, ","),
                               "],\"mappings\":", mappings, "}");
  }
  return bundle;
}

}  // namespace shoal
