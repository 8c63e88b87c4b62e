// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "textclf",
    products: [
        .library(name: "TextClassification", targets: ["TextClassification"]),
        .executable(name: "textclf", targets: ["textclf"]),
        .executable(name: "textclf-latency", targets: ["textclf-latency"]),
        .executable(name: "textclf-kernels", targets: ["textclf-kernels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS, found through pkg-config; only LinearAlgebra/ imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "TextClassification",
            dependencies: ["CBLAS"],
            // Release builds use AVX2 (any x86-64 CPU since 2013): the sparse kernels' SIMD4<Double>
            // blocks become single 256-bit instructions. Debug builds keep the baseline.
            swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux], configuration: .release))]
        ),
        .executableTarget(
            name: "textclf",
            dependencies: [
                "TextClassification",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "textclf-latency",
            dependencies: ["TextClassification"],
            path: "Benchmarks/Latency"
        ),
        .executableTarget(
            name: "textclf-kernels",
            dependencies: ["TextClassification", "CBLAS"],
            path: "Benchmarks/Kernels"
        ),
        .testTarget(
            name: "TextClassificationTests",
            dependencies: ["TextClassification"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "textclfEndToEndTests",
            dependencies: ["textclf", "TextClassification"]
        ),
    ]
)
