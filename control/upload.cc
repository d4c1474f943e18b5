#include "control/upload.h"

#include <string>
#include <string_view>

#include <kj/debug.h>

#include "control/cron.h"
#include "control/json.h"
#include "control/outbound-policy.h"
#include "runtime/utf8.h"

namespace shoal {

namespace {

[[noreturn]] void reject(kj::String message) {
  kj::throwFatalException(
      kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(message)));
}

kj::String utf8Text(kj::ArrayPtr<const kj::byte> bytes, kj::StringPtr what) {
  if (!isValidUtf8(bytes)) reject(kj::str(what, " is not valid UTF-8"));
  return kj::heapString(bytes.asChars());
}

// A module path as stored: relative, "/"-separated, no "." or ".." segments.
kj::String checkedPath(kj::StringPtr path) {
  if (!isValidUtf8(path.asBytes())) reject(kj::str("a module path is not valid UTF-8"));
  if (path.size() == 0 || path.size() > 255) reject(kj::str("module path '", path, "' is empty or too long"));
  if (path.startsWith("/") || path.findFirst('\\') != nullptr) {
    reject(kj::str("module path '", path, "' must be relative, with '/' between folders"));
  }
  for (kj::StringPtr rest = path;;) {
    size_t end = rest.size();
    KJ_IF_MAYBE(slash, rest.findFirst('/')) end = *slash;
    auto segment = kj::heapString(rest.slice(0, end));
    if (segment == "" || segment == "." || segment == "..") {
      reject(kj::str("module path '", path, "' may not contain empty, '.' or '..' segments"));
    }
    if (end == rest.size()) break;
    rest = rest.slice(end + 1);
  }
  return kj::heapString(path);
}

// The parameter `name` of a header value like `multipart/form-data; boundary=xyz`.
kj::Maybe<kj::String> headerParameter(kj::StringPtr value, kj::StringPtr name) {
  auto key = kj::str(name, "=");
  for (kj::StringPtr rest = value;;) {
    KJ_IF_MAYBE(semicolon, rest.findFirst(';')) {
      rest = rest.slice(*semicolon + 1);
      while (rest.startsWith(" ")) rest = rest.slice(1);
      if (rest.startsWith(key)) {
        auto raw = rest.slice(key.size());
        size_t end = raw.size();
        KJ_IF_MAYBE(next, raw.findFirst(';')) end = *next;
        auto text = kj::heapString(raw.slice(0, end));
        if (text.size() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
          return kj::heapString(text.slice(1, text.size() - 1));
        }
        return kj::mv(text);
      }
    } else {
      return nullptr;
    }
  }
}

void readMetadata(capnp::JsonValue::Reader root, Upload& upload, bool modulesAllowed) {
  if (!root.isObject()) reject(kj::str("the manifest must be a JSON object"));
  KJ_IF_MAYBE(main, jsonField(root, "main_module")) {
    KJ_IF_MAYBE(text, jsonString(*main)) {
      upload.mainModule = checkedPath(*text);
    } else {
      reject(kj::str("\"main_module\" must be a string"));
    }
  }
  KJ_IF_MAYBE(date, jsonField(root, "compatibility_date")) {
    KJ_IF_MAYBE(text, jsonString(*date)) {
      upload.compatibilityDate = kj::heapString(*text);
    } else {
      reject(kj::str("\"compatibility_date\" must be a string like \"2024-09-23\""));
    }
  }
  for (auto kind: {"vars", "secrets"}) {
    KJ_IF_MAYBE(object, jsonField(root, kind)) {
      if (!object->isObject()) reject(kj::str("\"", kind, "\" must be an object of strings"));
      for (auto field: object->getObject()) {
        KJ_IF_MAYBE(text, jsonString(field.getValue())) {
          upload.vars.add(VarBinding{kj::str(field.getName()), kj::heapString(*text),
                                     kj::StringPtr(kind) == "secrets"});
        } else {
          reject(kj::str("\"", kind, ".", field.getName(), "\" must be a string"));
        }
      }
    }
  }
  KJ_IF_MAYBE(sessions, jsonField(root, "sessions")) {
    if (!sessions->isObject()) {
      reject(kj::str("\"sessions\" must be an object: binding -> exported class name"));
    }
    for (auto field: sessions->getObject()) {
      KJ_IF_MAYBE(className, jsonString(field.getValue())) {
        upload.sessions.add(
            SessionClassBinding{kj::str(field.getName()), kj::heapString(*className)});
      } else {
        reject(kj::str("\"sessions.", field.getName(), "\" must name an exported class"));
      }
    }
  }
  KJ_IF_MAYBE(limits, jsonField(root, "limits")) {
    if (!limits->isObject()) reject(kj::str("\"limits\" must be an object"));
    auto number = [&](kj::StringPtr name, uint32_t low, uint32_t high) -> uint32_t {
      KJ_IF_MAYBE(value, jsonField(*limits, name)) {
        if (!value->isNumber() || value->getNumber() < low || value->getNumber() > high ||
            value->getNumber() != uint32_t(value->getNumber())) {
          reject(kj::str("\"limits.", name, "\" must be a whole number from ", low, " to ", high));
        }
        return uint32_t(value->getNumber());
      }
      return 0;
    };
    upload.limits.cpuMs = number("cpu_ms", 1, MAX_CPU_MS);
    upload.limits.memoryMib = number("memory_mib", MIN_MEMORY_MIB, MAX_MEMORY_MIB);
    upload.limits.subrequests = number("subrequests", 1, MAX_SUBREQUESTS);
    upload.limits.wallMs = number("wall_ms", 1, MAX_WALL_MS);
    upload.limits.startupCpuMs = number("startup_cpu_ms", 1, MAX_STARTUP_CPU_MS);
    upload.limits.timers = number("timers", 1, MAX_TIMERS);
    upload.limits.consoleKib = number("console_kib", 1, MAX_CONSOLE_KIB);
    upload.limits.concurrency = number("concurrency", 1, MAX_CONCURRENCY);
  }
  KJ_IF_MAYBE(services, jsonField(root, "services")) {
    if (!services->isObject()) {
      reject(kj::str("\"services\" must be an object: binding -> worker name"));
    }
    for (auto field: services->getObject()) {
      KJ_IF_MAYBE(service, jsonString(field.getValue())) {
        if (service->size() == 0) {
          reject(kj::str("\"services.", field.getName(), "\" must name a worker"));
        }
        upload.services.add(ServiceBinding{kj::str(field.getName()), kj::heapString(*service)});
      } else {
        reject(kj::str("\"services.", field.getName(), "\" must name a worker"));
      }
    }
  }
  KJ_IF_MAYBE(loaders, jsonField(root, "loaders")) {
    auto shape = "\"loaders\" must be an array of binding names, like [\"LOADER\"]";
    if (!loaders->isArray()) reject(kj::str(shape));
    for (auto entry: loaders->getArray()) {
      KJ_IF_MAYBE(name, jsonString(entry)) {
        if (name->size() == 0) reject(kj::str(shape));
        upload.loaders.add(kj::heapString(*name));
      } else {
        reject(kj::str(shape));
      }
    }
  }
  KJ_IF_MAYBE(outbound, jsonField(root, "outbound")) {
    auto shape = "\"outbound\" must be an object like {\"allow\": [\"api.example.com\"]}";
    if (!outbound->isObject()) reject(kj::str(shape));
    KJ_IF_MAYBE(allow, jsonField(*outbound, "allow")) {
      if (!allow->isArray()) reject(kj::str(shape));
      for (auto entry: allow->getArray()) {
        KJ_IF_MAYBE(text, jsonString(entry)) {
          KJ_IF_MAYBE(problem, checkAllowEntry(*text)) reject(kj::mv(*problem));
          upload.outboundAllow.add(kj::heapString(*text));
        } else {
          reject(kj::str(shape));
        }
      }
    }
  }
  KJ_IF_MAYBE(triggers, jsonField(root, "triggers")) {
    auto shape = "\"triggers\" must be an object like {\"crons\": [\"*/15 * * * *\"]}";
    if (!triggers->isObject()) reject(kj::str(shape));
    KJ_IF_MAYBE(crons, jsonField(*triggers, "crons")) {
      if (!crons->isArray()) reject(kj::str(shape));
      for (auto entry: crons->getArray()) {
        KJ_IF_MAYBE(text, jsonString(entry)) {
          auto parsed = parseCron(*text);
          if (parsed.is<kj::String>()) reject(kj::mv(parsed.get<kj::String>()));
          upload.crons.add(kj::heapString(*text));
        } else {
          reject(kj::str(shape));
        }
      }
      if (upload.crons.size() > MAX_CRON_TRIGGERS) {
        reject(kj::str("a worker may have at most ", MAX_CRON_TRIGGERS, " cron triggers"));
      }
    }
  }
  // One name, one binding: env.X cannot be both a var and a service.
  kj::Vector<kj::StringPtr> names;
  for (auto& var: upload.vars) names.add(var.name);
  for (auto& session: upload.sessions) names.add(session.binding);
  for (auto& service: upload.services) names.add(service.binding);
  for (auto& loader: upload.loaders) names.add(loader);
  for (auto i: kj::indices(names)) {
    for (size_t j = i + 1; j < names.size(); ++j) {
      if (names[i] == names[j]) reject(kj::str("env.", names[i], " is bound twice"));
    }
  }
  KJ_IF_MAYBE(modules, jsonField(root, "modules")) {
    if (!modulesAllowed) reject(kj::str("\"modules\" belongs in the upload's other parts"));
    if (!modules->isObject()) reject(kj::str("\"modules\" must be an object: path -> source"));
    for (auto field: modules->getObject()) {
      KJ_IF_MAYBE(text, jsonString(field.getValue())) {
        upload.modules.add(ModuleFile{checkedPath(field.getName()), kj::heapString(*text)});
      } else {
        reject(kj::str("module '", field.getName(), "' must be a string of JavaScript"));
      }
    }
  }
}

void parseMultipart(kj::StringPtr contentType, kj::ArrayPtr<const kj::byte> body,
                    Upload& upload) {
  kj::String boundary;
  KJ_IF_MAYBE(parameter, headerParameter(contentType, "boundary")) {
    boundary = kj::str("--", *parameter);
  } else {
    reject(kj::str("multipart upload without a boundary"));
  }
  // By size, not cStr(): a boundary may hold a NUL byte (found by tests/fuzz/upload).
  std::string_view boundaryText(boundary.begin(), boundary.size());
  std::string_view all(body.asChars().begin(), body.size());
  size_t at = all.find(boundaryText);
  if (at == std::string_view::npos) reject(kj::str("multipart upload has no parts"));
  for (;;) {
    at += boundary.size();
    if (all.substr(at, 2) == "--") break;  // closing boundary
    if (all.substr(at, 2) != "\r\n") reject(kj::str("malformed multipart upload"));
    at += 2;
    size_t headersEnd = all.find("\r\n\r\n", at);
    if (headersEnd == std::string_view::npos) reject(kj::str("malformed multipart part"));
    auto headers = kj::str(kj::arrayPtr(all.data() + at, headersEnd - at));
    size_t next = all.find("\r\n" + std::string(boundaryText), headersEnd + 4);
    if (next == std::string_view::npos) reject(kj::str("multipart upload is truncated"));
    auto content = body.slice(headersEnd + 4, next);
    at = next + 2;

    kj::Maybe<kj::String> name;
    kj::Maybe<kj::String> filename;
    for (kj::StringPtr rest = headers;;) {
      size_t end = rest.size();
      KJ_IF_MAYBE(newline, rest.findFirst('\n')) end = *newline;
      auto line = kj::heapString(rest.slice(0, end > 0 && rest[end - 1] == '\r' ? end - 1 : end));
      auto lower = kj::heapString(line);
      for (auto& c: lower) c = tolower(c);
      if (lower.startsWith("content-disposition:")) {
        name = headerParameter(line, "name");
        filename = headerParameter(line, "filename");
      }
      if (end == rest.size()) break;
      rest = rest.slice(end + 1);
    }
    kj::String partName;
    KJ_IF_MAYBE(n, name) {
      partName = kj::mv(*n);
    } else {
      reject(kj::str("a multipart part has no name"));
    }
    if (partName == "metadata" && filename == nullptr) {
      capnp::MallocMessageBuilder message;
      readMetadata(parseJson(utf8Text(content, "the metadata part").asArray(), message), upload,
                   false);
    } else {
      // A module: its filename is its path (a part without one is named by the part).
      kj::String path = kj::mv(partName);
      KJ_IF_MAYBE(f, filename) path = kj::mv(*f);
      upload.modules.add(
          ModuleFile{checkedPath(path), utf8Text(content, kj::str("module ", path))});
    }
  }
}

}  // namespace

