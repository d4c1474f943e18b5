#!/bin/sh
# Writes a C++ source holding each given JavaScript file as a raw string literal, with
# "'use strict';" in front on the same line (so line numbers still match the file).
set -eu
echo '#include "runtime/bootstrap-js.h"'
echo 'namespace shoal {'
echo 'const BootstrapFile BOOTSTRAP_FILES[] = {'
for f in "$@"; do
  if grep -q ')SHOALJS"' "$f"; then echo "embed-js.sh: $f contains the delimiter" >&2; exit 1; fi
  printf '  {"%s", R"SHOALJS('"'use strict';" "$(basename "$f")"
  cat "$f"
  printf ')SHOALJS"},\n'
done
echo '};'
echo "const size_t BOOTSTRAP_FILE_COUNT = $#;"
echo '}  // namespace shoal'
