#include "runtime/utf8.h"

namespace shoal {

bool isValidUtf8(kj::ArrayPtr<const kj::byte> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    kj::byte b = bytes[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    kj::byte low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
    if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2;
      if (b == 0xE0) low = 0xA0;
      if (b == 0xED) high = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
      if (b == 0xF0) low = 0x90;
      if (b == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + extra >= bytes.size()) return false;  // truncated sequence
    if (bytes[i + 1] < low || bytes[i + 1] > high) return false;
    for (size_t k = 2; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace shoal
