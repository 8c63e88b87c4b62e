import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `textclf serve`: a long-running classification service over HTTP.
///
/// Loads the model once and answers many requests (a model that classifies in tens of
/// microseconds is wasted behind a process start per document). Reloads the model on SIGHUP and
/// `POST /v1/reload`, and shuts down gracefully on SIGTERM and SIGINT: the port closes, requests
/// in flight are answered, and the process exits 0.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a model over HTTP (POST /v1/classify; see docs/openapi.yaml).",
        discussion: """
            Logs to standard error, starting with the address it listens on. SIGHUP or POST /v1/reload \
            reads the model file again (a bad file keeps the old model); SIGTERM or SIGINT finishes \
            requests in flight and exits 0.
            Example:
              textclf serve --port 8080 &
              curl -s localhost:8080/v1/classify -H 'Content-Type: application/json' -d '{"text": "Kyiv will not cede Donetsk."}'
            """
    )

    @Option(help: ArgumentHelp("The model file (default: $TEXTCLF_MODEL or the shipped model).", valueName: "file"))
    var model: String?

    @Option(help: "The address to listen on; 0.0.0.0 for every interface.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port; 0 picks a free one (the log says which).")
    var port = 8080

    @Option(help: ArgumentHelp("Refuse request bodies larger than this (413).", valueName: "bytes"))
    var maxBodyBytes = 1 << 20

    @Option(help: ArgumentHelp("Refuse requests with more documents than this (413).", valueName: "count"))
    var maxBatch = 1000

    func validate() throws {
        if !(0 ... 65535).contains(port) { throw ValidationError("--port must be in 0...65535.") }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be at least 1.") }
        if maxBatch < 1 { throw ValidationError("--max-batch must be at least 1.") }
    }

    func run() async throws {
        // Run Swift concurrency's jobs on SwiftNIO's event loops (which Hummingbird uses) instead
        // of a second pool of threads: each request otherwise hops between the two, and on two
        // cores those thread switches cost more than classifying the text. Handlers stay short
        // (a batch is bounded by --max-batch) and a reload runs on its own queue.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let logger = Self.logger(level: .info)
        // Before anything makes a metric: one made earlier would record nowhere.
        let registry = PrometheusCollectorRegistry()
        ServiceMetrics.bootstrap(into: registry)
        let path: String
        let store: ModelStore
        do {
            path = try ModelLocation.path(model)
            store = try ModelStore(path: path, logger: logger)
        } catch let error as CommandFailure {
            fail(error.message)
        } catch {
            fail("\(error)")
        }

        let router = ServiceRouter(store: store, limits: .init(maxBodyBytes: maxBodyBytes, maxBatch: maxBatch),
                                   registry: registry, logger: logger)
        // Hummingbird and the service group log at info level about their own start and stop;
        // the one line a user needs (where it listens) is ours.
        let quiet = Self.logger(level: .warning)
        let host = self.host
        let summary = store.model.summary
        let application = Application(
            router: router.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening on http://\(host):\(port) (model \(path), sha256 \(summary.sha256))")
            },
            logger: quiet)
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: application), .init(service: HangupReload(signals: hangups, store: store))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: quiet))
        do {
            try await group.run()
        } catch let error as IOError {
            fail("cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode)))")
        } catch {
            fail("cannot serve on \(host):\(port): \(error)")
        }
        logger.info("stopped")
    }

    private static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "textclf") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}
