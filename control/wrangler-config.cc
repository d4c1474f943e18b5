#include "control/wrangler-config.h"

#include <capnp/compat/json.h>
#include <kj/debug.h>
#include <kj/filesystem.h>
#include <sys/stat.h>

#include <string>
#include <utility>
#include <vector>

#include "control/json.h"

namespace shoal {

namespace {

// "FILE:LINE: message", or "FILE: message" when `line` is 0.
[[noreturn]] void malformed(kj::StringPtr file, unsigned line, kj::StringPtr message) {
  auto where = line > 0 ? kj::str(file, ":", line) : kj::str(file);
  kj::throwFatalException(kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                                        kj::str(where, ": ", message)));
}

// ---------------------------------------------------------------------------------------
// TOML

// A parsed TOML value: a scalar already written as JSON, an array, or a table whose
// members keep the file's order.
struct Node {
  enum Kind { SCALAR, ARRAY, TABLE } kind = TABLE;
  std::string json;                                   // SCALAR
  std::vector<Node> items;                            // ARRAY
  std::vector<std::pair<std::string, Node>> members;  // TABLE
  bool inlineOrValue = false;  // an inline table or a key's value: closed to later [headers]
  bool arrayOfTables = false;  // made by [[header]]

  Node* find(const std::string& key) {
    for (auto& member : members) {
      if (member.first == key) return &member.second;
    }
    return nullptr;
  }

  void writeJson(std::string& out) const {
    switch (kind) {
      case SCALAR:
        out += json;
        break;
      case ARRAY:
        out += '[';
        for (size_t i = 0; i < items.size(); ++i) {
          if (i > 0) out += ',';
          items[i].writeJson(out);
        }
        out += ']';
        break;
      case TABLE:
        out += '{';
        for (size_t i = 0; i < members.size(); ++i) {
          if (i > 0) out += ',';
          out += jsonQuote(members[i].first.c_str()).cStr();
          out += ':';
          members[i].second.writeJson(out);
        }
        out += '}';
        break;
    }
  }
};

class TomlParser {
 public:
  TomlParser(kj::StringPtr file, kj::StringPtr text) : file(file), text(text.cStr(), text.size()) {}

  Node parse() {
    Node root;
    Node* table = &root;
    for (;;) {
      skipBlankLines();
      if (at >= text.size()) break;
      if (text[at] == '[') {
        bool array = at + 1 < text.size() && text[at + 1] == '[';
        at += array ? 2 : 1;
        auto path = parseKey();
        expect(array ? "]]" : "]");
        table = openTable(root, path, array);
      } else {
        auto path = parseKey();
        skipSpaces();
        expect("=");
        skipSpaces();
        auto value = parseValue();
        value.inlineOrValue = true;
        define(*table, path, std::move(value));
      }
      endLine();
    }
    return root;
  }

 private:
  kj::StringPtr file;
  std::string text;
  size_t at = 0;
  unsigned line = 1;

  [[noreturn]] void fail(const std::string& message) { malformed(file, line, message.c_str()); }

  char peek() const { return at < text.size() ? text[at] : '\0'; }
  bool startsWith(const char* s) const { return text.compare(at, strlen(s), s) == 0; }

  void expect(const char* token) {
    if (!startsWith(token)) fail(std::string("expected '") + token + "'");
    at += strlen(token);
  }

  void skipSpaces() {
    while (peek() == ' ' || peek() == '\t') ++at;
  }

  void skipComment() {
    if (peek() == '#') {
      while (at < text.size() && text[at] != '\n') ++at;
    }
  }

  // Spaces, comments and newlines (between lines, and inside arrays).
  void skipBlankLines() {
    for (;;) {
      skipSpaces();
      skipComment();
      if (peek() == '\r' && at + 1 < text.size() && text[at + 1] == '\n') ++at;
      if (peek() != '\n') return;
      ++at;
      ++line;
    }
  }

  void endLine() {
    skipSpaces();
    skipComment();
    if (peek() == '\r') ++at;
    if (at < text.size() && peek() != '\n') fail("expected the end of the line");
  }

  static bool isBare(char c) {
    return isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  }

