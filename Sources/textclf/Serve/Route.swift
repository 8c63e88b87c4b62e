import Hummingbird

/// Every operation the service offers: one method on one path. The router is built from this
/// list, `docs/openapi.yaml` is tested against it, and a request to a listed path with another
/// method gets 405 rather than 404.
enum Route: String, CaseIterable, Sendable {
    case classify, model, reload, health, readiness, metrics

    /// The path, as clients write it.
    var path: String {
        switch self {
        case .classify: "/v1/classify"
        case .model: "/v1/model"
        case .reload: "/v1/reload"
        case .health: "/healthz"
        case .readiness: "/readyz"
        case .metrics: "/metrics"
        }
    }

    /// The one method the path answers.
    var method: HTTPRequest.Method {
        switch self {
        case .classify, .reload: .post
        case .model, .health, .readiness, .metrics: .get
        }
    }

    /// The route path `path` names (ignoring one trailing slash, as the router does), or `nil`.
    static func path(matching path: String) -> String? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return allCases.first { $0.path == trimmed }?.path
    }

    /// The methods allowed on `path`, for a 405's `Allow` header; empty for unknown paths.
    static func methods(allowedOn path: String) -> [HTTPRequest.Method] {
        guard let known = Self.path(matching: path) else { return [] }
        return allCases.filter { $0.path == known }.map(\.method)
    }
}
