// textclf-latency: single-document prediction latency through the library.
//
// Loads a model, reads documents from a JSON Lines or text file, and times `prediction(for:)`
// on one document at a time — vectorizing included — cycling through the documents. Prints
// {"calls": N, "p50_us": …, "p99_us": …, "mean_us": …} on one line.
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
do {
    let classifier = try ModelFile.read(from: modelPath)
    guard let contents = FileManager.default.contents(atPath: dataPath) else {
        throw DataError(file: dataPath, problem: "cannot be read")
    }
    let lines = String(decoding: contents, as: UTF8.self).split(separator: "\n").map(String.init)
    let texts = try lines.enumerated().map { try DocumentLine.parse(ArraySlice($1.utf8), as: .jsonl, textField: textField, source: dataPath, lineNumber: $0 + 1).text }
    guard !texts.isEmpty else { throw DataError(file: dataPath, problem: "holds no documents") }
    var sink = 0
    for index in 0 ..< min(100, calls) { sink &+= classifier.prediction(for: texts[index % texts.count]).count }
    var samples: [Double] = []
    samples.reserveCapacity(calls)
    for index in 0 ..< calls {
        let start = DispatchTime.now().uptimeNanoseconds
        let prediction = classifier.prediction(for: texts[index % texts.count])
        let end = DispatchTime.now().uptimeNanoseconds
        sink &+= prediction.count
        samples.append(Double(end - start) / 1000)
    }
    samples.sort()
    func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(p * Double(samples.count)))] }
    let mean = samples.reduce(0, +) / Double(samples.count)
    print(String(format: "{\"calls\": %d, \"p50_us\": %.2f, \"p99_us\": %.2f, \"mean_us\": %.2f, \"fields\": %d}",
                 calls, percentile(0.5), percentile(0.99), mean, sink / (calls + min(100, calls))))
} catch {
    FileHandle.standardError.write(Data("textclf-latency: \(error)\n".utf8))
    exit(1)
}
