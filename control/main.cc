// The `shoal` command line: wires the parts together, nothing more.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <kj/async-io.h>
#include <kj/encoding.h>
#include <kj/main.h>

#include <capnp/rpc-twoparty.h>

#include "control/coalescing-stream.h"
#include "control/control-client.h"
#include "control/dev-server.h"
#include "control/json.h"
#include "control/front-end.h"
#include "control/outbound-policy.h"
#include "control/upload.h"
#include "runtime/crypto-natives.h"
#include "runtime/isolate-host.h"
#include "runtime/sandbox.h"
#include "runtime/v8-system.h"

namespace shoal {

namespace {

// A whole decimal number, or nullptr.
kj::Maybe<unsigned long> parseUnsigned(kj::StringPtr text) {
  if (text.size() == 0 || text.size() > 9) return nullptr;
  for (char c: text) {
    if (c < '0' || c > '9') return nullptr;
  }
  return strtoul(text.cStr(), nullptr, 10);
}

}  // namespace

class ShoalMain {
 public:
  explicit ShoalMain(kj::ProcessContext& context) : context(context) {}

  kj::MainFunc getMain() {
    return kj::MainBuilder(context, "shoal (development build)",
                           "An edge-style serverless platform: JavaScript workers, each in "
                           "its own V8 isolate.")
        .addSubCommand("dev", KJ_BIND_METHOD(*this, getDevMain),
                       "serve one worker from local files, reloading on change")
        .addSubCommand("serve", KJ_BIND_METHOD(*this, getServeMain),
                       "run the platform: front end, control API, isolate hosts")
        .addSubCommand("host", KJ_BIND_METHOD(*this, getHostMain),
                       "run an isolate host (started by `shoal serve`, or on another machine)")
        .addSubCommand("deploy", KJ_BIND_METHOD(*this, getDeployMain),
                       "upload a worker to `shoal serve`; it is live at once")
        .addSubCommand("run", KJ_BIND_METHOD(*this, getRunMain),
                       "run a task once in a fresh sandbox on `shoal serve`, print its answer")
        .addSubCommand("workers", KJ_BIND_METHOD(*this, getWorkersMain),
                       "list workers, show versions, roll back, delete")
        .addSubCommand("tenants", KJ_BIND_METHOD(*this, getTenantsMain),
                       "create tenants and their tokens (admin token)")
        .build();
  }

 private:
  kj::ProcessContext& context;
  DevOptions dev;
  ServeOptions serve;
  kj::String hostListen;
  kj::String hostData = kj::str(".shoal");
  size_t hostBudgetMib = 0;
  ControlTarget target = defaultTarget();
  kj::String deployName;
  kj::Maybe<kj::String> runInput;
  kj::Vector<kj::String> args;

  static ControlTarget defaultTarget() {
    ControlTarget t;
    if (const char* url = getenv("SHOAL_URL")) t.url = kj::str(url);
    if (const char* token = getenv("SHOAL_TOKEN")) t.token = kj::str(token);
    return t;
  }

  // --url and --token, for every command that talks to the control API.
  kj::MainBuilder& withTarget(kj::MainBuilder& builder) {
    return builder
        .addOptionWithArg({"url"}, KJ_BIND_METHOD(*this, setUrl), "<url>",
                          "the control API (default $SHOAL_URL or http://localhost:8081)")
        .addOptionWithArg({"token"}, KJ_BIND_METHOD(*this, setToken), "<token>",
                          "the bearer token (default $SHOAL_TOKEN)");
  }

  kj::MainBuilder::Validity setUrl(kj::StringPtr text) {
    target.url = kj::heapString(text.endsWith("/") ? text.slice(0, text.size() - 1) : text);
    return true;
  }
  kj::MainBuilder::Validity setToken(kj::StringPtr text) {
    target.token = kj::heapString(text);
    return true;
  }
  kj::MainBuilder::Validity setDeployName(kj::StringPtr text) {
    deployName = kj::heapString(text);
    return true;
  }
  kj::MainBuilder::Validity setRunInput(kj::StringPtr text) {
    runInput = kj::heapString(text);
    return true;
  }
  kj::MainBuilder::Validity addArg(kj::StringPtr text) {
    args.add(kj::heapString(text));
    return true;
  }

