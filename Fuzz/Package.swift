// swift-tools-version: 6.1
// libFuzzer harnesses for the code that reads untrusted bytes: the dataset readers (and the
// classify stream's line parser), the model loader, the tokenizer and analyzers. A nested
// package, like Benchmarks/, so none of it is a product of textclf. Run: `make fuzz`
// (each harness for FUZZ_SECONDS, default 60), built with -sanitize=fuzzer,address.
import PackageDescription

let package = Package(
    name: "textclf-fuzz",
    dependencies: [
        .package(name: "textclf", path: ".."),
    ],
    targets: [
        // Declares LLVMFuzzerRunDriver, libFuzzer's entry point for programs with their own main.
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzDatasetReader",
            dependencies: ["FuzzSupport", .product(name: "TextClassification", package: "textclf")]
        ),
        .executableTarget(
            name: "FuzzModelLoader",
            dependencies: ["FuzzSupport", .product(name: "TextClassification", package: "textclf")]
        ),
        .executableTarget(
            name: "FuzzTokenizer",
            dependencies: ["FuzzSupport", .product(name: "TextClassification", package: "textclf")]
        ),
    ]
)
