// Wrangler projects: a folder with wrangler.toml, wrangler.json or wrangler.jsonc runs on
// shoal as it is. Its configuration is translated into shoal's manifest (the JSON form in
// control/upload.h), which `shoal dev` reads and `shoal deploy` uploads.
#pragma once

#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

struct WranglerProject {
  kj::String configFile;            // "wrangler.toml", for messages
  kj::String manifest;              // what shoal.json would say (JSON)
  kj::Maybe<kj::String> name;       // the worker's name, if the file gives one
  kj::Vector<kj::String> warnings;  // what shoal does not honour, for the user
};

// Honoured: name, main, compatibility_date, vars, durable_objects.bindings (as sessions),
// services, triggers.crons and limits.cpu_ms. Other keys become warnings, never errors.
// A malformed file throws a kj::Exception whose description is "FILE:LINE: message".
WranglerProject translateWranglerConfig(kj::StringPtr configFile, kj::StringPtr text);

// FOLDER's wrangler.jsonc, wrangler.json or wrangler.toml (the first that exists), or
// nullptr when it has none.
kj::Maybe<WranglerProject> readWranglerProject(kj::StringPtr folder);

// `base` (a JSON object) with the top-level members of `overrides` in place of its own:
// a folder's shoal.json over its Wrangler configuration.
kj::String mergeManifests(kj::StringPtr base, kj::StringPtr overrides);

// TOML (v1.0: tables, arrays of tables, dotted keys, inline tables, every string form) as
// JSON text. Dates and times become strings. Throws "FILE:LINE: message" when malformed.
kj::String tomlToJson(kj::StringPtr configFile, kj::StringPtr text);

// JSON with comments and trailing commas (JSONC) as plain JSON.
kj::String jsoncToJson(kj::StringPtr text);

}  // namespace shoal
