import CreditRepair
import CreditStore
import Foundation
import Hummingbird
import Logging

/// Every API error has this JSON shape: `{"error": {"code", "message"}}`, with the status
/// that fits: 400 malformed input, 401 no or bad token, 403 wrong role, 404 unknown, 409
/// conflict (e.g. a redraw), 413 body too large, 500 otherwise.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra headers of the answer (e.g. `Allow` with a 405).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status; self.code = code; self.message = message; self.headers = headers
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    public static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: [String: String]] = ["error": ["code": code, "message": message]]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error escaping a handler into a response in the JSON error shape, so the
/// middleware outside it (security headers, logging) sees an answer like any other.
/// A browser (one that accepts `text/html`) gets the same error as a page in Chinese, headed by
/// the agency, instead of raw JSON.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CreditRequestContext
    /// The issuing agency, for the heading of error pages.
    let agency: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = Self.apiError(error, context)
            guard request.headers[.accept]?.contains("text/html") == true else { return try failure.response(from: request, context: context) }
            var fields = failure.headers
            fields[.contentType] = "text/html; charset=utf-8"
            let title = failure.status == .notFound ? "页面不存在" : "无法完成请求"
            let page = PublicPages.layout(agency: agency, title: title, body: """
                <h1>\(title)</h1><p>\(escapedMarkup(failure.message))</p><p><a href="/public/credit">返回企业信用查询</a></p>
                """)
            return Response(status: failure.status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }

    static func apiError(_ error: any Error, _ context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            let code = switch error.status {
            case .notFound: "not_found"
            case .contentTooLarge: "body_too_large"
            case .badRequest: "bad_request"
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden"
            default: "http_\(error.status.code)"
            }
            return APIError(error.status, code, error.body ?? error.status.reasonPhrase)
        case let error as DrawError:
            return APIError(error.status, error.code, error.description)
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return APIError(.internalServerError, "internal", "服务器未能完成请求，请稍后再试")
        }
    }
}
