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

  kj::Maybe<kj::String> read(kj::StringPtr path) override;

 private:
  kj::HashMap<kj::String, kj::String> modules;
};

}  // namespace shoal
