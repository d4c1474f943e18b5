#!/usr/bin/env bash
# Runs one fuzzer for a bounded time over its committed corpus (the test in fuzz.bzl):
#   run-fuzzer.sh FUZZER CORPUS_DIR [libFuzzer flags...]
# Later flags win, so `bazel run //tests/fuzz:url -- -max_total_time=600` runs longer.
# Inputs found to be new go to a scratch folder, never into the source tree; a crash,
# an ASan report, a leak or a timeout is saved to the test's outputs (see README.md) and
# fails the test (libFuzzer exits non-zero).
set -euo pipefail
fuzzer=$1 corpus=$2
shift 2
name=$(basename "$corpus")

# libnode.so.108 (V8), wherever the runfiles put it.
for dir in external/v8/lib ../v8/lib; do
  [[ -d $dir ]] && export LD_LIBRARY_PATH=$PWD/$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
done

scratch=${TEST_TMPDIR:-$(mktemp -d)}/new-inputs
mkdir -p "$scratch"
# Under `bazel test`, the test's outputs; under `bazel run`, the folder it was run from.
findings=${TEST_UNDECLARED_OUTPUTS_DIR:-${BUILD_WORKING_DIRECTORY:-$PWD}}
mkdir -p "$findings"
dict=()
[[ -f tests/fuzz/$name.dict ]] && dict=(-dict=tests/fuzz/$name.dict)

# -detect_leaks=0 (targets with V8, which keeps allocations until exit) also turns off
# ASan's leak check at exit.
for arg in "$@"; do
  [[ $arg == -detect_leaks=0 ]] && export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
done
start=$SECONDS
set +e
"$fuzzer" -timeout=10 -max_len=4096 -print_final_stats=1 -artifact_prefix="$findings/" \
  "${dict[@]}" "$@" "$scratch" "$corpus"
status=$?
set -e
echo "fuzz $name: exit $status after $((SECONDS - start)) s"
if ((status != 0)); then
  where=$findings
  [[ -n ${TEST_UNDECLARED_OUTPUTS_DIR:-} ]] && where=bazel-testlogs/tests/fuzz/$name/test.outputs/outputs.zip
  echo "fuzz $name: FINDING; the input is saved as crash-*/leak-*/timeout-*/oom-* in" \
    "$where (see tests/fuzz/README.md)"
fi
exit $status