  kj::MainFunc getDeployMain() {
    kj::MainBuilder builder(context, "shoal deploy",
                            "Uploads the worker in FILE (one JavaScript module) or DIR (every "
                            ".js/.mjs file in it; its shoal.json, if any, says main_module, "
                            "vars, secrets...; a Wrangler project's wrangler.toml or "
                            "wrangler.jsonc is read too, and names the worker unless --name "
                            "does) as a new version of worker NAME. The server checks "
                            "it loads before it goes live; a mistake is reported as "
                            "file:line:col and the previous version keeps serving.");
    return withTarget(builder)
        .addOptionWithArg({"name"}, KJ_BIND_METHOD(*this, setDeployName), "<name>",
                          "the worker's name: its URL is http://<name>.localhost:PORT/ "
                          "(default: the Wrangler file's name)")
        .expectArg("FILE|DIR", KJ_BIND_METHOD(*this, addArg))
        .callAfterParsing(KJ_BIND_METHOD(*this, runDeploy))
        .build();
  }

  kj::MainFunc getRunMain() {
    kj::MainBuilder builder(context, "shoal run",
                            "Runs FILE (one JavaScript module) or DIR (its modules; main module "
                            "from shoal.json or index.js...) once, in a fresh isolate of its "
                            "own on `shoal serve` (POST /run), then destroys it. With --input, "
                            "calls the default export's run(input) and prints the result as "
                            "JSON; without, sends its fetch() a GET and prints the response "
                            "body. Console output and errors go to stderr; the exit status is "
                            "1 if the task failed.");
    return withTarget(builder)
        .addOptionWithArg({"input"}, KJ_BIND_METHOD(*this, setRunInput), "<json>",
                          "the argument of run(input), as JSON")
        .expectArg("FILE|DIR", KJ_BIND_METHOD(*this, addArg))
        .callAfterParsing(KJ_BIND_METHOD(*this, runRun))
        .build();
  }

