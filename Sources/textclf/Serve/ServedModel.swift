import Foundation
import Logging
import Metrics
import NIOConcurrencyHelpers
import TextClassification

/// The model `serve` answers with, and how it is replaced.
///
/// Requests read the current model under a lock held only long enough to copy one reference, so
/// a request always classifies with one whole model, old or new, never a mixture. A reload reads
/// and validates the file completely before swapping it in; when that fails the old model stays.
final class ModelStore: Sendable {
    /// A loaded model with what identifies it.
    struct Loaded: Sendable {
        let classifier: TextClassifier
        let summary: ModelSummary
        let path: String
    }

    /// The file every reload reads: the one loaded at start.
    let path: String
    private let current: NIOLockedValueBox<Loaded>
    /// Reloads run here one at a time, off the server's threads: reading and validating a large
    /// model takes seconds, and two reloads racing could leave the older file in place.
    private let reloadQueue = DispatchQueue(label: "textclf.serve.reload")
    private let logger: Logger
    private let successfulReloads = Metrics.Counter(label: ServiceMetrics.modelReloads, dimensions: [("result", "success")])
    private let failedReloads = Metrics.Counter(label: ServiceMetrics.modelReloads, dimensions: [("result", "failure")])

    /// Loads the model at `path`; throws what ``ModelFile`` throws, so a bad model stops the
    /// service before it opens its port.
    init(path: String, logger: Logger) throws {
        let (classifier, summary) = try ModelFile.readWithSummary(from: path)
        self.path = path
        self.current = NIOLockedValueBox(Loaded(classifier: classifier.preparedForServing(), summary: summary, path: path))
        self.logger = logger
    }

    /// The model to use for one request.
    var model: Loaded { current.withLockedValue { $0 } }

    /// Reads the file again and, when it is a valid model, swaps it in. On failure the old model
    /// keeps serving and one line saying why is logged. `trigger` names the cause in that line.
    func reload(trigger: String) async -> Result<Loaded, ModelFileError> {
        await withCheckedContinuation { continuation in
            reloadQueue.async {
                continuation.resume(returning: self.reloadNow(trigger: trigger))
            }
        }
    }

    private func reloadNow(trigger: String) -> Result<Loaded, ModelFileError> {
        do {
            let (classifier, summary) = try ModelFile.readWithSummary(from: path)
            let loaded = Loaded(classifier: classifier.preparedForServing(), summary: summary, path: path)
            current.withLockedValue { $0 = loaded }
            successfulReloads.increment()
            logger.info("reloaded \(path) (\(trigger)): sha256 \(summary.sha256)")
            return .success(loaded)
        } catch {
            let failure = error as? ModelFileError ?? ModelFileError(path: path, problem: "\(error)")
            failedReloads.increment()
            logger.error("reload failed (\(trigger)), still serving sha256 \(model.summary.sha256): \(failure.description)")
            return .failure(failure)
        }
    }
}
