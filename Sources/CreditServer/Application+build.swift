import CreditCore
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import Hummingbird
import Logging

/// Everything the server needs, loaded by the caller (the CLI reads `Rules/`).
public struct ServerConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    public var port: Int
    public var database: CreditDatabase
    public var repairRules: RepairRules
    public var renderer: DocumentRenderer
    public var calendar: WorkingDayCalendar
    public var samplingPlan: SamplingPlan
    public var samplingPlanText: String
    public var eligibility: EligibilityRules
    public var logger: Logger
    /// How long a token's check and the latest classification run are reused before they are
    /// read again: a revoked token is refused, and a newly stored run served, within this time.
    public var revalidateAfter: Duration

    /// - Parameters:
    ///   - host: address to bind (default 127.0.0.1).
    ///   - port: TCP port (default 8080).
    ///   - database: the migrated store.
    ///   - repairRules, renderer, calendar, samplingPlan, samplingPlanText, eligibility: the loaded `Rules/`.
    ///   - logger: request and error logging.
    ///   - revalidateAfter: reuse of token checks and of the latest run (default 1 s; zero reads them for every request).
    public init(host: String = "127.0.0.1", port: Int = 8080, database: CreditDatabase, repairRules: RepairRules,
                renderer: DocumentRenderer, calendar: WorkingDayCalendar, samplingPlan: SamplingPlan, samplingPlanText: String,
                eligibility: EligibilityRules, logger: Logger = Logger(label: "credit.server"), revalidateAfter: Duration = .seconds(1)) {
        self.host = host; self.port = port; self.database = database; self.repairRules = repairRules; self.renderer = renderer
        self.calendar = calendar; self.samplingPlan = samplingPlan; self.samplingPlanText = samplingPlanText
        self.eligibility = eligibility; self.logger = logger; self.revalidateAfter = revalidateAfter
    }
}

/// Builds the application: the router on the configured address, graceful shutdown on
/// SIGTERM/SIGINT (via `runService`). The store is migrated when it is opened, before start.
public func buildApplication(_ configuration: ServerConfiguration) -> some ApplicationProtocol {
    Application(router: buildRouter(configuration),
                configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CreditEngine"),
                logger: configuration.logger)
}

/// The router: request logging, JSON errors, bearer auth, then every `Endpoint` with its
/// roles enforced.
public func buildRouter(_ configuration: ServerConfiguration) -> Router<CreditRequestContext> {
    let router = Router(context: CreditRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BearerAuthMiddleware(tokens: TokenStore(database: configuration.database),
                                                principals: Revalidating(maximumAge: configuration.revalidateAfter)))
    let handlers = Handlers(configuration: configuration)
    for endpoint in Endpoint.allCases {
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            try authorize(endpoint, context)
            return try await handlers.handle(endpoint, request, context)
        }
    }
    return router
}

/// 401 without a caller, 403 with a role the route does not admit.
func authorize(_ endpoint: Endpoint, _ context: CreditRequestContext) throws {
    guard let roles = endpoint.roles else { return }
    guard let principal = context.principal else {
        throw APIError(.unauthorized, "unauthorized", "this route needs a bearer token (roles: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))")
    }
    guard roles.contains(principal.role) else {
        throw APIError(.forbidden, "forbidden", "role \(principal.role.rawValue) may not use \(endpoint.method.rawValue) \(endpoint.path)")
    }
}