  std::vector<std::string> parseKey() {
    std::vector<std::string> path;
    for (;;) {
      skipSpaces();
      if (peek() == '"' || peek() == '\'') {
        if (startsWith("\"\"\"") || startsWith("'''")) fail("a key cannot be a multi-line string");
        path.push_back(parseString());
      } else {
        size_t start = at;
        while (isBare(peek())) ++at;
        if (at == start) fail("expected a key");
        path.push_back(text.substr(start, at - start));
      }
      skipSpaces();
      if (peek() != '.') return path;
      ++at;
    }
  }

  Node* openTable(Node& root, const std::vector<std::string>& path, bool array) {
    Node* node = &root;
    for (size_t i = 0; i < path.size(); ++i) {
      bool last = i + 1 == path.size();
      Node* child = node->find(path[i]);
      if (child == nullptr) {
        Node fresh;
        if (last && array) {
          fresh.kind = Node::ARRAY;
          fresh.arrayOfTables = true;
        }
        node->members.emplace_back(path[i], std::move(fresh));
        child = &node->members.back().second;
      } else if (last && !array && child->kind == Node::TABLE && !child->inlineOrValue) {
        // [a.b] after [a.b.c] defined it implicitly: fine (a true redefinition is rare and
        // harmless to accept here).
      } else if (child->kind == Node::ARRAY && child->arrayOfTables) {
        if (last && !array) fail("[" + path[i] + "] is an array of tables, not a table");
      } else if (child->kind != Node::TABLE || child->inlineOrValue) {
        fail("'" + path[i] + "' is already defined as a value");
      }
      if (child->kind == Node::ARRAY) {
        if (last) child->items.emplace_back();
        node = &child->items.back();
      } else {
        node = child;
      }
    }
    return node;
  }

  void define(Node& table, const std::vector<std::string>& path, Node value) {
    Node* node = &table;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      Node* child = node->find(path[i]);
      if (child == nullptr) {
        node->members.emplace_back(path[i], Node());
        child = &node->members.back().second;
      } else if (child->kind != Node::TABLE) {
        fail("'" + path[i] + "' is already defined as a value");
      }
      node = child;
    }
    if (node->find(path.back()) != nullptr) fail("'" + path.back() + "' is defined twice");
    node->members.emplace_back(path.back(), std::move(value));
  }

  Node scalar(std::string json) {
    Node node;
    node.kind = Node::SCALAR;
    node.json = std::move(json);
    return node;
  }

  Node parseValue() {
    char c = peek();
    if (c == '"' || c == '\'') return scalar(jsonQuote(parseString().c_str()).cStr());
    if (c == '[') return parseArray();
    if (c == '{') return parseInlineTable();
    size_t start = at;
    while (at < text.size() && text[at] != ',' && text[at] != ']' && text[at] != '}' &&
           text[at] != '#' && text[at] != '\n' && text[at] != '\r') {
      ++at;
    }
    std::string token = text.substr(start, at - start);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
    if (token == "true" || token == "false") return scalar(token);
    if (token.empty()) fail("expected a value");
    // A date or time (1979-05-27, 07:32:00, 1979-05-27T07:32:00Z): kept as its text.
    if (token.size() >= 5 && isdigit(static_cast<unsigned char>(token[0])) &&
        (token.find('-', 1) != std::string::npos || token.find(':') != std::string::npos) &&
        token.find_first_not_of("0123456789-:.TZtz+ ") == std::string::npos) {
      return scalar(jsonQuote(token.c_str()).cStr());
    }
    return scalar(number(token));
  }

  std::string number(std::string token) {
    std::string digits;
    for (char c : token) {
      if (c != '_') digits += c;
    }
    int base = 10;
    size_t skip = 0;
    if (digits.size() > 2 && digits[0] == '0' && strchr("xob", digits[1]) != nullptr) {
      base = digits[1] == 'x' ? 16 : digits[1] == 'o' ? 8 : 2;
      skip = 2;
    }
    if (base != 10) {
      char* end = nullptr;
      auto value = strtoull(digits.c_str() + skip, &end, base);
      if (*end != '\0') fail("'" + token + "' is not a number");
      return std::to_string(value);
    }
    char* end = nullptr;
    strtod(digits.c_str(), &end);
    if (digits.empty() || *end != '\0' || digits.find_first_of("in") != std::string::npos) {
      fail("'" + token + "' is not a value (strings need quotes)");
    }
    return digits[0] == '+' ? digits.substr(1) : digits;
  }

