/// The file formats textclf reads.
public enum DataFormat: String, Sendable, CaseIterable {
    /// Decide from the file name, then from the first bytes.
    case auto
    /// JSON Lines: one JSON object per line, fields by name.
    case jsonl
    /// Comma-separated values with a header row and RFC 4180 quoting.
    case csv
    /// Tab-separated values with a header row; fields hold no tabs or newlines.
    case tsv
    /// fastText's `__label__X text` lines; the label field is called `label`.
    case fasttext

    /// The concrete format for `path` whose contents begin with `prefix` (at least the first
    /// line, when it is short): the extension, else a `{` (JSON Lines), `__label__` (fastText),
    /// a header line with more tabs than commas (TSV), else CSV — so standard input, which has
    /// no name, is judged as a file would be.
    func resolved(path: String, prefix: ArraySlice<UInt8>) -> DataFormat {
        guard self == .auto else { return self }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".json") { return .jsonl }
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab") { return .tsv }
        let start = prefix.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if start.first == UInt8(ascii: "{") { return .jsonl }
        if start.starts(with: Array("__label__".utf8)) { return .fasttext }
        if lowered.hasSuffix(".txt") || lowered.hasSuffix(".ft") { return .fasttext }
        let header = prefix.drop { $0 == 0x0A || $0 == 0x0D }.prefix { $0 != 0x0A }
        let tabs = header.count { $0 == 0x09 }, commas = header.count { $0 == UInt8(ascii: ",") }
        return tabs > commas ? .tsv : .csv
    }
}
