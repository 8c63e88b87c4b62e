extension TextClassifier {
    /// Evaluates every field on the documents of `stream`, batch by batch: memory holds one
    /// batch and the confusion matrices, however long the stream. The result is what
    /// ``evaluation(on:threads:)-(Dataset,_)`` gives on the whole data read at once.
    ///
    /// - Throws: ``DataError`` for bad data (naming file and line), a field the data lacks, or
    ///   the first label the model never saw in training, as ``evaluation(on:threads:)-(Dataset,_)`` does.
    public func evaluation(on stream: DatasetStream, threads: Int = 1) throws -> Evaluation {
        try evaluationWithTimings(on: stream, threads: threads).evaluation
    }

    /// ``evaluation(on:threads:)-(Dataset,_)``, with the seconds spent vectorizing and predicting (the rest
    /// of the time went to reading and parsing).
    package func evaluationWithTimings(on stream: DatasetStream, threads: Int = 1) throws
        -> (evaluation: Evaluation, predictSeconds: Double)
    {
        var stream = stream
        stream.threads = max(1, threads)
        for field in fields where !stream.reader.labelFields.contains(field.name) {
            throw DataError(file: stream.source, field: field.name, problem: "the model predicts this field but the data does not hold it")
        }
        var counts = fields.map { [[Int]](repeating: [Int](repeating: 0, count: $0.classes.count), count: $0.classes.count) }
        let clock = ContinuousClock()
        var predicting = Duration.zero
        let totals = try stream.forEachBatch { batch in
            let start = clock.now
            defer { predicting += clock.now - start }
            let part = try evaluation(on: batch, threads: threads)
            for (index, report) in part.fields.enumerated() {
                for (row, cells) in report.confusion.counts.enumerated() {
                    for (column, count) in cells.enumerated() { counts[index][row][column] += count }
                }
            }
        }
        let result = Evaluation(documentCount: totals.documents, fields: zip(fields, counts).map { field, counts in
            ClassificationReport(field: field.name, confusion: ConfusionMatrix(labels: field.classes, counts: counts))
        })
        return (result, predicting.seconds)
    }
}
