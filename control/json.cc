#include "control/json.h"

#include <kj/debug.h>

namespace shoal {

capnp::JsonValue::Reader parseJson(kj::ArrayPtr<const char> text,
                                   capnp::MallocMessageBuilder& message) {
  auto root = message.initRoot<capnp::JsonValue>();
  capnp::JsonCodec codec;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { codec.decodeRaw(text, root); })) {
    kj::throwFatalException(kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                                          kj::str("invalid JSON: ",
                                                  exception->getDescription())));
  }
  return root.asReader();
}

kj::Maybe<capnp::JsonValue::Reader> jsonField(capnp::JsonValue::Reader object,
                                              kj::StringPtr name) {
  if (!object.isObject()) return nullptr;
  for (auto field: object.getObject()) {
    if (field.getName() == name) return field.getValue();
  }
  return nullptr;
}

kj::Maybe<kj::StringPtr> jsonString(capnp::JsonValue::Reader value) {
  if (!value.isString()) return nullptr;
  return value.getString();
}

kj::String jsonQuote(kj::StringPtr text) {
  kj::Vector<char> out(text.size() + 2);
  out.add('"');
  for (char c: text) {
    switch (c) {
      case '"': out.addAll(kj::StringPtr("\\\"")); break;
      case '\\': out.addAll(kj::StringPtr("\\\\")); break;
      case '\n': out.addAll(kj::StringPtr("\\n")); break;
      case '\r': out.addAll(kj::StringPtr("\\r")); break;
      case '\t': out.addAll(kj::StringPtr("\\t")); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const char* hex = "0123456789abcdef";
          out.addAll(kj::StringPtr("\\u00"));
          out.add(hex[c >> 4]);
          out.add(hex[c & 15]);
        } else {
          out.add(c);
        }
    }
  }
  out.add('"');
  out.add('\0');
  return kj::String(out.releaseAsArray());
}

}  // namespace shoal
