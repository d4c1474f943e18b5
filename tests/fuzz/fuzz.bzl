"""fuzz_test: a libFuzzer target compiled with clang, run for a bounded time as a test.

Bazel's C++ toolchain here is gcc, which has no libFuzzer, so the fuzzer is built by a
genrule that calls Debian's clang++: the fuzz target and the code under test are
compiled with -fsanitize=fuzzer,address (coverage and ASan); the rest (the runtime, for
the URL target) is linked as Bazel built it with gcc (both use libstdc++). clang 14 also
cannot compile all of runtime/ (it rejects lambdas that capture structured bindings, a
C++20 feature gcc accepts in C++17 mode). The genrule's output is cached like any build
output, so `bazel test` recompiles only when a source changes.
"""

def _cc_headers_impl(ctx):
    headers = [dep[CcInfo].compilation_context.headers for dep in ctx.attr.deps]
    return [DefaultInfo(files = depset(transitive = headers))]

# Every header (sources and generated) the given cc_library targets may include.
_cc_headers = rule(
    implementation = _cc_headers_impl,
    attrs = {"deps": attr.label_list(providers = [CcInfo])},
)

def _cc_link_inputs_impl(ctx):
    libraries = []
    flags = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for library in linker_input.libraries:
                file = (library.pic_static_library or library.static_library or
                        library.dynamic_library)
                if file and file not in libraries:
                    libraries.append(file)
            for flag in linker_input.user_link_flags:
                # The last occurrence wins, so a library still follows what needs it.
                if flag in flags:
                    flags.remove(flag)
                flags.append(flag)
    args = ctx.actions.declare_file(ctx.label.name + ".linkargs")
    flags += [flag for flag in ctx.attr.extra_link if flag not in flags]
    ctx.actions.write(args, "\n".join([f.path for f in libraries] + flags) + "\n")
    return [DefaultInfo(files = depset([args] + libraries))]

# What linking the given cc_library targets takes, as Bazel built them with gcc: their
# libraries (dependents first) and link flags, listed in NAME.linkargs.
_cc_link_inputs = rule(
    implementation = _cc_link_inputs_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "extra_link": attr.string_list(),
    },
)

def _locations(files):
    return " ".join(["$(location %s)" % f for f in files])

def fuzz_test(
        name,
        fuzzer_src,
        srcs = [],
        deps = [],
        extra_link = [],
        runtime_data = [],
        fuzzer_args = [],
        max_total_time = 15,
        max_runs = 200000,
        tags = []):
    """Builds `NAME-fuzzer` and a test `NAME` that runs it over corpus/NAME/.

    fuzzer_src: the file with LLVMFuzzerTestOneInput.
    srcs: the code under test, compiled with clang into the fuzzer with coverage and
      ASan (so also listed, through its library, in `deps`: the linker takes the clang
      object first and never needs the gcc-built one).
    deps: cc_library targets the fuzzer includes and links; everything not in `srcs`
      comes as Bazel built it (gcc, no instrumentation).
    extra_link: link flags the deps need but do not declare.
    runtime_data: shared libraries the fuzzer loads at run time (libnode).
    """
    _cc_headers(name = name + "-headers", deps = deps, testonly = True)
    _cc_link_inputs(name = name + "-link", deps = deps, extra_link = extra_link, testonly = True)
    native.genrule(
        name = name + "-fuzzer-build",
        testonly = True,
        srcs = [fuzzer_src] + srcs + [":%s-headers" % name, ":%s-link" % name],
        outs = [name + "-fuzzer"],
        tools = ["build-fuzzer.sh"],
        cmd = " ".join([
            "$(location build-fuzzer.sh) $@ $(GENDIR)",
            _locations([fuzzer_src] + srcs),
            "-- $(locations :%s-link)" % name,
        ]),
    )
    native.sh_test(
        name = name,
        size = "medium",
        srcs = ["run-fuzzer.sh"],
        args = [
            "$(location :%s-fuzzer)" % name,
            "tests/fuzz/corpus/" + name,
            "-max_total_time=%d" % max_total_time,
            "-runs=%d" % max_runs,
        ] + fuzzer_args,
        data = [":" + name + "-fuzzer"] + runtime_data +
               native.glob(["corpus/%s/**" % name]) + native.glob(["%s.dict" % name]),
        tags = ["fuzz"] + tags,
    )
