#include "runtime/memory-module-source.h"

namespace shoal {

MemoryModuleSource::MemoryModuleSource(
    std::initializer_list<std::pair<kj::StringPtr, kj::StringPtr>> modules) {
  for (auto& module: modules) add(module.first, module.second);
}

void MemoryModuleSource::add(kj::StringPtr path, kj::StringPtr source) {
  modules.upsert(kj::heapString(path), kj::heapString(source),
                 [](kj::String& existing, kj::String&& replacement) {
                   existing = kj::mv(replacement);
                 });
}

kj::Maybe<kj::String> MemoryModuleSource::read(kj::StringPtr path) {
  KJ_IF_MAYBE(source, modules.find(path)) return kj::heapString(*source);
  return nullptr;
}

}  // namespace shoal
