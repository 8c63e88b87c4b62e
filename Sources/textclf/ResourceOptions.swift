import ArgumentParser
import TextClassification

/// The limits that keep hostile or mistaken input from exhausting memory (train, cv).
struct ResourceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The longest record (line, or CSV record) read from the data, in bytes.", valueName: "bytes"))
    var maxRecordBytes = DatasetReader.defaultMaximumRecordBytes

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Refuse to train a model whose estimated memory is above this many bytes (default: half the physical memory).",
        valueName: "bytes"))
    var maxModelBytes: Int?

    /// The reader for `input`, with the record limit.
    func reader(_ input: DataOptions, labelFields: [String]) -> DatasetReader {
        DatasetReader(format: input.format, textField: input.textField, labelFields: labelFields,
                      maximumRecordBytes: maxRecordBytes)
    }

    /// `estimator` limited to the model memory allowed, for `dataset`.
    func limiting(_ estimator: TextClassifierEstimator, for dataset: Dataset) throws -> TextClassifierEstimator {
        try estimator.limitingMemory(to: maxModelBytes ?? TextClassifierEstimator.defaultMaximumMemoryBytes, for: dataset)
    }
}
