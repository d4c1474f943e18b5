// Bundling: a worker that imports npm packages (`import { Hono } from "hono"`) or is
// written in TypeScript becomes one JavaScript module, made by esbuild, before `shoal dev`
// loads it or `shoal deploy` uploads it. Isolates only ever run plain modules.
#pragma once

#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

// Whether the worker whose entry is ROOT/mainModule needs bundling: a TypeScript entry,
// or a bare import (not "./", "../" or "/") in a module of the folder.
bool needsBundling(kj::StringPtr root, kj::StringPtr mainModule);

// The entry module of a folder that names none: the first that exists of upload.h's
// DEFAULT_MAIN_MODULES, then "src/index.ts", "index.ts", "worker.ts".
kj::Maybe<kj::String> findMainModule(kj::StringPtr folder);

// The module path a bundle of `mainModule` is loaded as: "src/index.ts" -> "src/index.bundle.js".
kj::String bundleModulePath(kj::StringPtr mainModule);

struct Bundle {
  kj::String code;                // one ES module
  kj::String sourceMap;           // its map, sources relative to the project (else absolute)
  kj::Vector<kj::String> inputs;  // every file it was made from (for watching), absolute
};

// Runs esbuild on ROOT/mainModule, for workerd-style conditions ("workerd", "worker",
// "browser"). esbuild is $SHOAL_ESBUILD, else the project's node_modules/.bin/esbuild,
// else one installed from npm on first use under ~/.cache/shoal/. A bundling failure
// throws a kj::Exception whose description is esbuild's report, with file:line:col.
Bundle bundleWorker(kj::StringPtr root, kj::StringPtr mainModule);

}  // namespace shoal
