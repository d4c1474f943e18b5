// A worker's module files on disk: what `shoal dev` serves and `shoal deploy` uploads.
#pragma once

#include <kj/string.h>
#include <kj/vector.h>

#include "storage/code-store.h"

namespace shoal {

// Every .js and .mjs file under `folder` (node_modules and dot-folders skipped), with
// paths relative to it, sorted. Throws if a file cannot be read.
kj::Vector<ModuleFile> readModuleFolder(kj::StringPtr folder);

}  // namespace shoal
