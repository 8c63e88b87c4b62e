import TextClassification

/// The JSON object for one classified document — `{"text": …, "<field>": {"label": …,
/// "probabilities": {…}}, …}` — built in one place because two outputs promise the same shape:
/// a line of `classify --json` and an element of `POST /v1/classify`'s answer. Both call this,
/// so they cannot drift apart.
enum PredictionJSON {
    /// The object for `text` and its `predictions`.
    ///
    /// - Parameters:
    ///   - id: Put first when given: the caller's document id, copied back unchanged.
    ///   - ranked: List each field's probabilities most probable first (`--top K` with K > 1)
    ///     instead of in the model's class order.
    static func document(text: String, predictions: Prediction, ranked: Bool, id: JSON? = nil) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(predictions.count + 2)
        if let id { members.append(("id", id)) }
        members.append(("text", .string(text)))
        for prediction in predictions {
            let probabilities = ranked ? prediction.top(prediction.probabilities.count) : prediction.probabilities
            members.append((prediction.field, .object([
                ("label", .string(prediction.label)),
                ("probabilities", .object(probabilities.map { ($0.label, .number($0.probability)) })),
            ])))
        }
        return .object(members)
    }
}
