// swift-tools-version:6.0
import PackageDescription

// The engine's element-wise kernels are written to vectorize; on x86-64 they are
// compiled for x86-64-v3 (AVX2, FMA: Haswell and Zen or newer), which doubles
// their vector width over the SSE2 baseline (-Xcc -march sets Swift's code
// generation too). Floating-point contraction stays off, so results do not
// change. `gradlab` checks the CPU before it runs any engine code.
//
// Release builds of the engine also leave out Swift's run-time exclusivity
// checks (each access to a class's stored `var` through a mutation is
// registered and looked up in a thread-local set): on the tiny preset they were
// 14% of a training step's instructions (callgrind, docs/performance.md).
// Debug builds, which the tests run, keep them.
let uncheckedExclusivity: SwiftSetting = .unsafeFlags(
    ["-enforce-exclusivity=unchecked"], .when(configuration: .release))
#if arch(x86_64)
    let engineSettings: [SwiftSetting] = [
        .unsafeFlags(["-Xcc", "-march=x86-64-v3"]), uncheckedExclusivity,
    ]
#else
    let engineSettings: [SwiftSetting] = [uncheckedExclusivity]
#endif

let package = Package(
    name: "GradLab",
    products: [
        .executable(name: "gradlab", targets: ["gradlab"]),
        .library(name: "GradEngine", targets: ["GradEngine"]),
        // The language as a library: the fuzz package (Fuzz/) depends on it.
        .library(name: "GradLanguage", targets: ["GradLanguage"]),
    ],
    targets: [
        // System libraries: OpenBLAS's cblas on Linux, libedit for the REPL,
        // cmark-gfm (CommonMark with GitHub's extensions) for notebook and tour prose
        // (its pkg-config file links the extensions library too), libzmq for the
        // Jupyter kernel.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // ZeroMQ, the Jupyter kernel's transport (GradShell/Kernel).
        .systemLibrary(
            name: "CZeroMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]),

        .target(name: "GradEngine", dependencies: ["CBLAS"], swiftSettings: engineSettings),
        .target(name: "GradLanguage", dependencies: ["GradEngine"]),
        .target(
            name: "GradShell",
            dependencies: ["GradLanguage", "GradEngine", "CEditLine", "CCmarkGFM", "CZeroMQ"]),
        .executableTarget(name: "gradlab", dependencies: ["GradShell"]),

        .testTarget(
            name: "GradEngineTests", dependencies: ["GradEngine"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "GradLanguageTests", dependencies: ["GradLanguage"]),
        .testTarget(
            name: "GradShellTests", dependencies: ["GradShell"],
            resources: [.copy("Golden"), .copy("Scenarios"), .copy("FuzzRegressions")]),
    ]
)
