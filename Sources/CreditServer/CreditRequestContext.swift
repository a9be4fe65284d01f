import CreditStore
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the authenticated caller, if any,
/// and the address the request came from (for the public routes' rate limit).
public struct CreditRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthMiddleware` from a valid `Authorization: Bearer` token.
    public var principal: Principal?
    /// The peer; nil when the request did not come over a socket (tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies above 1 MiB are refused (413) — except where a route allows more (uploads).
    public var maxUploadSize: Int { 1 << 20 }
}
