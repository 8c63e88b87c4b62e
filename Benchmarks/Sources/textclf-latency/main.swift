// textclf-latency: single-document prediction latency through the library.
//
// Loads a model, reads documents from a JSON Lines or text file, and times `prediction(for:)`
// on one document at a time — vectorizing included — cycling through the documents. Prints
// {"calls": N, "p50_us": …, "p99_us": …, "mean_us": …} on one line. The model is timed as
// `textclf serve` holds it (`preparedForServing()`); `--one-shot` times it as `classify` loads it,
// `--compare` both in turn.
import Foundation
import TextClassification

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

guard let modelPath = argument("--model"), let dataPath = argument("--data") else {
    FileHandle.standardError.write(Data("usage: textclf-latency --model FILE --data FILE [--calls N] [--text-field text]\n".utf8))
    exit(64)
}
let calls = Int(argument("--calls") ?? "1000") ?? 1000
let textField = argument("--text-field") ?? "text"
/// Percentiles and mean of microsecond samples, as one JSON object's members.
func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
    let mean = sorted.reduce(0, +) / Double(sorted.count)
    return String(format: "\"p50_us\": %.2f, \"p99_us\": %.2f, \"mean_us\": %.2f", percentile(0.5), percentile(0.99), mean)
}

do {
    let loaded = try ModelFile.read(from: modelPath)
    let served = loaded.preparedForServing()
    guard let contents = FileManager.default.contents(atPath: dataPath) else {
        throw DataError(file: dataPath, problem: "cannot be read")
    }
    let lines = String(decoding: contents, as: UTF8.self).split(separator: "\n").map(String.init)
    let texts = try lines.enumerated().map { try DocumentLine.parse(ArraySlice($1.utf8), as: .jsonl, textField: textField, source: dataPath, lineNumber: $0 + 1).text }
    guard !texts.isEmpty else { throw DataError(file: dataPath, problem: "holds no documents") }
    // The model as `textclf serve` holds it; with --one-shot as `classify` loads it; with
    // --compare both, call by call in turn, so that a shared machine's noise falls on both alike.
    let variants: [(name: String, classifier: TextClassifier)] =
        CommandLine.arguments.contains("--compare") ? [("one_shot", loaded), ("served", served)]
        : CommandLine.arguments.contains("--one-shot") ? [("one_shot", loaded)] : [("served", served)]
    var sink = 0
    for index in 0 ..< min(100, calls) {
        for variant in variants { sink &+= variant.classifier.prediction(for: texts[index % texts.count]).count }
    }
    var samples = [[Double]](repeating: [], count: variants.count)
    for index in 0 ..< calls {
        for (position, variant) in variants.enumerated() {
            // Each variant half the documents apart: the same document twice in a row would find
            // the second call's vocabulary entries in the cache.
            let text = texts[(index + position * texts.count / 2) % texts.count]
            let start = DispatchTime.now().uptimeNanoseconds
            let prediction = variant.classifier.prediction(for: text)
            let end = DispatchTime.now().uptimeNanoseconds
            sink &+= prediction.count
            samples[position].append(Double(end - start) / 1000)
        }
    }
    let fields = sink / ((calls + min(100, calls)) * variants.count)
    if variants.count == 1 {
        print("{\"calls\": \(calls), \(summary(samples[0])), \"fields\": \(fields)}")
    } else {
        let parts = zip(variants, samples).map { "\"\($0.name)\": {\(summary($1))}" }
        print("{\"calls\": \(calls), \(parts.joined(separator: ", ")), \"fields\": \(fields)}")
    }
} catch {
    FileHandle.standardError.write(Data("textclf-latency: \(error)\n".utf8))
    exit(1)
}
