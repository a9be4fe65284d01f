import CreditStore
import Hummingbird

/// The request context: Hummingbird's core storage plus the authenticated caller, if any.
public struct CreditRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthMiddleware` from a valid `Authorization: Bearer` token.
    public var principal: Principal?

    public init(source: Source) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// Bodies above 1 MiB are refused (413).
    public var maxUploadSize: Int { 1 << 20 }
}
