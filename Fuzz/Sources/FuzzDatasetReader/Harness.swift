import FuzzSupport
import TextClassification

// The first byte chooses the format and the label fields; the rest is the file. Every input
// must end in a Dataset or a DataError — anything else (a trap, a sanitizer report) is a bug.
// The same bytes then go line by line through the classify stream's parser.
let formats: [DataFormat] = [.auto, .jsonl, .csv, .tsv, .fasttext]

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let format = formats[Int(selector) % formats.count]
    let fields = format == .fasttext || selector & 0x80 == 0 ? ["label"] : ["topic", "stance"]
    let reader = DatasetReader(format: format, textField: "text", labelFields: fields,
                               maximumRecordBytes: selector & 0x40 == 0 ? 4096 : 64)
    if let dataset = try? reader.read(bytes: bytes, name: "fuzz") {
        precondition(dataset.count > 0 && dataset.lines.count == dataset.count)
        for field in fields { precondition((try? dataset.labels(of: field))?.allSatisfy { !$0.isEmpty } == true) }
    }
    var lineNumber = 0
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
        lineNumber += 1
        _ = try? DocumentLine.parse(line, as: .auto, textField: "text", source: "fuzz", lineNumber: lineNumber)
    }
    return 0
}

/// libFuzzer's callback: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }
