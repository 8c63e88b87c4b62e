import TextClassification

/// The JSON object for one classified document — `{"text": …, "<field>": {"label": …,
/// "probabilities": {…}}, …}` — built in one place because two outputs promise the same shape:
/// a line of `classify --json` and an element of `POST /v1/classify`'s answer. Both call this,
/// so they cannot drift apart.
enum PredictionJSON {
    /// The object for `text` and its `predictions`.
    ///
    /// - Parameters:
    ///   - top: Above 1, each field also gets `"top"`: its `top` most probable classes as an
    ///     array, most probable first. `probabilities` always lists every class in the model's
    ///     order.
    ///   - leading: Members put first, in order: the caller's document id, or the fields of a
    ///     JSON Lines input line copied through.
    ///   - explanation: With `classify --explain`, each field gets `"explanation"`: the margin
    ///     over the runner-up, the intercept, and the `terms` strongest terms each way.
    static func document(text: String, predictions: Prediction, top: Int, leading: [(String, JSON)] = [],
                         explanation: Explanation? = nil, terms: Int = 0) -> JSON {
        var members = leading
        members.reserveCapacity(leading.count + predictions.count + 1)
        members.append(("text", .string(text)))
        for prediction in predictions {
            var field: [(String, JSON)] = [
                ("label", .string(prediction.label)),
                ("probabilities", .object(prediction.probabilities.map { ($0.label, .number($0.probability)) })),
            ]
            if top > 1 {
                field.append(("top", .array(prediction.top(top).map {
                    .object([("label", .string($0.label)), ("probability", .number($0.probability))])
                })))
            }
            if let explained = explanation?.fields.first(where: { $0.field == prediction.field }) {
                field.append(("explanation", Self.json(explained, terms: terms)))
            }
            members.append((prediction.field, .object(field)))
        }
        return .object(members)
    }

    private static func json(_ explained: FieldExplanation, terms: Int) -> JSON {
        let members: [(String, JSON)] = [
            ("runner_up", JSON.string(explained.runnerUp)), ("margin", JSON.number(explained.margin)),
            ("intercept", JSON.number(explained.intercept)),
            ("toward", contributions(explained.toward(terms))), ("against", contributions(explained.against(terms))),
        ]
        return JSON.object(members)
    }

    private static func contributions(_ contributions: [TermContribution]) -> JSON {
        var items: [JSON] = []
        for contribution in contributions {
            let members: [(String, JSON)] = FeatureText.members(contribution.feature)
                + [("value", JSON.number(contribution.value)), ("contribution", JSON.number(contribution.contribution))]
            items.append(JSON.object(members))
        }
        return .array(items)
    }

    /// The copied-through fields of an input line, renamed `input_NAME` where `NAME` is one the
    /// answer itself uses (`text`, a label field), so that neither value is lost.
    static func passThrough(_ fields: [DocumentLine.Field], reserved: Set<String>) -> [(String, JSON)] {
        var taken = reserved.union(fields.map(\.name))
        return fields.map { field in
            guard reserved.contains(field.name) else { return (field.name, .raw(field.json)) }
            var name = "input_" + field.name
            while taken.contains(name) { name = "input_" + name }
            taken.insert(name)
            return (name, .raw(field.json))
        }
    }
}
