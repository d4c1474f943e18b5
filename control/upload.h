// Parsing a worker upload (the body of PUT /workers/NAME) into the parts of a version.
#pragma once

#include <kj/string.h>
#include <kj/vector.h>

#include "storage/code-store.h"

namespace shoal {

// The most a worker may ask for in its manifest's "limits".
constexpr uint32_t MAX_CPU_MS = 30000;
constexpr uint32_t MIN_MEMORY_MIB = 8;
constexpr uint32_t MAX_MEMORY_MIB = 1024;
constexpr uint32_t MAX_SUBREQUESTS = 1000;
constexpr uint32_t MAX_WALL_MS = 15 * 60 * 1000;
constexpr uint32_t MAX_STARTUP_CPU_MS = 5000;
constexpr uint32_t MAX_TIMERS = 10000;        // the isolate's own cap (runtime/limits.h)
constexpr uint32_t MAX_CONSOLE_KIB = 10240;
constexpr uint32_t MAX_CONCURRENCY = 10000;
constexpr size_t MAX_CRON_TRIGGERS = 10;

// Largest upload accepted (the whole body): bigger ones are a 413.
constexpr size_t MAX_UPLOAD_BYTES = 10u << 20;

// Largest one-shot task accepted by POST /run (the whole JSON body): bigger ones are a 413.
constexpr size_t MAX_RUN_BYTES = 5u << 20;

struct Upload {
  kj::String mainModule;
  kj::Vector<ModuleFile> modules;
  kj::Vector<VarBinding> vars;
  kj::String compatibilityDate;
  kj::Vector<SessionClassBinding> sessions;
  VersionLimits limits;
  kj::Vector<kj::String> outboundAllow;
  kj::Vector<ServiceBinding> services;
  kj::Vector<kj::String> crons;
  kj::Vector<kj::String> loaders;
};

// Accepts, by content type:
// - JavaScript (application/javascript, text/javascript, or no type): one module,
//   "worker.js", which is the main module;
// - application/json: {"main_module": "...", "modules": {"path": "source", ...},
//   "vars": {"K": "V"}, "secrets": {"K": "V"}, "compatibility_date": "YYYY-MM-DD",
//   "sessions": {"BINDING": "ExportedClass"}, "services": {"BINDING": "other-worker"},
//   "loaders": ["LOADER"],  (env.LOADER makes sandboxes: runtime/sandboxes.h)
//   "outbound": {"allow": ["api.example.com", "*.example.org:8443"]},
//   "triggers": {"crons": ["*/15 * * * *"]},  (control/cron.h; at most MAX_CRON_TRIGGERS)
//   "limits": {"cpu_ms": 50, "memory_mib": 128, "subrequests": 50, "wall_ms": 30000,
//              "startup_cpu_ms": 400, "timers": 1000, "console_kib": 64, "concurrency": 1000}};
//   (bounds: the MAX_ constants above; control/outbound-policy.h)
// - multipart/form-data: one part per module (its filename is its path) and an optional
//   part named "metadata" holding the JSON above without "modules".
// A bad upload throws a kj::Exception whose description is the message for the user.
Upload parseUpload(kj::StringPtr contentType, kj::ArrayPtr<const kj::byte> body);

// Reads a manifest (shoal.json: the JSON form above without "modules") into `upload`.
// Throws like parseUpload.
void readManifest(kj::StringPtr json, Upload& upload);

// The entry module when an upload does not name one: the first of these it has.
constexpr const char* DEFAULT_MAIN_MODULES[] = {"worker.js", "index.js", "src/index.js",
                                                "index.mjs", "main.js"};

}  // namespace shoal