void readManifest(kj::StringPtr json, Upload& upload) {
  capnp::MallocMessageBuilder message;
  readMetadata(parseJson(json.asArray(), message), upload, false);
}

Upload parseUpload(kj::StringPtr contentType, kj::ArrayPtr<const kj::byte> body) {
  if (body.size() == 0) reject(kj::str("the upload is empty: send the worker's code"));
  if (body.size() > MAX_UPLOAD_BYTES) {
    reject(kj::str("the upload is larger than ", MAX_UPLOAD_BYTES >> 20, " MiB"));
  }
  auto type = kj::heapString(contentType);
  for (auto& c: type) c = tolower(c);
  Upload upload;
  if (type.startsWith("application/json")) {
    capnp::MallocMessageBuilder message;
    readMetadata(parseJson(utf8Text(body, "the upload").asArray(), message), upload, true);
  } else if (type.startsWith("multipart/form-data")) {
    parseMultipart(contentType, body, upload);
  } else {
    upload.modules.add(ModuleFile{kj::str("worker.js"), utf8Text(body, "the upload")});
  }

  if (upload.modules.empty()) reject(kj::str("the upload has no modules"));
  for (size_t i = 0; i < upload.modules.size(); ++i) {
    for (size_t j = i + 1; j < upload.modules.size(); ++j) {
      if (upload.modules[i].path == upload.modules[j].path) {
        reject(kj::str("module '", upload.modules[i].path, "' appears twice"));
      }
    }
  }
  auto has = [&](kj::StringPtr path) {
    for (auto& module: upload.modules) {
      if (module.path == path) return true;
    }
    return false;
  };
  if (upload.mainModule == nullptr) {
    if (upload.modules.size() == 1) {
      upload.mainModule = kj::heapString(upload.modules[0].path);
    } else {
      for (auto candidate: DEFAULT_MAIN_MODULES) {
        if (has(candidate)) {
          upload.mainModule = kj::str(candidate);
          break;
        }
      }
    }
    if (upload.mainModule == nullptr) {
      reject(kj::str("the upload does not say which module is the main one: "
                     "set \"main_module\" in its metadata"));
    }
  } else if (!has(upload.mainModule)) {
    reject(kj::str("the main module '", upload.mainModule, "' is not in the upload"));
  }
  return upload;
}

}  // namespace shoal
