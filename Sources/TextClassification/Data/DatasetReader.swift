/// Reads labelled documents from JSON Lines, CSV/TSV or fastText files.
///
/// Every problem is a ``DataError`` that names the file, the line and, where there is one, the
/// field: a missing field, broken JSON or quoting, invalid UTF-8, an empty file.
public struct DatasetReader: Sendable {
    /// The file format; `.auto` decides by extension, then by content.
    public var format: DataFormat
    /// The field (JSON key or CSV column) that holds the text.
    public var textField: String
    /// The fields that hold labels.
    public var labelFields: [String]

    /// Creates a reader. For fastText files the label field is `label`.
    public init(format: DataFormat = .auto, textField: String = "text", labelFields: [String]) {
        self.format = format
        self.textField = textField
        self.labelFields = labelFields
    }

    /// Reads the dataset at `path` (`-` for standard input).
    public func read(contentsOf path: String) throws -> Dataset {
        try read(FileBytes(path: path))
    }

    /// Reads a dataset from bytes in memory; `name` is used in messages.
    public func read(bytes: [UInt8], name: String) throws -> Dataset {
        try read(FileBytes(path: name, bytes: bytes))
    }

    private func read(_ file: FileBytes) throws -> Dataset {
        let displayName = file.path == "-" ? "<stdin>" : file.path
        let file = FileBytes(path: displayName, bytes: file.bytes)
        var texts: [String] = []
        var labels = [[String]](repeating: [], count: labelFields.count)
        var lines: [Int] = []
        let collect: (Int, String, [String]) -> Void = { line, text, values in
            texts.append(text)
            for (index, value) in values.enumerated() { labels[index].append(value) }
            lines.append(line)
        }
        switch format.resolved(path: displayName, prefix: file.bytes.prefix(64)) {
        case .jsonl, .auto:
            try JSONLinesParser(textField: textField, labelFields: labelFields).parse(file, collect)
        case .csv:
            try DelimitedParser(delimiter: UInt8(ascii: ","), quoting: true, textField: textField, labelFields: labelFields).parse(file, collect)
        case .tsv:
            try DelimitedParser(delimiter: UInt8(ascii: "\t"), quoting: false, textField: textField, labelFields: labelFields).parse(file, collect)
        case .fasttext:
            try FastTextParser(labelFields: labelFields).parse(file, collect)
        }
        guard !texts.isEmpty else { throw DataError(file: displayName, problem: "holds no documents") }
        var byField: [String: [String]] = [:]
        for (index, name) in labelFields.enumerated() { byField[name] = labels[index] }
        return Dataset(source: displayName, fieldNames: labelFields, texts: texts, labels: byField, lines: lines)
    }
}
