import CreditCore
import CreditPrint
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Everything the server needs, loaded by the caller (the CLI reads `Rules/`).
public struct ServerConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    public var port: Int
    public var database: CreditDatabase
    /// Where lookups are logged (查询留痕), beside the database file.
    public var lookupJournal: LookupJournal
    public var repairRules: RepairRules
    public var renderer: DocumentRenderer
    public var calendar: WorkingDayCalendar
    public var samplingPlan: SamplingPlan
    public var samplingPlanText: String
    public var eligibility: EligibilityRules
    /// `Rules/public-service.yaml`: report numbering, the public rate limit, uploads, reminders.
    public var publicService: PublicServiceRules
    public var logger: Logger
    /// How long a token's check and the latest classification run are reused before they are
    /// read again: a revoked token is refused, and a newly stored run served, within this time.
    public var revalidateAfter: Duration
    /// How long a connection may stay silent (an unfinished request included) before it is closed.
    public var idleTimeout: Duration
    /// The engine that turns notices and reports into PDF (`?format=pdf`); nil when none is
    /// installed, and PDF is then answered with 503 naming what to install.
    public var pdf: PDFConverter?

    /// - Parameters:
    ///   - host: address to bind (default 127.0.0.1).
    ///   - port: TCP port (default 8080).
    ///   - database: the migrated store.
    ///   - lookupJournal: the lookup journal (`LookupJournal.open(for:)`).
    ///   - repairRules, renderer, calendar, samplingPlan, samplingPlanText, eligibility, publicService: the loaded `Rules/`.
    ///   - logger: request and error logging.
    ///   - revalidateAfter: reuse of token checks and of the latest run (default 1 s; zero reads them for every request).
    ///   - idleTimeout: silence after which a connection is closed (default 15 s).
    ///   - pdf: the PDF engine (`PDFConverter.installed()`), nil for none.
    public init(host: String = "127.0.0.1", port: Int = 8080, database: CreditDatabase, lookupJournal: LookupJournal,
                repairRules: RepairRules, renderer: DocumentRenderer, calendar: WorkingDayCalendar, samplingPlan: SamplingPlan,
                samplingPlanText: String, eligibility: EligibilityRules, publicService: PublicServiceRules,
                logger: Logger = Logger(label: "credit.server"),
                revalidateAfter: Duration = .seconds(1), idleTimeout: Duration = .seconds(15), pdf: PDFConverter? = nil) {
        self.host = host; self.port = port; self.database = database; self.lookupJournal = lookupJournal
        self.repairRules = repairRules; self.renderer = renderer
        self.calendar = calendar; self.samplingPlan = samplingPlan; self.samplingPlanText = samplingPlanText
        self.eligibility = eligibility; self.publicService = publicService; self.logger = logger; self.revalidateAfter = revalidateAfter; self.idleTimeout = idleTimeout
        self.pdf = pdf
    }
}

/// Builds the application: the router on the configured address, graceful shutdown on
/// SIGTERM/SIGINT (via `runService`), and connections closed after `idleTimeout` of silence
/// (a client that sends half a request and waits holds nothing for long). The store is
/// migrated when it is opened, before start.
public func buildApplication(_ configuration: ServerConfiguration) -> some ApplicationProtocol {
    let idle = configuration.idleTimeout.components
    let timeout = TimeAmount.nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000)
    return Application(router: buildRouter(configuration),
                       server: .http1(configuration: .init(idleTimeout: timeout)),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CreditEngine"),
                       logger: configuration.logger)
}

/// The router: request logging, security headers, JSON errors, bearer auth, then every `Endpoint` with its
/// roles enforced.
public func buildRouter(_ configuration: ServerConfiguration) -> Router<CreditRequestContext> {
    let router = Router(context: CreditRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    // No content sniffing, no framing by other sites, and pages that may load and send nothing
    // but to this server (they use only their own inline script and style), error answers included.
    router.add(middleware: ContentSecurityMiddleware(contentSecurityPolicy: [
        .defaultSrc(.none), .scriptSrc(.self, .unsafeInline), .styleSrc(.self, .unsafeInline), .imgSrc(.self, .uri("data:")),
        .connectSrc(.self), .formAction(.self), .baseURI(.none), .frameAncestors(.none),
    ]))
    router.add(middleware: ErrorMiddleware(agency: configuration.repairRules.issuer.agency))
    router.add(middleware: BearerAuthMiddleware(tokens: TokenStore(database: configuration.database),
                                                principals: Revalidating(maximumAge: configuration.revalidateAfter)))
    let handlers = Handlers(configuration: configuration)
    let limiter = RateLimiter(perMinute: configuration.publicService.requestsPerMinute, burst: configuration.publicService.burst)
    for endpoint in Endpoint.allCases {
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            if endpoint.isRateLimited, configuration.publicService.requestsPerMinute > 0,
               let wait = limiter.take(context.remoteAddress?.ipAddress ?? "local") {
                throw APIError(.tooManyRequests, "too_many_requests", "请求过于频繁，请 \(wait) 秒后再试", headers: [.retryAfter: "\(wait)"])
            }
            try authorize(endpoint, context)
            return try await handlers.handle(endpoint, request, context)
        }
    }
    // A known path asked with a method it does not have: 405 with the methods it has.
    for (path, methods) in Dictionary(grouping: Endpoint.allCases, by: \.path).mapValues({ Set($0.map(\.method)) }) {
        let allowed = methods.map(\.rawValue).sorted().joined(separator: ", ")
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options, .trace, .connect, HTTPRequest.Method("QUERY")!]
        where !methods.contains(method) {
            router.on(RouterPath(path), method: method) { _, _ -> Response in
                throw APIError(.methodNotAllowed, "method_not_allowed", "此地址只接受 \(allowed) 请求", headers: [.allow: allowed])
            }
        }
    }
    return router
}

/// 401 without a caller, 403 with a role the route does not admit.
func authorize(_ endpoint: Endpoint, _ context: CreditRequestContext) throws {
    guard let roles = endpoint.roles else { return }
    guard let principal = context.principal else {
        throw APIError(.unauthorized, "unauthorized", "请先登录（需要\(roles.map(\.chineseName).sorted().joined(separator: "、"))的访问令牌）")
    }
    guard roles.contains(principal.role) else {
        throw APIError(.forbidden, "forbidden", "\(principal.role.chineseName)无权进行此操作（需要\(roles.map(\.chineseName).sorted().joined(separator: "、"))）")
    }
}
