// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "GradLab",
    products: [
        .executable(name: "gradlab", targets: ["gradlab"]),
        .library(name: "GradEngine", targets: ["GradEngine"]),
    ],
    targets: [
        // System libraries: OpenBLAS's cblas on Linux, libedit for the REPL.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),

        .target(name: "GradEngine", dependencies: ["CBLAS"]),
        .target(name: "GradShell", dependencies: ["GradEngine", "CEditLine"]),
        .executableTarget(name: "gradlab", dependencies: ["GradShell"]),

        .testTarget(name: "GradEngineTests", dependencies: ["GradEngine"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "GradShellTests", dependencies: ["GradShell"]),
    ]
)
