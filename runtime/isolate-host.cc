#include "runtime/isolate-host.h"

#include <cstdio>

#include <kj/debug.h>
#include <kj/map.h>

#include "runtime/memory-module-source.h"
#include "runtime/worker.h"

namespace shoal {

namespace {

// Prints a worker's console output (warnings and errors to stderr) and its uncaught
// errors, prefixed with its name.
class PrefixedLog final : public WorkerLog {
 public:
  explicit PrefixedLog(kj::String prefix) : prefix(kj::mv(prefix)) {}

  void console(kj::StringPtr level, kj::StringPtr text) override {
    auto stream = level == "error" || level == "warn" ? stderr : stdout;
    fprintf(stream, "[%s] %s\n", prefix.cStr(), text.cStr());
    fflush(stream);
  }
  void uncaught(kj::StringPtr text) override {
    fprintf(stderr, "[%s] uncaught %s\n", prefix.cStr(), text.cStr());
    fflush(stderr);
  }

 private:
  kj::String prefix;
};

// One loaded version. Refcounted so requests in flight keep it alive past an unload.
struct LoadedVersion final : public kj::Refcounted {
  PrefixedLog log;  // before `worker`: the worker logs until it is destroyed
  kj::Own<Worker> worker;

  explicit LoadedVersion(kj::String prefix) : log(kj::mv(prefix)) {}
};

kj::String keyOf(kj::StringPtr worker, kj::StringPtr version) {
  return kj::str(worker, "@", version);
}

class IsolateHostImpl final : public rpc::IsolateHost::Server {
 public:
  IsolateHostImpl(V8System& system, kj::Timer& timer) : system(system), timer(timer) {}

 protected:
  kj::Promise<void> load(LoadContext context) override {
    auto version = context.getParams().getVersion();
    auto key = keyOf(version.getWorker(), version.getVersion());
    if (loaded.find(key) != nullptr) return kj::READY_NOW;

    MemoryModuleSource modules;
    for (auto module: version.getModules()) modules.add(module.getPath(), module.getSource());
    modules.setDisplayPrefix(version.getDisplayPrefix());
    WorkerConfig config{kj::str(version.getWorker()), kj::str(version.getMainModule()), {}, {}};
    for (auto var: version.getVars()) {
      config.vars.add(HttpHeader{kj::str(var.getName()), kj::str(var.getValue())});
    }
    auto limits = version.getLimits();
    if (limits.getCpuPerEventMs() > 0) {
      config.limits.cpuPerEvent = limits.getCpuPerEventMs() * kj::MILLISECONDS;
    }
    if (limits.getCpuStartupMs() > 0) {
      config.limits.cpuStartup = limits.getCpuStartupMs() * kj::MILLISECONDS;
    }
    if (limits.getHeapMib() > 0) config.limits.heapBytes = size_t(limits.getHeapMib()) << 20;

    auto entry = kj::refcounted<LoadedVersion>(kj::str(version.getWorker()));
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      entry->worker = kj::heap<Worker>(system, timer, modules, kj::mv(config), entry->log);
    })) {
      context.getResults().setError(exception->getDescription());
      return kj::READY_NOW;
    }
    ++coldStarts;
    loaded.insert(kj::mv(key), kj::mv(entry));
    return kj::READY_NOW;
  }

  kj::Promise<void> dispatch(DispatchContext context) override {
    auto params = context.getParams();
    auto key = keyOf(params.getWorker(), params.getVersion());
    kj::Own<LoadedVersion> entry;
    KJ_IF_MAYBE(found, loaded.find(key)) {
      if ((*found)->worker->isBroken()) {
        // Terminated at a limit: drop it, and let the front end load a fresh isolate.
        loaded.erase(key);
        context.getResults().setNotLoaded(true);
        return kj::READY_NOW;
      }
      entry = kj::addRef(**found);
    } else {
      context.getResults().setNotLoaded(true);
      return kj::READY_NOW;
    }

    auto in = params.getRequest();
    WorkerRequest request;
    request.method = kj::str(in.getMethod());
    request.url = kj::str(in.getUrl());
    for (auto header: in.getHeaders()) {
      request.headers.add(HttpHeader{kj::str(header.getName()), kj::str(header.getValue())});
    }
    if (in.getHasBody()) request.body = kj::heapArray(in.getBody());
    context.releaseParams();

    auto& worker = *entry->worker;
    return worker.fetch(kj::mv(request))
        .then([this, context](WorkerResponse response) mutable {
          ++requests;
          if (response.status >= 500) ++errors;
          auto out = context.getResults().initResponse();
          out.setStatus(response.status);
          out.setStatusText(response.statusText);
          auto headers = out.initHeaders(response.headers.size());
          for (auto i: kj::indices(response.headers)) {
            headers[i].setName(response.headers[i].name);
            headers[i].setValue(response.headers[i].value);
          }
          out.setBody(response.body);
        })
        .attach(kj::mv(entry));
  }

  kj::Promise<void> unload(UnloadContext context) override {
    auto params = context.getParams();
    loaded.erase(keyOf(params.getWorker(), params.getVersion()));
    return kj::READY_NOW;
  }

  kj::Promise<void> stats(StatsContext context) override {
    auto stats = context.getResults().initStats();
    stats.setLiveIsolates(loaded.size());
    stats.setColdStarts(coldStarts);
    stats.setRequests(requests);
    stats.setErrors(errors);
    return kj::READY_NOW;
  }

 private:
  V8System& system;
  kj::Timer& timer;
  kj::HashMap<kj::String, kj::Own<LoadedVersion>> loaded;  // "worker@version"
  uint64_t coldStarts = 0;
  uint64_t requests = 0;
  uint64_t errors = 0;
};

}  // namespace

kj::Own<rpc::IsolateHost::Server> newIsolateHost(V8System& system, kj::Timer& timer) {
  return kj::heap<IsolateHostImpl>(system, timer);
}

}  // namespace shoal
