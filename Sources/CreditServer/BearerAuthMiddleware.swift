import CreditStore
import Hummingbird

/// Reads `Authorization: Bearer TOKEN`, checks it against the stored hashes and puts the
/// caller in the context. A present but unknown or revoked token is refused (401); no token
/// leaves the caller anonymous, which only public routes accept. A token's check is reused
/// for `ServerConfiguration.revalidateAfter` (a revocation takes effect within it).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CreditRequestContext
    let tokens: TokenStore
    let principals: Revalidating<String, Principal?>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, "unauthorized", "访问令牌格式不正确（Authorization: Bearer 令牌）")
        }
        let token = String(parts[1])
        guard let principal = try principals.value(token, read: { try tokens.principal(token: token) }) else {
            throw APIError(.unauthorized, "unauthorized", "访问令牌无效或已被撤销，请重新登录")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
