// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "textclf",
    products: [
        .library(name: "TextClassification", targets: ["TextClassification"]),
        .executable(name: "textclf", targets: ["textclf"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `textclf serve`. Hummingbird's default traits (swift-configuration support, full
        // Foundation) are off: the server needs neither, and each costs CI build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation --target TextClassification` (the DocC catalog).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS, found through pkg-config; only LinearAlgebra/ imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // glibc's mallopt, for the executable's allocator settings (Sources/textclf/Allocator.swift).
        .systemLibrary(name: "CMalloc"),
        // __builtin_prefetch for the sparse kernels (LinearAlgebra/SparseKernels.swift).
        .systemLibrary(name: "CPrefetch"),
        // No unsafe flags here: SwiftPM refuses them in a package depended on by version. Our own
        // release builds add AVX2 from the Makefile (`make release`, CPU_FLAGS).
        .target(
            name: "TextClassification",
            dependencies: ["CBLAS", "CPrefetch"]
        ),
        .executableTarget(
            name: "textclf",
            dependencies: [
                "TextClassification",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
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
