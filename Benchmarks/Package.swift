// swift-tools-version: 6.1
// Our benchmark programs, kept out of the products a client of TextClassification sees (the way
// swift-collections keeps its benchmarks in a nested package). Build: `make bench-tools`.
import PackageDescription

let package = Package(
    name: "textclf-benchmarks",
    dependencies: [
        .package(name: "textclf", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "OpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .executableTarget(
            name: "textclf-latency",
            dependencies: [.product(name: "TextClassification", package: "textclf")]
        ),
        .executableTarget(
            name: "textclf-kernels",
            dependencies: [.product(name: "TextClassification", package: "textclf"), "OpenBLAS"]
        ),
    ]
)
