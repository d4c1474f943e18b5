#include "runtime/source-map.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/debug.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace shoal {

namespace {

// Maps bigger than this are ignored: a worker's upload is capped far below it anyway.
constexpr size_t MAX_SEGMENTS = 4u << 20;

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// One base64 VLQ value at `text[at]`, advancing `at`; false if malformed.
bool readVlq(kj::StringPtr text, size_t& at, int64_t& value) {
  uint64_t result = 0;
  for (unsigned shift = 0; shift < 35; shift += 5) {
    if (at >= text.size()) return false;
    int digit = base64Value(text[at++]);
    if (digit < 0) return false;
    result |= uint64_t(digit & 31) << shift;
    if (!(digit & 32)) {
      value = (result & 1) ? -int64_t(result >> 1) : int64_t(result >> 1);
      return true;
    }
  }
  return false;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

kj::Maybe<SourceMap> SourceMap::parse(kj::StringPtr json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  capnp::JsonCodec codec;
  if (kj::runCatchingExceptions([&]() { codec.decodeRaw(json, root); }) != nullptr) {
    return nullptr;
  }
  if (!root.isObject()) return nullptr;
  SourceMap map;
  kj::Maybe<kj::StringPtr> mappings;
  for (auto field : root.getObject()) {
    auto value = field.getValue();
    if (field.getName() == "sources" && value.isArray()) {
      for (auto source : value.getArray()) {
        map.sourceNames.add(kj::str(source.isString() ? source.getString() : ""));
      }
    } else if (field.getName() == "mappings" && value.isString()) {
      mappings = value.getString();
    }
  }
  kj::StringPtr text;
  KJ_IF_MAYBE (m, mappings) {
    text = *m;
  } else {
    return nullptr;
  }

  int64_t source = 0, line = 0, column = 0, name = 0;
  size_t segments = 0;
  map.lines.add();
  for (size_t at = 0; at < text.size();) {
    if (text[at] == ';') {
      map.lines.add();
      ++at;
      continue;
    }
    if (text[at] == ',') {
      ++at;
      continue;
    }
    int64_t generated = 0;
    auto& segmentsOfLine = map.lines.back();
    int64_t previous = segmentsOfLine.empty() ? 0 : segmentsOfLine.back().generatedColumn;
    if (!readVlq(text, at, generated)) return nullptr;
    generated += previous;
    int64_t fields[4] = {};
    int count = 0;
    while (at < text.size() && text[at] != ',' && text[at] != ';' && count < 4) {
      if (!readVlq(text, at, fields[count++])) return nullptr;
    }
    if (count == 0) continue;  // a segment with no source
    if (count < 3) return nullptr;
    source += fields[0];
    line += fields[1];
    column += fields[2];
    if (count == 4) name += fields[3];
    if (generated < 0 || source < 0 || line < 0 || column < 0 ||
        source >= int64_t(map.sourceNames.size()) || ++segments > MAX_SEGMENTS) {
      return nullptr;
    }
    segmentsOfLine.add(
        Segment{unsigned(generated), unsigned(source), unsigned(line), unsigned(column)});
  }
  return kj::mv(map);
}

kj::Maybe<SourceMap::Position> SourceMap::lookup(unsigned line, unsigned column) const {
  if (line == 0 || line > lines.size()) return nullptr;
  auto& segments = lines[line - 1];
  // The last segment that starts at or before the column.
  auto after = std::upper_bound(
      segments.begin(), segments.end(), column - 1,
      [](unsigned value, const Segment& segment) { return value < segment.generatedColumn; });
  if (after == segments.begin()) return nullptr;
  auto& segment = *(after - 1);
  return Position{segment.source, segment.line + 1, segment.column + 1};
}

kj::String applySourceMaps(kj::ArrayPtr<const MappedModule> maps, kj::StringPtr text) {
  auto result = kj::heapString(text);
  for (auto& module : maps) {
    auto& name = module.generatedName;
    kj::Vector<char> out;
    kj::StringPtr rest = result;
    for (;;) {
      // The next "name:LINE:COL".
      const char* found = strstr(rest.cStr(), name.cStr());
      if (found == nullptr) break;
      size_t start = found - rest.begin();
      size_t at = start + name.size();
      unsigned line = 0, column = 0;
      size_t lineStart = at + 1, columnStart = 0, end = 0;
      bool matched = at < rest.size() && rest[at] == ':';
      if (matched) {
        size_t i = lineStart;
        while (i < rest.size() && isDigit(rest[i]) && i - lineStart < 9)
          line = line * 10 + (rest[i++] - '0');
        matched = i > lineStart && i < rest.size() && rest[i] == ':';
        columnStart = i + 1;
        if (matched) {
          i = columnStart;
          while (i < rest.size() && isDigit(rest[i]) && i - columnStart < 9) {
            column = column * 10 + (rest[i++] - '0');
          }
          matched = i > columnStart;
          end = i;
        }
      }
      kj::Maybe<SourceMap::Position> original;
      if (matched) original = module.map.lookup(line, column);
      KJ_IF_MAYBE (position, original) {
        out.addAll(rest.begin(), rest.begin() + start);
        kj::StringPtr source = position->source < module.sourceNames.size()
                                   ? module.sourceNames[position->source].asPtr()
                                   : "(unknown source)"_kj;
        auto replaced = kj::str(source, ":", position->line, ":", position->column);
        out.addAll(replaced.begin(), replaced.end());
        rest = rest.slice(end);
      } else {
        out.addAll(rest.begin(), rest.begin() + at);
        rest = rest.slice(at);
      }
    }
    out.addAll(rest.begin(), rest.end());
    result = kj::heapString(out.begin(), out.size());
  }
  return result;
}

}  // namespace shoal
