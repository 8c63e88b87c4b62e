extension TextClassifierEstimator {
    /// Fits to the documents of `stream`, reading them batch by batch, in memory that grows with
    /// the features (2^bits of every hashed block) and the classes, never with the documents.
    ///
    /// Every feature block must be hashed: a vocabulary grows with the data. The stream is read
    /// in passes, each from the start:
    /// 1. when a block uses idf, one pass counts document frequencies (a hashed block's only
    ///    fitted state), which gives the same weights as fitting in memory;
    /// 2. then one training pass: naive Bayes and complement naive Bayes sum their counts in
    ///    document order, so their models are exactly those of ``fitted(to:)`` on the same
    ///    documents (the same bits in a model file);
    /// 3. logistic regression fields make `online.passes` passes in all (``OnlineLogisticRegression``:
    ///    AdaGrad on mini-batches, an approximation of the L-BFGS optimum that in-memory fitting
    ///    finds).
    ///
    /// Classes are discovered while reading and ordered as in-memory fitting orders them. The
    /// result does not depend on ``threads``.
    ///
    /// - Parameters:
    ///   - stream: The documents; more than one pass needs a file (standard input is read once).
    ///   - online: How logistic regression fields are fitted.
    /// - Throws: ``InvalidParameter`` for options that cannot be used here (a block without
    ///   hashing, balanced class weights) or are out of range, ``DataError`` for bad data
    ///   (naming the file and line, as the in-memory reader does) or a file that changes between
    ///   passes, ``TrainingError`` for data a classifier cannot be fitted to.
    public func fitted(to stream: DatasetStream, online: OnlineLogisticRegression = OnlineLogisticRegression()) throws
        -> TextClassifier
    {
        try fittedWithTotals(to: stream, online: online).classifier
    }

    /// How many times ``fitted(to:online:)`` reads `stream`: a pass for document frequencies
    /// when a block uses idf, then one, or `online.passes` with a logistic regression field.
    public func passes(over stream: DatasetStream, online: OnlineLogisticRegression = OnlineLogisticRegression()) -> Int {
        let counting = vectorizer.blocks.contains(where: \.usesIDF) ? 1 : 0
        let fitsRegression = stream.reader.labelFields.contains {
            if case .logisticRegression = algorithm(for: $0) { return true } else { return false }
        }
        return counting + (fitsRegression ? online.passes : 1)
    }

    /// ``fitted(to:online:)``, with what was read and `progress` told of each batch and pass.
    package func fittedWithTotals(to stream: DatasetStream, online: OnlineLogisticRegression = OnlineLogisticRegression(),
                                  progress: ((StreamingEvent) -> Void)? = nil) throws
        -> (classifier: TextClassifier, totals: DatasetStream.Totals)
    {
        try validate()
        try online.validate()
        try stream.reader.validate()
        var stream = stream
        stream.threads = threads
        let fields = stream.reader.labelFields
        if let unknown = algorithmsByField.keys.sorted().first(where: { !fields.contains($0) }) {
            throw InvalidParameter(name: "algorithm", value: unknown, requirement: "given for a label field of the data (\(fields.joined(separator: ", ")))")
        }
        var features = try HashedUnionFit(vectorizer)
        let algorithms = fields.map { algorithm(for: $0) }
        for case .spark(let estimator) in algorithms {
            throw TrainingError("\(estimator.kind.rawValue) models are trained by Spark (scripts/spark/train.py) and imported with textclf import-spark")
        }
        if vectorizer.blocks.contains(where: { $0.hashing?.alternateSign == true }),
           let field = zip(fields, algorithms).first(where: { $0.1.kind != .logisticRegression })?.0 {
            throw TrainingError("naive Bayes (field \"\(field)\") needs non-negative feature values; signed feature hashing (alternate sign) cannot be used with naive Bayes")
        }
        for case .logisticRegression(let regression) in algorithms where regression.balancesClasses {
            throw InvalidParameter(name: "classWeight", value: "balanced",
                                   requirement: "none when training from a stream (balancing needs every class's count before the first step)")
        }
        let passCount = passes(over: stream, online: online)
        guard passCount == 1 || stream.isRereadable else {
            throw TrainingError("\(stream.source) can be read only once, but this fit reads the data \(passCount) times (a pass for idf weights, and one per logistic-regression pass); give a file")
        }

        var classes = [ClassIndex](repeating: ClassIndex(), count: fields.count)
        var totals: DatasetStream.Totals?
        var passNumber = 0
        func read(_ purpose: StreamingEvent.Purpose, _ body: (Dataset) throws -> Void) throws {
            passNumber += 1
            let clock = ContinuousClock(), start = clock.now
            var documents = 0
            let read = try stream.forEachBatch { batch in
                try body(batch)
                documents += batch.count
                progress?(.batch(pass: passNumber, of: passCount, purpose: purpose, documents: documents))
            }
            if let totals, totals.documents != read.documents || totals.bytes != read.bytes {
                throw DataError(file: stream.source, problem: "changed while it was being read (\(totals.documents) documents in \(totals.bytes) bytes on the first pass, \(read.documents) in \(read.bytes) on pass \(passNumber))")
            }
            totals = read
            progress?(.pass(pass: passNumber, of: passCount, purpose: purpose, documents: read.documents, bytes: read.bytes,
                            seconds: (clock.now - start).seconds))
        }
        func encoded(_ batch: Dataset) throws -> [[Int]] {
            try fields.indices.map { index in classes[index].encode(try batch.labels(of: fields[index])) }
        }

        if features.needsFrequencies {
            try read(.documentFrequencies) { batch in
                features.count(batch.texts, threads: threads)
                _ = try encoded(batch)
            }
        }
        let union = try features.model()
        var counts = [NaiveBayesCounts?](repeating: nil, count: fields.count)
        var trainers = [OnlineSoftmaxTrainer?](repeating: nil, count: fields.count)
        for (index, algorithm) in algorithms.enumerated() {
            switch algorithm {
            case .logisticRegression(let regression):
                trainers[index] = OnlineSoftmaxTrainer(featureCount: union.featureCount, regression: regression,
                                                       options: online, threads: threads)
            case .naiveBayes, .complementNaiveBayes:
                counts[index] = NaiveBayesCounts(featureCount: union.featureCount)
            case .spark:
                preconditionFailure("Spark estimators are refused before reading")
            }
        }
        var losses = [Double](repeating: 0, count: fields.count)
        let trainingPasses = passCount - (features.needsFrequencies ? 1 : 0)
        for trainingPass in 1 ... trainingPasses {
            try read(.training(pass: trainingPass, of: trainingPasses)) { batch in
                let matrix = union.features(for: batch.texts, threads: threads)
                let labels = try encoded(batch)
                for index in fields.indices {
                    if trainingPass == 1 { counts[index]?.add(matrix, labels: labels[index]) }
                    trainers[index]?.train(on: matrix, labels: labels[index])
                }
            }
            for index in fields.indices where trainers[index] != nil {
                losses[index] = trainers[index]!.finishPass().meanLoss
            }
        }

        var fitted: [FieldClassifier] = []
        for (index, name) in fields.enumerated() {
            let sorted = TextClassifier.sortedClasses(classes[index].names)
            guard sorted.count >= 2 else {
                throw TrainingError("field \"\(name)\" has only one class (\(sorted.first ?? "")); a classifier needs at least two")
            }
            let order = sorted.map { classes[index].index[$0]! }
            let model: LinearClassifier
            switch algorithms[index] {
            // Taken out first, so the sums in arrival order are freed as the reordered ones are made.
            case .naiveBayes(let estimator):
                model = try estimator.fitted(to: counts[index].take()!.reordered(order))
            case .complementNaiveBayes(let estimator):
                model = try estimator.fitted(to: counts[index].take()!.reordered(order))
            case .logisticRegression:
                trainers[index]!.addClasses(upTo: sorted.count)
                model = trainers[index]!.classifier(order: order, meanLoss: losses[index])
            case .spark:
                preconditionFailure("Spark estimators are refused before reading")
            }
            counts[index] = nil
            trainers[index] = nil
            fitted.append(FieldClassifier(name: name, classes: sorted, model: model))
        }
        return (try TextClassifier(vectorizer: union, fields: fitted), totals!)
    }
}

/// What streaming training is doing, for a progress display.
package enum StreamingEvent: Sendable {
    /// Why the data is being read.
    package enum Purpose: Sendable, Equatable {
        /// Counting document frequencies for idf weights.
        case documentFrequencies
        /// Fitting the classifiers: pass `pass` of `of`.
        case training(pass: Int, of: Int)
    }

    /// A batch of pass `pass` (of `of`) was used; `documents` so far in this pass.
    case batch(pass: Int, of: Int, purpose: Purpose, documents: Int)
    /// Pass `pass` (of `of`) ended.
    case pass(pass: Int, of: Int, purpose: Purpose, documents: Int, bytes: Int, seconds: Double)
}

/// The classes of one field in the order they were met, each with its index.
private struct ClassIndex {
    var names: [String] = []
    var index: [String: Int] = [:]

    mutating func encode(_ labels: [String]) -> [Int] {
        labels.map { label in
            if let known = index[label] { return known }
            index[label] = names.count
            names.append(label)
            return names.count - 1
        }
    }
}