  Node parseArray() {
    Node array;
    array.kind = Node::ARRAY;
    ++at;  // [
    for (;;) {
      skipBlankLines();
      if (peek() == ']') break;
      array.items.push_back(parseValue());
      skipBlankLines();
      if (peek() == ',') {
        ++at;
        continue;
      }
      if (peek() != ']') fail("expected ',' or ']' in an array");
    }
    ++at;
    return array;
  }

  Node parseInlineTable() {
    Node table;
    table.inlineOrValue = true;
    ++at;  // {
    skipSpaces();
    if (peek() == '}') {
      ++at;
      return table;
    }
    for (;;) {
      auto path = parseKey();
      skipSpaces();
      expect("=");
      skipSpaces();
      auto value = parseValue();
      value.inlineOrValue = true;
      define(table, path, std::move(value));
      skipSpaces();
      if (peek() == ',') {
        ++at;
        continue;
      }
      expect("}");
      return table;
    }
  }

  // Any of TOML's four string forms, decoded to UTF-8.
  std::string parseString() {
    bool literal = peek() == '\'';
    bool multiLine = startsWith(literal ? "'''" : "\"\"\"");
    at += multiLine ? 3 : 1;
    if (multiLine) {
      // A newline right after the opening quotes is not part of the string.
      if (peek() == '\r') ++at;
      if (peek() == '\n') {
        ++at;
        ++line;
      }
    }
    std::string out;
    const char* close = literal ? (multiLine ? "'''" : "'") : (multiLine ? "\"\"\"" : "\"");
    for (;;) {
      if (at >= text.size()) fail("a string is not closed");
      if (startsWith(close)) {
        at += strlen(close);
        return out;
      }
      char c = text[at++];
      if (c == '\n') {
        if (!multiLine) fail("a string is not closed on its line");
        ++line;
      }
      if (c != '\\' || literal) {
        out += c;
        continue;
      }
      char e = peek();
      ++at;
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
        case 'U':
          out += codePoint(e == 'u' ? 4 : 8);
          break;
        default:
          if (multiLine && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
            // A line-ending backslash trims the whitespace that follows.
            --at;
            while (at < text.size() && isspace(static_cast<unsigned char>(text[at]))) {
              if (text[at] == '\n') ++line;
              ++at;
            }
          } else {
            fail(std::string("unknown escape \\") + e);
          }
      }
    }
  }

  std::string codePoint(int digits) {
    if (at + digits > text.size()) fail("a \\u escape needs hex digits");
    char* end = nullptr;
    std::string hex = text.substr(at, digits);
    unsigned long value = strtoul(hex.c_str(), &end, 16);
    if (*end != '\0' || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      fail("'\\u" + hex + "' is not a Unicode scalar value");
    }
    at += digits;
    std::string out;
    if (value < 0x80) {
      out += char(value);
    } else if (value < 0x800) {
      out += char(0xc0 | value >> 6);
      out += char(0x80 | (value & 0x3f));
    } else if (value < 0x10000) {
      out += char(0xe0 | value >> 12);
      out += char(0x80 | (value >> 6 & 0x3f));
      out += char(0x80 | (value & 0x3f));
    } else {
      out += char(0xf0 | value >> 18);
      out += char(0x80 | (value >> 12 & 0x3f));
      out += char(0x80 | (value >> 6 & 0x3f));
      out += char(0x80 | (value & 0x3f));
    }
    return out;
  }
};

// ---------------------------------------------------------------------------------------
// Translation

// The keys a Wrangler file may have that shoal honours (the rest are warned about).
// (`migrations` needs nothing: a session class needs no migration to be created or renamed.)
constexpr const char* HONOURED[] = {
    "name",     "main",   "compatibility_date", "vars",           "services", "durable_objects",
    "triggers", "limits", "migrations",         "worker_loaders", "$schema"};

kj::String encode(capnp::JsonValue::Reader value) {
  capnp::JsonCodec codec;
  return codec.encodeRaw(value);
}

