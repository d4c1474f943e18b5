// Modules held in memory: an uploaded bundle, or a test's sources.
#pragma once

#include <initializer_list>
#include <utility>

#include <kj/map.h>

#include "runtime/worker.h"

namespace shoal {

class MemoryModuleSource final : public ModuleSource {
 public:
  MemoryModuleSource() = default;
  MemoryModuleSource(std::initializer_list<std::pair<kj::StringPtr, kj::StringPtr>> modules);

  // Adds or replaces the module at `path`.
  void add(kj::StringPtr path, kj::StringPtr source);

  // Errors and stack traces name module `path` as `prefix` + `path`.
  void setDisplayPrefix(kj::StringPtr prefix) { displayPrefix = kj::heapString(prefix); }

  kj::Maybe<kj::String> read(kj::StringPtr path) override;
  kj::String displayName(kj::StringPtr path) override { return kj::str(displayPrefix, path); }

 private:
  kj::HashMap<kj::String, kj::String> modules;
  kj::String displayPrefix = kj::str("");
};

}  // namespace shoal
