#include "control/routing.h"

#include <cctype>

namespace shoal {

kj::Maybe<kj::String> workerFromHost(kj::StringPtr host) {
  // Two Host headers arrive joined by ", " (KJ merges them); a Host with a comma or
  // white space names no one worker, so it names none.
  for (char c: host) {
    if (c == ',' || c == ' ' || c == '\t') return nullptr;
  }
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
