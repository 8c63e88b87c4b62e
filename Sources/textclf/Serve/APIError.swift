import Hummingbird
import Logging
import NIOCore

/// A request the service refuses: an HTTP status and one sentence for the client, sent as
/// `{"error": "…"}`.
struct APIError: Error, Sendable {
    /// The response status.
    let status: HTTPResponse.Status
    /// What was wrong, for a person reading the response.
    let message: String
    /// Extra response headers (`Allow` on a 405).
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The response a client receives.
    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body = JSON.object([("error", .string(message))]).bytes
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns everything a handler or the router throws into a JSON error response, so no error
/// reaches the client as an empty or HTML body: ``APIError``s as they are, Hummingbird's own
/// errors with their status, a known path with the wrong method as 405, and anything unexpected
/// as 500 (logged, since it is a bug).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as NIOTooManyBytesError {
            _ = error
            return APIError(.contentTooLarge, "the body is larger than the limit (--max-body-bytes)").response
        } catch let error as any HTTPResponseError {
            if error.status == .notFound {
                let allowed = Route.methods(allowedOn: request.uri.path)
                if !allowed.isEmpty {
                    var refusal = APIError(.methodNotAllowed, "\(request.uri.path) accepts \(allowed.map(\.rawValue).joined(separator: ", ")), not \(request.method.rawValue)")
                    refusal.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                    return refusal.response
                }
                return APIError(.notFound, "no such route: \(request.method.rawValue) \(request.uri.path)").response
            }
            return APIError(error.status, error.status.reasonPhrase).response
        } catch {
            logger.error("internal error on \(request.method.rawValue) \(request.uri.path): \(error)")
            return APIError(.internalServerError, "internal error").response
        }
    }
}
