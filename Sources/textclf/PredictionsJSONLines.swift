import TextClassification

/// `evaluate --predictions`: one JSON object per document, in data order —
/// `{"id": …, "line": N, "text": "…", "<field>": {"gold": "…", "predicted": "…",
/// "probabilities": {"<class>": p, …}}, …}` — so a reader can find every mistake and how sure
/// the model was without training anything again. `id` is copied from the data as written and
/// is absent for a document without one.
enum PredictionsJSONLines {
    /// Keys of the line itself, which a label field must not take.
    static let ownKeys: Set<String> = ["id", "line", "text"]

    static func lines(dataset: Dataset, ids: [String?], predictions: [Prediction]) throws -> [String] {
        let gold = try dataset.fieldNames.map { try dataset.labels(of: $0) }
        return dataset.texts.indices.map { row in
            var members: [(String, JSON)] = []
            if ids.indices.contains(row), let id = ids[row] { members.append(("id", .raw(id))) }
            members.append(("line", .integer(dataset.lines[row])))
            members.append(("text", .string(dataset.texts[row])))
            for prediction in predictions[row] {
                guard let column = dataset.fieldNames.firstIndex(of: prediction.field) else { continue }
                members.append((prediction.field, .object([
                    ("gold", .string(gold[column][row])),
                    ("predicted", .string(prediction.label)),
                    ("probabilities", .object(prediction.probabilities.map { ($0.label, .number($0.probability)) })),
                ])))
            }
            return JSON.object(members).serialized
        }
    }
}
