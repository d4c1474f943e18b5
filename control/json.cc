#include "control/json.h"

#include <kj/debug.h>

namespace shoal {

namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at `text[at]` as a number, or -1.
int32_t hex4(kj::ArrayPtr<const char> text, size_t at) {
  if (at + 4 > text.size()) return -1;
  int32_t value = 0;
  for (size_t i = at; i < at + 4; ++i) {
    int digit = hexDigit(text[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

void appendUtf8(kj::Vector<char>& out, uint32_t c) {
  if (c < 0x800) {
    out.add(char(0xc0 | c >> 6));
  } else if (c < 0x10000) {
    out.add(char(0xe0 | c >> 12));
    out.add(char(0x80 | (c >> 6 & 0x3f)));
  } else {
    out.add(char(0xf0 | c >> 18));
    out.add(char(0x80 | (c >> 12 & 0x3f)));
    out.add(char(0x80 | (c >> 6 & 0x3f)));
  }
  out.add(char(0x80 | (c & 0x3f)));
}

// Cap'n Proto 0.9's JSON decoder turns \u escapes of non-ASCII characters into the wrong
// bytes ("\u00df" into "5"), and JSON writers that escape everything (Python's json, by
// default) are common: those escapes become the UTF-8 they stand for first. ASCII escapes
// (\u0022 among them) are left for the decoder, which reads them right.
kj::Array<char> decodeNonAsciiEscapes(kj::ArrayPtr<const char> text) {
  kj::Vector<char> out(text.size());
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!inString) {
      if (c == '"') inString = true;
      out.add(c);
      continue;
    }
    if (c == '"') {
      inString = false;
      out.add(c);
      continue;
    }
    if (c != '\\' || i + 1 >= text.size()) {
      out.add(c);
      continue;
    }
    int32_t unit = text[i + 1] == 'u' ? hex4(text, i + 2) : -1;
    if (unit < 0x80) {  // not a \u escape, or an ASCII one
      out.add(c);
      out.add(text[++i]);
      continue;
    }
    uint32_t codePoint = unit;
    size_t length = 6;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 12 <= text.size() && text[i + 6] == '\\' &&
        text[i + 7] == 'u') {
      int32_t low = hex4(text, i + 8);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        length = 12;
      }
    }
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;  // a lone surrogate
    appendUtf8(out, codePoint);
    i += length - 1;
  }
  return out.releaseAsArray();
}

}  // namespace

capnp::JsonValue::Reader parseJson(kj::ArrayPtr<const char> text,
                                   capnp::MallocMessageBuilder& message) {
  auto root = message.initRoot<capnp::JsonValue>();
  capnp::JsonCodec codec;
  auto decoded = decodeNonAsciiEscapes(text);
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { codec.decodeRaw(decoded, root); })) {
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