bool exists(kj::StringPtr path) {
  struct stat info;
  return stat(path.cStr(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

kj::String tomlToJson(kj::StringPtr configFile, kj::StringPtr text) {
  auto root = TomlParser(configFile, text).parse();
  std::string out;
  root.writeJson(out);
  return kj::str(out.c_str());
}

kj::String jsoncToJson(kj::StringPtr text) {
  kj::Vector<char> out;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      out.add(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.add(text[++i]);
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
      out.add(c);
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      out.add('\n');
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i += 2;
      while (i + 1 < text.size() && !(text[i] == '*' && text[i + 1] == '/')) ++i;
      ++i;
      out.add(' ');
    } else if (c == ']' || c == '}') {
      // A trailing comma before the close is dropped.
      size_t back = out.size();
      while (back > 0 && isspace(static_cast<unsigned char>(out[back - 1]))) --back;
      if (back > 0 && out[back - 1] == ',') out[back - 1] = ' ';
      out.add(c);
    } else {
      out.add(c);
    }
  }
  out.add('\0');
  return kj::heapString(out.begin(), out.size() - 1);
}

WranglerProject translateWranglerConfig(kj::StringPtr configFile, kj::StringPtr text) {
  WranglerProject project;
  project.configFile = kj::str(configFile);
  auto json = configFile.endsWith(".toml") ? tomlToJson(configFile, text) : jsoncToJson(text);
  capnp::MallocMessageBuilder message;
  capnp::JsonValue::Reader root;
  KJ_IF_MAYBE (exception,
               kj::runCatchingExceptions([&]() { root = parseJson(json.asArray(), message); })) {
    malformed(configFile, 0, exception->getDescription());
  }
  if (!root.isObject()) malformed(configFile, 0, "the configuration must be an object");
  auto fail = [&](kj::StringPtr message) { malformed(configFile, 0, message); };
  auto warn = [&](kj::String message) { project.warnings.add(kj::str(configFile, ": ", message)); };

  kj::Vector<kj::String> members;
  for (auto field : root.getObject()) {
    auto key = field.getName();
    bool honoured = false;
    for (auto known : HONOURED) honoured = honoured || key == known;
    if (!honoured) {
      warn(kj::str("`", key, "` is not supported by shoal; ignored"));
    }
  }
  KJ_IF_MAYBE (name, jsonField(root, "name")) {
    KJ_IF_MAYBE (text, jsonString(*name)) project.name = kj::heapString(*text);
  }
  KJ_IF_MAYBE (main, jsonField(root, "main")) {
    KJ_IF_MAYBE (path, jsonString(*main)) {
      kj::StringPtr rest = *path;
      while (rest.startsWith("./")) rest = rest.slice(2);
      members.add(kj::str("\"main_module\":", jsonQuote(rest)));
    } else {
      fail("main must be a string: the path of the entry module");
    }
  }
  KJ_IF_MAYBE (date, jsonField(root, "compatibility_date")) {
    members.add(kj::str("\"compatibility_date\":", encode(*date)));
  }
  KJ_IF_MAYBE (vars, jsonField(root, "vars")) {
    if (!vars->isObject()) fail("vars must be a table of names and values");
    kj::Vector<kj::String> items;
    for (auto var : vars->getObject()) {
      // Workers hands non-string vars over as JSON; shoal's env holds text, so the JSON text.
      kj::String value;
      KJ_IF_MAYBE (text, jsonString(var.getValue())) {
        value = kj::heapString(*text);
      } else {
        value = encode(var.getValue());
        warn(kj::str("vars.", var.getName(), " is not a string: env.", var.getName(),
                     " holds its JSON text"));
      }
      items.add(kj::str(jsonQuote(var.getName()), ":", jsonQuote(value)));
    }
    members.add(kj::str("\"vars\":{", kj::strArray(items, ","), "}"));
  }
  KJ_IF_MAYBE (objects, jsonField(root, "durable_objects")) {
    kj::Vector<kj::String> items;
    KJ_IF_MAYBE (bindings, jsonField(*objects, "bindings")) {
      if (!bindings->isArray()) fail("durable_objects.bindings must be an array");
      for (auto binding : bindings->getArray()) {
        kj::Maybe<kj::StringPtr> name, className;
        KJ_IF_MAYBE (field, jsonField(binding, "name")) name = jsonString(*field);
        KJ_IF_MAYBE (field, jsonField(binding, "class_name")) className = jsonString(*field);
        if (name == nullptr || className == nullptr) {
          fail("each durable_objects binding needs a name and a class_name");
        }
        if (jsonField(binding, "script_name") != nullptr) {
          warn(kj::str("durable_objects binding ", KJ_ASSERT_NONNULL(name),
                       ": script_name (a class in another worker) is not supported; the class "
                       "must be exported by this worker"));
        }
        items.add(kj::str(jsonQuote(KJ_ASSERT_NONNULL(name)), ":",
                          jsonQuote(KJ_ASSERT_NONNULL(className))));
      }
    }
    members.add(kj::str("\"sessions\":{", kj::strArray(items, ","), "}"));
  }
  KJ_IF_MAYBE (services, jsonField(root, "services")) {
    if (!services->isArray()) fail("services must be an array of {binding, service}");
    kj::Vector<kj::String> items;
    for (auto service : services->getArray()) {
      kj::Maybe<kj::StringPtr> binding, target;
      KJ_IF_MAYBE (field, jsonField(service, "binding")) binding = jsonString(*field);
      KJ_IF_MAYBE (field, jsonField(service, "service")) target = jsonString(*field);
      if (binding == nullptr || target == nullptr) {
        fail("each service needs a binding and a service");
      }
      if (jsonField(service, "environment") != nullptr) {
        warn(kj::str("service ", KJ_ASSERT_NONNULL(binding),
                     ": environment is not supported; the worker's live version is used"));
      }
      items.add(kj::str(jsonQuote(KJ_ASSERT_NONNULL(binding)), ":",
                        jsonQuote(KJ_ASSERT_NONNULL(target))));
    }
    members.add(kj::str("\"services\":{", kj::strArray(items, ","), "}"));
  }
  KJ_IF_MAYBE (loaders, jsonField(root, "worker_loaders")) {
    if (!loaders->isArray()) fail("worker_loaders must be an array of {binding}");
    kj::Vector<kj::String> items;
    for (auto loader : loaders->getArray()) {
      kj::Maybe<kj::StringPtr> binding;
      KJ_IF_MAYBE (field, jsonField(loader, "binding")) binding = jsonString(*field);
      if (binding == nullptr) fail("each worker loader needs a binding");
      items.add(jsonQuote(KJ_ASSERT_NONNULL(binding)));
    }
    members.add(kj::str("\"loaders\":[", kj::strArray(items, ","), "]"));
  }
  KJ_IF_MAYBE (triggers, jsonField(root, "triggers")) {
    KJ_IF_MAYBE (crons, jsonField(*triggers, "crons")) {
      members.add(kj::str("\"triggers\":{\"crons\":", encode(*crons), "}"));
    }
  }
  KJ_IF_MAYBE (limits, jsonField(root, "limits")) {
    KJ_IF_MAYBE (cpu, jsonField(*limits, "cpu_ms")) {
      members.add(kj::str("\"limits\":{\"cpu_ms\":", encode(*cpu), "}"));
    }
  }
  project.manifest = kj::str("{", kj::strArray(members, ","), "}");
  return project;
}

kj::Maybe<WranglerProject> readWranglerProject(kj::StringPtr folder) {
  for (auto name : {"wrangler.jsonc", "wrangler.json", "wrangler.toml"}) {
    auto path = kj::str(folder, "/", name);
    if (!exists(path)) continue;
    auto fs = kj::newDiskFilesystem();
    auto text = fs->getRoot().openFile(fs->getCurrentPath().evalNative(path))->readAllText();
    return translateWranglerConfig(name, text);
  }
  return nullptr;
}

kj::String mergeManifests(kj::StringPtr base, kj::StringPtr overrides) {
  capnp::MallocMessageBuilder baseMessage, overrideMessage;
  auto under = parseJson(base.asArray(), baseMessage);
  auto over = parseJson(overrides.asArray(), overrideMessage);
  KJ_REQUIRE(under.isObject() && over.isObject(), "a manifest must be a JSON object");
  kj::Vector<kj::String> members;
  for (auto field : under.getObject()) {
    if (jsonField(over, field.getName()) == nullptr) {
      members.add(kj::str(jsonQuote(field.getName()), ":", encode(field.getValue())));
    }
  }
  for (auto field : over.getObject()) {
    members.add(kj::str(jsonQuote(field.getName()), ":", encode(field.getValue())));
  }
  return kj::str("{", kj::strArray(members, ","), "}");
}

}  // namespace shoal
