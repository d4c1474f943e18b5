#!/usr/bin/env bash
# Builds one libFuzzer binary with clang (called by the genrule in fuzz.bzl):
#   build-fuzzer.sh OUT GENDIR SRC... -- LINK_INPUT...
# SRC (the fuzz target and the code under test) are compiled with coverage and ASan;
# the LINK_INPUT ending in .linkargs lists, in order, the gcc-built libraries and link
# flags of the target's deps (the other LINK_INPUTs are those libraries). Runs from
# the exec root, so "runtime/worker.h" and generated headers (under GENDIR) resolve as
# in the Bazel build.
set -euo pipefail
out=$1 gendir=$2
shift 2
srcs=() linkargs=
while (($#)); do
  case $1 in
    --) shift; for input in "$@"; do [[ $input == *.linkargs ]] && linkargs=$input; done; break ;;
    *) srcs+=("$1"); shift ;;
  esac
done

flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -w -fsanitize=fuzzer-no-link,address
  -I. -I"$gendir" -Iexternal/v8/include/node)
objdir=$out.objs  # beside the output: the sandbox may not allow writing to /tmp
rm -rf "$objdir"
mkdir -p "$objdir"
objs=() pids=()
for src in "${srcs[@]}"; do
  obj=$objdir/${#objs[@]}.o
  objs+=("$obj")
  clang++ "${flags[@]}" -c "$src" -o "$obj" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

# Objects first: the linker then takes from the libraries only what they do not define.
# Shared libraries (libnode) are found at run time through the runfiles (run-fuzzer.sh).
mapfile -t link < "$linkargs"
clang++ -fsanitize=fuzzer,address "${objs[@]}" "${link[@]}" -lpthread -o "$out"
rm -rf "$objdir"
