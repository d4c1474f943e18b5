// The bootstrap JavaScript (runtime/js/*.js), compiled into the binary by embed-js.sh.
#pragma once

#include <cstddef>

namespace shoal {

struct BootstrapFile {
  const char* name;
  const char* source;  // UTF-8, "'use strict';" then the file, all on the file's lines
};

// In the order they run.
extern const BootstrapFile BOOTSTRAP_FILES[];
extern const size_t BOOTSTRAP_FILE_COUNT;

}  // namespace shoal
