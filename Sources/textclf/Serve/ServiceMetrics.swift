import Dispatch
import Hummingbird
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// The service's metrics, recorded through swift-metrics and exported in Prometheus's text
/// format by swift-prometheus at `GET /metrics`.
enum ServiceMetrics {
    /// Requests answered, by route, method and status.
    static let requests = "textclf_http_requests_total"
    /// Time from a request's head to its response, by route, method and status.
    static let requestDuration = "textclf_http_request_duration_seconds"
    /// Documents classified (a batch counts each of its documents).
    static let documentsClassified = "textclf_documents_classified_total"
    /// Model reloads, by result (`success` or `failure`).
    static let modelReloads = "textclf_model_reloads_total"

    /// Buckets for request latency: classification takes tens of microseconds, so the library's
    /// default buckets (5 ms and up) would put every request in the first one.
    static let durationBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    /// Makes swift-metrics record into `registry`. Call once per process, before any metric is
    /// created.
    static func bootstrap(into registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[requestDuration] = durationBuckets
        MetricsSystem.bootstrap(factory)
    }
}

/// Counts every request and times it, labelled by route rather than by raw path, so that
/// requests to arbitrary unknown paths share one `unmatched` series instead of growing the
/// metrics without bound.
///
/// Placed outside ``JSONErrorMiddleware``, so it sees the status the client gets.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    private struct Series {
        let counter: Metrics.Counter
        let timer: Metrics.Timer
    }

    /// Looking a metric up through swift-metrics on every request costs more than this cache.
    private let cache = NIOLockedValueBox<[Key: Series]>([:])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let key = Key(route: Route.path(matching: request.uri.path) ?? "unmatched", method: request.method,
                      status: response.status.code)
        let series = cache.withLockedValue { cache in
            if let series = cache[key] { return series }
            let dimensions = [("route", key.route), ("method", key.method.rawValue), ("status", String(key.status))]
            let series = Series(counter: Metrics.Counter(label: ServiceMetrics.requests, dimensions: dimensions),
                                timer: Metrics.Timer(label: ServiceMetrics.requestDuration, dimensions: dimensions))
            cache[key] = series
            return series
        }
        series.counter.increment()
        series.timer.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
        return response
    }
}
