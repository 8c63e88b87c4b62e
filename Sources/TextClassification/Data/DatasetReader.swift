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
    /// The longest record accepted, in bytes: a JSON Lines, TSV or fastText line, or a CSV record
    /// (which may span lines), without its line end. Far above any document, far below what
    /// would exhaust memory: input without line ends (a device, a damaged file) stops here.
    public var maximumRecordBytes: Int

    /// The default ``maximumRecordBytes``: 64 MiB, as for a line that `classify` reads.
    public static let defaultMaximumRecordBytes = 64 << 20

    /// Creates a reader. For fastText files the label field is `label`.
    public init(format: DataFormat = .auto, textField: String = "text", labelFields: [String],
                maximumRecordBytes: Int = DatasetReader.defaultMaximumRecordBytes) {
        self.format = format
        self.textField = textField
        self.labelFields = labelFields
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Checks the options before anything is read.
    ///
    /// - Throws: ``InvalidParameter`` (`maximumRecordBytes`) for a maximum below 1.
    public func validate() throws {
        guard maximumRecordBytes >= 1 else {
            throw InvalidParameter(name: "maximumRecordBytes", value: "\(maximumRecordBytes)", requirement: "at least 1 byte")
        }
    }

    /// Reads the dataset at `path` (`-` for standard input).
    ///
    /// - Throws: ``InvalidParameter`` as ``validate()`` does, then ``DataError`` for data that
    ///   cannot be read or is not valid (one line naming the file, line and field).
    public func read(contentsOf path: String) throws -> Dataset {
        try validate()
        return try read(FileBytes(path: path, maximumRecordBytes: maximumRecordBytes))
    }

    /// Reads a dataset from bytes in memory; `name` is used in messages.
    ///
    /// - Throws: As ``read(contentsOf:)``.
    public func read(bytes: [UInt8], name: String) throws -> Dataset {
        try validate()
        return try read(FileBytes(path: name, bytes: bytes, maximumRecordBytes: maximumRecordBytes))
    }

    private func read(_ file: FileBytes) throws -> Dataset {
        let displayName = file.path == "-" ? "<stdin>" : file.path
        let file = file.named(displayName)
        let dataset = try documents(in: file, format: format.resolved(path: displayName, prefix: file.content.prefix(1 << 16)))
        guard dataset.count > 0 else { throw DataError(file: displayName, problem: "holds no documents") }
        return dataset
    }

    /// The documents of `file` (a whole file, or a block of one), none when it holds none.
    func documents(in file: FileBytes, format: DataFormat) throws -> Dataset {
        var texts: [String] = []
        var labels = [[String]](repeating: [], count: labelFields.count)
        var lines: [Int] = []
        let collect: (Int, String, [String]) -> Void = { line, text, values in
            texts.append(text)
            for (index, value) in values.enumerated() { labels[index].append(value) }
            lines.append(line)
        }
        switch format {
        case .jsonl, .auto:
            try JSONLinesParser(textField: textField, labelFields: labelFields).parse(file, collect)
        case .csv:
            try DelimitedParser(delimiter: UInt8(ascii: ","), quoting: true, textField: textField, labelFields: labelFields).parse(file, collect)
        case .tsv:
            try DelimitedParser(delimiter: UInt8(ascii: "\t"), quoting: false, textField: textField, labelFields: labelFields).parse(file, collect)
        case .fasttext:
            try FastTextParser(labelFields: labelFields).parse(file, collect)
        }
        var byField: [String: [String]] = [:]
        for (index, name) in labelFields.enumerated() { byField[name] = labels[index] }
        return Dataset(source: file.path, fieldNames: labelFields, texts: texts, labels: byField, lines: lines)
    }
}