  kj::MainBuilder::Validity runRun() {
    kj::String task;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      task = buildRunTask(args[0], runInput.map([](kj::String& s) { return s.asPtr(); }));
    })) {
      return kj::str(exception->getDescription());
    }
    auto io = kj::setupAsyncIo();
    ControlReply reply;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      reply = callControlApi(io, target, "POST", "/run", "application/json", task.asBytes());
    })) {
      context.exitError(kj::str("shoal: ", exception->getDescription()));
    }
    capnp::MallocMessageBuilder message;
    capnp::JsonValue::Reader json;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      json = parseJson(reply.body.asArray(), message);
    })) {
      context.exitError(kj::str("shoal: ", reply.status, ": ", reply.body));
    }
    KJ_IF_MAYBE(logs, jsonField(json, "logs")) {
      for (auto line: logs->getArray()) {
        fprintf(stderr, "[%s] %s\n", field(line, "level").cStr(), field(line, "text").cStr());
      }
    }
    if (reply.status >= 400) {
      auto kind = field(json, "kind");
      auto stack = field(json, "stack");
      context.exitError(kj::str("shoal: ", kind.size() > 0 ? kj::str(kind, ": ") : kj::str(""),
                                field(json, "error"),
                                stack.size() > 0 ? kj::str("\n", stack) : kj::str("")));
    }
    KJ_IF_MAYBE(result, jsonField(json, "result")) {
      auto text = capnp::JsonCodec().encodeRaw(*result);
      fprintf(stdout, "%s\n", text.cStr());
    } else {
      auto body = field(json, "body");
      if (field(json, "bodyEncoding") == "base64") {
        auto bytes = kj::decodeBase64(body);
        fwrite(bytes.begin(), 1, bytes.size(), stdout);
      } else {
        fwrite(body.begin(), 1, body.size(), stdout);
      }
      KJ_IF_MAYBE(status, jsonField(json, "status")) {
        if (status->getNumber() >= 400) {
          fprintf(stderr, "shoal run: the task answered %g %s\n", status->getNumber(),
                  field(json, "statusText").cStr());
        }
      }
    }
    fflush(stdout);  // KJ's exit does not flush stdio
    return true;
  }

  kj::MainFunc getWorkersMain() {
    kj::MainBuilder builder(context, "shoal workers",
                            "  list                     the workers this token may see\n"
                            "  versions NAME            a worker's versions, newest first\n"
                            "  rollback NAME VERSION    make an earlier version live again\n"
                            "  delete NAME              remove a worker and all its versions");
    return withTarget(builder)
        .expectArg("COMMAND", KJ_BIND_METHOD(*this, addArg))
        .expectZeroOrMoreArgs("ARGS", KJ_BIND_METHOD(*this, addArg))
        .callAfterParsing(KJ_BIND_METHOD(*this, runWorkers))
        .build();
  }

  kj::MainFunc getTenantsMain() {
    kj::MainBuilder builder(context, "shoal tenants",
                            "  create NAME    make a tenant and print its first token\n"
                            "  token NAME     print a new token for the tenant\n"
                            "  list           list tenants");
    return withTarget(builder)
        .expectArg("COMMAND", KJ_BIND_METHOD(*this, addArg))
        .expectZeroOrMoreArgs("ARGS", KJ_BIND_METHOD(*this, addArg))
        .callAfterParsing(KJ_BIND_METHOD(*this, runTenants))
        .build();
  }

  // Calls the API; on an error status prints the server's message and exits 1.
  kj::String call(kj::StringPtr method, kj::StringPtr path, kj::StringPtr contentType = "",
                  kj::ArrayPtr<const kj::byte> body = nullptr) {
    auto io = kj::setupAsyncIo();
    ControlReply reply;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      reply = callControlApi(io, target, method, path, contentType, body);
    })) {
      context.exitError(kj::str("shoal: ", exception->getDescription()));
    }
    if (reply.status >= 400) {
      capnp::MallocMessageBuilder message;
      kj::String text = kj::heapString(reply.body);
      KJ_IF_MAYBE(parsed, kj::runCatchingExceptions([&]() {
        KJ_IF_MAYBE(error, jsonField(parseJson(reply.body.asArray(), message), "error")) {
          KJ_IF_MAYBE(s, jsonString(*error)) text = kj::heapString(*s);
        }
      })) {}
      context.exitError(kj::str("shoal: ", reply.status, ": ", text));
    }
    return kj::mv(reply.body);
  }

  static kj::String field(capnp::JsonValue::Reader object, kj::StringPtr name) {
    KJ_IF_MAYBE(value, jsonField(object, name)) {
      KJ_IF_MAYBE(text, jsonString(*value)) return kj::heapString(*text);
    }
    return kj::str("");
  }

  kj::MainBuilder::Validity runDeploy() {
    kj::String contentType;
    kj::Array<kj::byte> upload;
    kj::Maybe<kj::String> projectName;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      upload = buildUpload(args[0], contentType, projectName);
    })) {
      return kj::str(exception->getDescription());
    }
    // --name wins over the Wrangler file's name.
    if (deployName == nullptr) {
      KJ_IF_MAYBE(name, projectName) deployName = kj::mv(*name);
    }
    if (deployName == nullptr) return "say the worker's name: --name NAME";
    auto reply = call("PUT", kj::str("/workers/", deployName), contentType, upload);
    capnp::MallocMessageBuilder message;
    auto json = parseJson(reply.asArray(), message);
    context.exitInfo(kj::str("deployed ", field(json, "worker"), " ", field(json, "version"),
                             "\n  ", field(json, "url")));
  }

  kj::MainBuilder::Validity runWorkers() {
    auto command = kj::heapString(args[0]);
    capnp::MallocMessageBuilder message;
    if (command == "list") {
      auto json = parseJson(call("GET", "/workers").asArray(), message);
      KJ_IF_MAYBE(workers, jsonField(json, "workers")) {
        for (auto worker: workers->getArray()) {
          printf("%-24s %-6s %s\n", field(worker, "name").cStr(),
                 field(worker, "live_version").cStr(), field(worker, "url").cStr());
        }
      }
    } else if (command == "versions") {
      if (args.size() != 2) return "usage: shoal workers versions NAME";
      auto json = parseJson(call("GET", kj::str("/workers/", args[1])).asArray(), message);
      auto live = field(json, "live_version");
      KJ_IF_MAYBE(versions, jsonField(json, "versions")) {
        for (auto version: versions->getArray()) {
          auto id = field(version, "id");
          printf("%-6s %s  %s%s\n", id.cStr(), field(version, "created_at").cStr(),
                 field(version, "deployed_by").cStr(), id == live ? "  (live)" : "");
        }
      }
    } else if (command == "rollback") {
      if (args.size() != 3) return "usage: shoal workers rollback NAME VERSION";
      auto body = kj::str("{\"version\":", jsonQuote(args[2]), "}");
      call("POST", kj::str("/workers/", args[1], "/rollback"), "application/json",
           body.asBytes());
      printf("%s: %s is live\n", args[1].cStr(), args[2].cStr());
    } else if (command == "delete") {
      if (args.size() != 2) return "usage: shoal workers delete NAME";
      call("DELETE", kj::str("/workers/", args[1]));
      printf("deleted %s\n", args[1].cStr());
    } else {
      return "unknown command: use list, versions, rollback or delete";
    }
    fflush(stdout);  // KJ's exit does not flush stdio
    return true;
  }

  kj::MainBuilder::Validity runTenants() {
    auto command = kj::heapString(args[0]);
    capnp::MallocMessageBuilder message;
    if (command == "create" && args.size() == 2) {
      auto body = kj::str("{\"name\":", jsonQuote(args[1]), "}");
      auto json = parseJson(call("POST", "/tenants", "application/json", body.asBytes()).asArray(),
                            message);
      printf("tenant %s\ntoken %s\n", field(json, "tenant").cStr(), field(json, "token").cStr());
    } else if (command == "token" && args.size() == 2) {
      auto json = parseJson(call("POST", kj::str("/tenants/", args[1], "/tokens")).asArray(),
                            message);
      printf("%s\n", field(json, "token").cStr());
    } else if (command == "list" && args.size() == 1) {
      auto json = parseJson(call("GET", "/tenants").asArray(), message);
      KJ_IF_MAYBE(tenants, jsonField(json, "tenants")) {
        for (auto tenant: tenants->getArray()) printf("%s\n", tenant.getString().cStr());
      }
    } else {
      return "usage: shoal tenants create NAME | token NAME | list";
    }
    fflush(stdout);  // KJ's exit does not flush stdio
    return true;
  }

  kj::MainFunc getServeMain() {
    return kj::MainBuilder(
               context, "shoal serve",
               "Runs the platform. Workers deployed through the control API are served at "
               "http://NAME.localhost:PORT/ (routed by the Host header). The front end starts "
               "isolate host processes and restarts any that die; it talks to them over "
               "Cap'n Proto RPC on unix sockets. State (workers, versions, tenants, hashed "
               "tokens) lives in DIR/control.sqlite, and host N keeps its sessions in "
               "DIR/hosts/N, so a restart serves everything again. "
               "On the first start the admin token is printed once.")
        .addOptionWithArg({'p', "port"}, KJ_BIND_METHOD(*this, setServePort), "<port>",
                          "serve workers on <port> (default 8080; 0 picks a free one)")
        .addOptionWithArg({"control-port"}, KJ_BIND_METHOD(*this, setControlPort), "<port>",
                          "serve the control API on <port> (default 8081; 0 picks one)")
        .addOptionWithArg({"listen"}, KJ_BIND_METHOD(*this, setServeListen), "<address>",
                          "listen on <address> (default 127.0.0.1)")
        .addOptionWithArg({"hosts"}, KJ_BIND_METHOD(*this, setHosts), "<n>",
                          "start <n> isolate host processes (default: one per core)")
        .addOptionWithArg({"host"}, KJ_BIND_METHOD(*this, addRemoteHost), "tcp:<addr>",
                          "also use the isolate host listening at <addr> (repeatable)")
        .addOptionWithArg({"data"}, KJ_BIND_METHOD(*this, setData), "<dir>",
                          "keep state in <dir> (default .shoal)")
        .addOptionWithArg({"cpu-limit-ms"}, KJ_BIND_METHOD(*this, setServeCpu), "<ms>",
                          "CPU time per event for workers whose manifest sets none "
                          "(default 50)")
        .addOptionWithArg({"heap-limit-mib"}, KJ_BIND_METHOD(*this, setServeHeap), "<mib>",
                          "heap per isolate for workers whose manifest sets none "
                          "(default 128)")
        .addOptionWithArg({"wall-limit-ms"}, KJ_BIND_METHOD(*this, setServeWall), "<ms>",
                          "wall time per request for workers whose manifest sets none "
                          "(default 30000)")
        .addOption({"allow-private-outbound"}, KJ_BIND_METHOD(*this, allowPrivateOutbound),
                   "let a worker's outbound allowlist reach private, loopback and link-local "
                   "addresses it names explicitly (default: public addresses only)")
        .addOptionWithArg({"isolate-memory-budget"}, KJ_BIND_METHOD(*this, setServeBudget),
                          "<mib>",
                          "per host: when loaded isolates hold more, the least recently used "
                          "are dropped and reloaded on their next request (default: none)")
        .callAfterParsing(KJ_BIND_METHOD(*this, runServe))
        .build();
  }

  kj::MainFunc getHostMain() {
    return kj::MainBuilder(context, "shoal host",
                           "Runs an isolate host: it loads the worker versions the front end "
                           "sends and answers the requests it dispatches, over Cap'n Proto "
                           "RPC. `shoal serve` starts these itself; run one by hand to put "
                           "isolates on another machine (then `shoal serve --host tcp:ADDR`).")
        .addOptionWithArg({"listen"}, KJ_BIND_METHOD(*this, setHostListen),
                          "unix:<path>|tcp:<addr>", "where to accept the front end")
        .addOptionWithArg({"data"}, KJ_BIND_METHOD(*this, setHostData), "<dir>",
                          "keep session databases under <dir>/sessions (default .shoal)")
        .addOptionWithArg({"isolate-memory-budget"}, KJ_BIND_METHOD(*this, setHostBudget),
                          "<mib>",
                          "drop least recently used isolates past this much memory")
        .callAfterParsing(KJ_BIND_METHOD(*this, runHost))
        .build();
  }

  kj::MainBuilder::Validity setServePort(kj::StringPtr text) {
    return parsePort(text, serve.port);
  }
  kj::MainBuilder::Validity setControlPort(kj::StringPtr text) {
    return parsePort(text, serve.controlPort);
  }
  kj::MainBuilder::Validity setServeListen(kj::StringPtr text) {
    serve.listenAddress = kj::heapString(text);
    return true;
  }
  kj::MainBuilder::Validity setHosts(kj::StringPtr text) {
    KJ_IF_MAYBE(n, parseUnsigned(text)) {
      if (*n >= 1 && *n <= 256) {
        serve.localHosts = *n;
        return true;
      }
    }
    return "expected a number of hosts, 1 to 256";
  }
  kj::MainBuilder::Validity addRemoteHost(kj::StringPtr text) {
    if (!text.startsWith("tcp:") && !text.startsWith("unix:")) {
      return "expected tcp:HOST:PORT or unix:PATH";
    }
    serve.remoteHosts.add(kj::heapString(text));
    return true;
  }
  kj::MainBuilder::Validity setData(kj::StringPtr text) {
    serve.dataDir = kj::heapString(text);
    return true;
  }
  kj::MainBuilder::Validity setServeCpu(kj::StringPtr text) {
    KJ_IF_MAYBE(ms, parseUnsigned(text)) {
      if (*ms >= 1 && *ms <= 30000) {
        serve.defaultCpuMs = *ms;
        return true;
      }
    }
    return "expected milliseconds, 1 to 30000";
  }

  kj::MainBuilder::Validity setServeWall(kj::StringPtr text) {
    KJ_IF_MAYBE(ms, parseUnsigned(text)) {
      if (*ms >= 1 && *ms <= MAX_WALL_MS) {
        serve.defaultWallMs = *ms;
        return true;
      }
    }
    return kj::str("expected milliseconds, 1 to ", MAX_WALL_MS);
  }

  kj::MainBuilder::Validity setServeHeap(kj::StringPtr text) {
    KJ_IF_MAYBE(mib, parseUnsigned(text)) {
      if (*mib >= 8 && *mib <= 1024) {
        serve.defaultMemoryMib = *mib;
        return true;
      }
    }
    return "expected MiB, 8 to 1024";
  }

  kj::MainBuilder::Validity allowPrivateOutbound() {
    serve.allowPrivateOutbound = true;
    return true;
  }

  kj::MainBuilder::Validity setServeBudget(kj::StringPtr text) {
    KJ_IF_MAYBE(mib, parseUnsigned(text)) {
      serve.isolateMemoryBudgetMib = *mib;
      return true;
    }
    return "expected a number of MiB";
  }

  kj::MainBuilder::Validity setHostBudget(kj::StringPtr text) {
    KJ_IF_MAYBE(mib, parseUnsigned(text)) {
      hostBudgetMib = *mib;
      return true;
    }
    return "expected a number of MiB";
  }

  kj::MainBuilder::Validity setHostData(kj::StringPtr text) {
    hostData = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity setHostListen(kj::StringPtr text) {
    hostListen = kj::heapString(text);
    return true;
  }

  static kj::MainBuilder::Validity parsePort(kj::StringPtr text, unsigned& port) {
    KJ_IF_MAYBE(n, parseUnsigned(text)) {
      if (*n <= 65535) {
        port = *n;
        return true;
      }
    }
    return "not a port number";
  }

  // The path of this executable, to start hosts with.
  static kj::String selfPath() {
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    KJ_ASSERT(n > 0, "cannot find my own executable");
    return kj::heapString(path, n);
  }

  kj::MainBuilder::Validity runServe() {
    auto io = kj::setupAsyncIo();
    serve.shoalBinary = selfPath();
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      runFrontEnd(io, kj::mv(serve)).wait(io.waitScope);
    })) {
      context.exitError(kj::str("shoal serve: ", exception->getDescription()));
    }
    return true;
  }

  kj::MainBuilder::Validity runHost() {
    if (hostListen == nullptr) return "say where to listen: --listen unix:PATH or tcp:ADDR";
    // After lock-down the host opens files only beneath DATA/sessions (sandbox.h): that
    // folder must exist, SQLite's temporary files (big sorts, temporary tables) go there,
    // and OpenSSL reads its configuration now. setenv before any thread starts: it is not
    // thread-safe.
    auto sessionsFolder = kj::str(hostData, "/sessions");
    for (auto folder : {hostData.cStr(), sessionsFolder.cStr()}) {
      if (mkdir(folder, 0700) != 0 && errno != EEXIST) {
        return kj::str("cannot make the data folder ", folder, ": ", strerror(errno));
      }
    }
    setenv("SQLITE_TMPDIR", sessionsFolder.cStr(), 1);
    loadCryptoConfiguration();
    V8System system;
    auto io = kj::setupAsyncIo();
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      bool tcp = hostListen.startsWith("tcp:");
      auto address = kj::heapString(tcp ? hostListen.slice(4) : hostListen.asPtr());
      auto listener = io.provider->getNetwork().parseAddress(address).wait(io.waitScope)->listen();
      capnp::TwoPartyServer server(newIsolateHost(system, io.provider->getTimer(),
                                                   {kj::heapString(hostData), true,
                                                    hostBudgetMib << 20}));
      // Listening, so the process can give up what it does not need to serve.
      lockDownProcess(sessionsFolder);
      // With port 0 the chosen port is printed, for whoever starts us to read back.
      if (tcp) {
        KJ_IF_MAYBE(colon, address.findLast(':')) {
          fprintf(stderr, "shoal host: listening on tcp:%s:%u\n",
                  kj::heapString(address.slice(0, *colon)).cStr(), listener->getPort());
        }
      } else {
        fprintf(stderr, "shoal host: listening on %s\n", hostListen.cStr());
      }
      listenRpcReadAhead(server, *listener).wait(io.waitScope);
    })) {
      context.exitError(kj::str("shoal host: ", exception->getDescription()));
    }
    return true;
  }

  kj::MainFunc getDevMain() {
    return kj::MainBuilder(
               context, "shoal dev",
               "Serves the worker in FILE (or the folder DIR, whose index.js, worker.js or "
               "src/index.js is the main module) on http://localhost:8787. The worker is "
               "an ES module with `export default { async fetch(request, env, ctx) {...} }` "
               "(or uses addEventListener(\"fetch\", ...)); it may import its own files by "
               "relative path. Every request goes to the worker and is logged as one line: "
               "method, path, status, time. The worker's console output is printed with its "
               "name. When a file the worker loaded changes, the worker reloads and the next "
               "request sees the new code; if the new code does not load, requests get a 500 naming "
               "file:line:col until it is fixed.")
        .addOptionWithArg({'p', "port"}, KJ_BIND_METHOD(*this, setPort), "<port>",
                          "listen on <port> (default 8787; 0 picks a free one)")
        .addOptionWithArg({"listen"}, KJ_BIND_METHOD(*this, setListen), "<address>",
                          "listen on <address> (default 127.0.0.1)")
        .addOptionWithArg({"name"}, KJ_BIND_METHOD(*this, setName), "<name>",
                          "the worker's name in logs (default: from the file or folder)")
        .addOptionWithArg({"var"}, KJ_BIND_METHOD(*this, addVar), "<key>=<value>",
                          "a text binding: env.<key> is \"<value>\" (repeatable)")
        .addOptionWithArg({"allow"}, KJ_BIND_METHOD(*this, addAllow), "<host>",
                          "let fetch() reach <host> (\"api.example.com\", \"*.example.com\", "
                          "\"localhost:9000\", \"*\"; repeatable)")
        .addOptionWithArg({"session"}, KJ_BIND_METHOD(*this, addSession), "<binding>=<class>",
                          "a session namespace: env.<binding> reaches instances of the "
                          "exported class <class>, each with its own SQLite database "
                          "(repeatable)")
        .addOptionWithArg({"loader"}, KJ_BIND_METHOD(*this, addLoader), "<binding>",
                          "a Worker Loader binding: env.<binding>.get(id, getCode) and "
                          ".load(code) run code the worker hands over in sandboxes, fresh "
                          "isolates reaching only what they are given (repeatable)")
        .addOptionWithArg({"persist"}, KJ_BIND_METHOD(*this, setPersist), "<dir>",
                          "keep session data in <dir> (default .shoal), across restarts")
        .addOptionWithArg({"cpu-limit-ms"}, KJ_BIND_METHOD(*this, setCpuLimit), "<ms>",
                          "CPU time per request (per event) before the worker is stopped "
                          "(default 50)")
        .addOptionWithArg({"heap-limit-mib"}, KJ_BIND_METHOD(*this, setHeapLimit), "<mib>",
                          "the isolate's heap limit (default 128)")
        .addOptionWithArg({"wall-limit-ms"}, KJ_BIND_METHOD(*this, setWallLimit), "<ms>",
                          "wall time a request may take (default 30000)")
        .expectArg("FILE|DIR", KJ_BIND_METHOD(*this, setPath))
        .callAfterParsing(KJ_BIND_METHOD(*this, runDev))
        .build();
  }

  kj::MainBuilder::Validity setPort(kj::StringPtr text) {
    KJ_IF_MAYBE(port, parseUnsigned(text)) {
      if (*port <= 65535) {
        dev.port = *port;
        return true;
      }
    }
    return "not a port number";
  }

  kj::MainBuilder::Validity setListen(kj::StringPtr text) {
    dev.listenAddress = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity setName(kj::StringPtr text) {
    dev.name = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity addVar(kj::StringPtr text) {
    KJ_IF_MAYBE(equals, text.findFirst('=')) {
      if (*equals == 0) return "the key is empty: use --var KEY=VALUE";
      dev.vars.add(HttpHeader{kj::heapString(text.slice(0, *equals)),
                              kj::heapString(text.slice(*equals + 1))});
      return true;
    }
    return "expected KEY=VALUE";
  }

  kj::MainBuilder::Validity addAllow(kj::StringPtr text) {
    KJ_IF_MAYBE(problem, checkAllowEntry(text)) return kj::mv(*problem);
    dev.outboundAllow.add(kj::heapString(text));
    return true;
  }

  kj::MainBuilder::Validity addSession(kj::StringPtr text) {
    KJ_IF_MAYBE(equals, text.findFirst('=')) {
      if (*equals > 0 && *equals + 1 < text.size()) {
        dev.sessions.add(SessionBinding{kj::heapString(text.slice(0, *equals)),
                                        kj::heapString(text.slice(*equals + 1))});
        return true;
      }
    }
    return "expected BINDING=ClassName";
  }

  kj::MainBuilder::Validity addLoader(kj::StringPtr text) {
    if (text.size() == 0) return "expected a binding name";
    dev.loaders.add(kj::heapString(text));
    return true;
  }

  kj::MainBuilder::Validity setPersist(kj::StringPtr text) {
    dev.persistFolder = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity setCpuLimit(kj::StringPtr text) {
    KJ_IF_MAYBE(ms, parseUnsigned(text)) {
      if (*ms >= 1) {
        dev.limits.cpuPerEvent = *ms * kj::MILLISECONDS;
        return true;
      }
    }
    return "expected a number of milliseconds, at least 1";
  }

  kj::MainBuilder::Validity setWallLimit(kj::StringPtr text) {
    KJ_IF_MAYBE(ms, parseUnsigned(text)) {
      if (*ms >= 1 && *ms <= MAX_WALL_MS) {
        dev.limits.wallPerRequest = *ms * kj::MILLISECONDS;
        return true;
      }
    }
    return kj::str("expected milliseconds, 1 to ", MAX_WALL_MS);
  }

  kj::MainBuilder::Validity setHeapLimit(kj::StringPtr text) {
    KJ_IF_MAYBE(mib, parseUnsigned(text)) {
      if (*mib >= 8) {
        dev.limits.heapBytes = size_t(*mib) << 20;
        return true;
      }
    }
    return "expected a number of MiB, at least 8";
  }

  kj::MainBuilder::Validity setPath(kj::StringPtr text) {
    dev.path = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity runDev() {
    V8System system;
    auto io = kj::setupAsyncIo();
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      runDevServer(system, io, kj::mv(dev)).wait(io.waitScope);
    })) {
      context.exitError(kj::str("shoal dev: ", exception->getDescription()));
    }
    return true;
  }
};

}  // namespace shoal

KJ_MAIN(shoal::ShoalMain)
