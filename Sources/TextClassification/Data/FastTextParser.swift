/// fastText's supervised format: `__label__X` prefixes, then the text. textclf fields are
/// single-label, so exactly one prefix per line; the field is named `label`.
struct FastTextParser {
    static let prefix = Array("__label__".utf8)
    let labelFields: [String]

    func parse(_ file: FileBytes, _ collect: (Int, String, [String]) -> Void) throws {
        guard labelFields == ["label"] else {
            throw DataError(file: file.path, field: labelFields.first { $0 != "label" },
                            problem: "fastText files have one label field, named \"label\"")
        }
        try file.forEachLine { line, range in
            guard !file.isBlank(range) else { return }
            let text = try file.string(range, line: line)
            var labels: [Substring] = []
            var rest = Substring(text)
            while true {
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard rest.hasPrefix("__label__") else { break }
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                labels.append(word.dropFirst(Self.prefix.count))
                rest = rest.dropFirst(word.count)
            }
            guard let label = labels.first else {
                throw DataError(file: file.path, line: line, field: "label", problem: "no __label__ prefix")
            }
            guard !label.isEmpty else { throw DataError(file: file.path, line: line, field: "label", problem: "empty label") }
            guard labels.count == 1 else {
                throw DataError(file: file.path, line: line, field: "label",
                                problem: "\(labels.count) __label__ prefixes; each line needs exactly one")
            }
            collect(line, String(rest), [String(label)])
        }
    }
}
