// Compiled without RTTI: it subclasses V8 classes, and libnode has none.
#include "runtime/bootstrap-source.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <kj/debug.h>

#include "runtime/bootstrap-js.h"

namespace shoal {

namespace {

// Both kinds live for the life of the process and are shared by every string made from
// them, in every isolate: V8 must not delete them when one isolate's string dies.
class StaticOneByteSource final : public v8::String::ExternalOneByteStringResource {
 public:
  StaticOneByteSource(const char* text, size_t size) : text(text), size(size) {}
  const char* data() const override { return text; }
  size_t length() const override { return size; }

 protected:
  void Dispose() override {}

 private:
  const char* text;
  size_t size;
};

class StaticTwoByteSource final : public v8::String::ExternalStringResource {
 public:
  explicit StaticTwoByteSource(std::u16string text) : text(std::move(text)) {}
  const uint16_t* data() const override { return reinterpret_cast<const uint16_t*>(text.data()); }
  size_t length() const override { return text.size(); }

 protected:
  void Dispose() override {}

 private:
  std::u16string text;
};

// Our own files, so well-formed UTF-8 (runtime/js/README.md); decoding stops at the first
// malformed byte, which fails the bootstrap loudly instead of running altered code.
std::u16string utf16Of(const char* utf8, size_t size) {
  std::u16string out;
  out.reserve(size);
  auto bytes = reinterpret_cast<const unsigned char*>(utf8);
  for (size_t i = 0; i < size;) {
    unsigned char lead = bytes[i];
    size_t extra = lead < 0x80 ? 0 : lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 4;
    KJ_ASSERT(extra < 4 && i + extra < size, "bootstrap source is not UTF-8", i);
    char32_t code = extra == 0 ? lead : lead & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      KJ_ASSERT((bytes[i + k] & 0xC0) == 0x80, "bootstrap source is not UTF-8", i);
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      out.push_back(char16_t(0xD800 + (code >> 10)));
      out.push_back(char16_t(0xDC00 + (code & 0x3FF)));
    } else {
      out.push_back(char16_t(code));
    }
    i += extra + 1;
  }
  return out;
}

struct Sources {
  std::vector<std::unique_ptr<StaticOneByteSource>> oneByte;  // nullptr where two-byte
  std::vector<std::unique_ptr<StaticTwoByteSource>> twoByte;  // nullptr where one-byte

  Sources() {
    for (size_t i = 0; i < BOOTSTRAP_FILE_COUNT; ++i) {
      const char* text = BOOTSTRAP_FILES[i].source;
      size_t size = strlen(text);
      bool ascii = true;
      for (size_t k = 0; k < size && ascii; ++k) ascii = static_cast<unsigned char>(text[k]) < 0x80;
      if (ascii) {
        oneByte.push_back(std::make_unique<StaticOneByteSource>(text, size));
        twoByte.push_back(nullptr);
      } else {
        oneByte.push_back(nullptr);
        twoByte.push_back(std::make_unique<StaticTwoByteSource>(utf16Of(text, size)));
      }
    }
  }
};

const Sources& sources() {
  static const Sources made;  // made once, immutable after: safe from any thread
  return made;
}

}  // namespace

v8::Local<v8::String> bootstrapSource(v8::Isolate* isolate, size_t fileIndex) {
  auto& all = sources();
  KJ_REQUIRE(fileIndex < BOOTSTRAP_FILE_COUNT);
  if (auto* oneByte = all.oneByte[fileIndex].get()) {
    return v8::String::NewExternalOneByte(isolate, oneByte).ToLocalChecked();
  }
  return v8::String::NewExternalTwoByte(isolate, all.twoByte[fileIndex].get()).ToLocalChecked();
}

size_t bootstrapSourceBytes() {
  size_t bytes = 0;
  for (auto& oneByte : sources().oneByte) bytes += oneByte ? oneByte->length() : 0;
  for (auto& twoByte : sources().twoByte) bytes += twoByte ? twoByte->length() * 2 : 0;
  return bytes;
}

void appendBootstrapSourceReferences(kj::Vector<intptr_t>& table) {
  for (auto& oneByte : sources().oneByte) {
    if (oneByte) table.add(reinterpret_cast<intptr_t>(oneByte.get()));
  }
  for (auto& twoByte : sources().twoByte) {
    if (twoByte) table.add(reinterpret_cast<intptr_t>(twoByte.get()));
  }
}

}  // namespace shoal
