#include "control/routing.h"

#include <cctype>

namespace shoal {

kj::Maybe<kj::String> workerFromHost(kj::StringPtr host) {
  KJ_IF_MAYBE(dot, host.findFirst('.')) {
    if (*dot > 0) {
      auto name = kj::heapString(host.slice(0, *dot));
      for (auto& c: name) c = tolower(static_cast<unsigned char>(c));  // a negative char is UB
      return kj::mv(name);
    }
  }
  return nullptr;
}

}  // namespace shoal
