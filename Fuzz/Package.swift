// swift-tools-version:5.4
// libFuzzer harnesses for GradLab (docs/reliability.md, Fuzzing).
//
// This is a package of its own at tools version 5.4: with 5.5 or later an
// executable target is linked with its `main` renamed, and libFuzzer's `main`
// then fails to link. It depends on the main package by path and builds its
// GradLanguage and GradEngine libraries with the same sanitizer flags, so the
// fuzzer sees their coverage. Build and run it with `scripts/fuzz`.
import PackageDescription

let package = Package(
    name: "GradLabFuzz",
    dependencies: [
        .package(name: "GradLab", path: "..")
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "GradEngine", package: "GradLab")
            ]),
        .executableTarget(
            name: "FuzzLanguage",
            dependencies: [
                "FuzzSupport",
                .product(name: "GradLanguage", package: "GradLab"),
                .product(name: "GradEngine", package: "GradLab"),
            ]),
        .executableTarget(
            name: "FuzzFiles",
            dependencies: [
                "FuzzSupport",
                .product(name: "GradEngine", package: "GradLab"),
            ]),
    ]
)
