import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import TextClassification

/// The HTTP API: decodes each request, asks the library, encodes the answer. No math here, and
/// no output shape of its own: documents are rendered by ``PredictionJSON``, as `classify --json`
/// renders them.
struct ServiceRouter: Sendable {
    /// Limits that protect the service from oversized requests.
    struct Limits: Sendable {
        /// Largest request body accepted, in bytes (413 above).
        var maxBodyBytes: Int
        /// Most documents in one request (413 above).
        var maxBatch: Int
    }

    let store: ModelStore
    let limits: Limits
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    private let documentsClassified = Metrics.Counter(label: ServiceMetrics.documentsClassified)

    init(store: ModelStore, limits: Limits, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.store = store
        self.limits = limits
        self.registry = registry
        self.logger = logger
    }

    /// The router for every ``Route``, with metrics outermost and JSON errors inside them.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: JSONErrorMiddleware(logger: logger))
        for route in Route.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, _ in
                try await self.respond(to: route, request: request)
            }
        }
        return router
    }

    private func respond(to route: Route, request: Request) async throws -> Response {
        switch route {
        case .classify: try await classify(request)
        case .model: try Self.json(encoding: ModelDescription(store.model))
        case .reload: try await reload()
        case .health: Self.json(.object([("status", .string("ok"))]))
        // The model is loaded before the port opens and a reload never removes it, so a
        // listening service is ready.
        case .readiness: Self.json(.object([("status", .string("ready")), ("sha256", .string(store.model.summary.sha256))]))
        case .metrics:
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    // MARK: Classify

    private func classify(_ request: Request) async throws -> Response {
        guard Self.isJSON(request.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "Content-Type must be application/json")
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limits.maxBodyBytes {
            throw APIError(.contentTooLarge, "the body is \(declared) bytes; the limit is \(limits.maxBodyBytes) (--max-body-bytes)")
        }
        let body = try await request.body.collect(upTo: limits.maxBodyBytes)
        guard body.readableBytes > 0 else {
            throw APIError(.badRequest, "empty body: send a JSON object such as {\"text\": \"…\"}")
        }
        let query = try ClassifyRequest.decode(from: Array(body.readableBytesView))
        guard query.documentCount <= limits.maxBatch else {
            throw APIError(.contentTooLarge, "\(query.documentCount) documents in one request; the limit is \(limits.maxBatch) (--max-batch)")
        }
        let classifier = store.model.classifier
        let top = query.top
        let answer: JSON
        switch query.input {
        case .text(let text):
            answer = PredictionJSON.document(text: text, predictions: classifier.prediction(for: text), top: top)
        case .texts(let texts):
            answer = Self.results(texts, ids: nil, classifier: classifier, top: top)
        case .documents(let documents):
            answer = Self.results(documents.map(\.text), ids: documents.map(\.id), classifier: classifier, top: top)
        }
        documentsClassified.increment(by: query.documentCount)
        return Self.json(answer)
    }

    /// `{"results": […]}` in input order, each with its id when the request gave one.
    private static func results(_ texts: [String], ids: [JSON?]?, classifier: TextClassifier, top: Int) -> JSON {
        let predictions = classifier.predictions(for: texts)
        return .object([("results", .array(texts.indices.map { index in
            PredictionJSON.document(text: texts[index], predictions: predictions[index], top: top,
                                    leading: (ids?[index] ?? nil).map { [("id", $0)] } ?? [])
        }))])
    }

    /// `application/json`, with or without parameters such as `charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // What clients almost always send; checked first because the general case costs a few
        // microseconds of Foundation string work per request.
        if contentType == "application/json" { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    // MARK: Model and reload

    private func reload() async throws -> Response {
        switch await store.reload(trigger: "POST /v1/reload") {
        case .success(let loaded):
            return try Self.json(encoding: ReloadAnswer(model: ModelDescription(loaded)))
        case .failure(let error):
            throw APIError(.internalServerError, "reload failed, still serving the previous model: \(error.description)")
        }
    }

    private static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }

    private static func json(encoding value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// `GET /v1/model`'s answer: the library's ``ModelSummary`` and the path it was read from.
private struct ModelDescription: Encodable {
    let loaded: ModelStore.Loaded

    init(_ loaded: ModelStore.Loaded) { self.loaded = loaded }

    private enum Key: String, CodingKey { case path }

    func encode(to encoder: any Encoder) throws {
        try loaded.summary.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(loaded.path, forKey: .path)
    }
}

/// `POST /v1/reload`'s answer when the new file was swapped in.
private struct ReloadAnswer: Encodable {
    let reloaded = true
    let model: ModelDescription
}
