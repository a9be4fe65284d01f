import ArgumentParser
import CreditCore
import CreditPrint
import CreditRepair
import CreditServer
import CreditStore
import Foundation
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: JSON API under /api/v1, officer pages, public draw pages.",
        discussion: "Create a token first: credit token create --role officer --name NAME. Stop with Ctrl-C (graceful).")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "TCP port.") var port = 8080
    @Option(name: .customLong("revalidate-after"),
            help: "Seconds a token check and the latest classification run are reused before being read again (0: every request reads them).")
    var revalidateAfter = 1.0
    @Option(name: .customLong("public-rate-limit"),
            help: "Requests per minute per client address on /public/* (default: Rules/public-service.yaml; 0 turns the limit off, e.g. for an API fuzzer).")
    var publicRateLimit: Int?

    func validate() throws {
        guard revalidateAfter >= 0, revalidateAfter <= 3600 else { throw ValidationError("--revalidate-after must be 0…3600 seconds") }
        if let publicRateLimit, publicRateLimit < 0 { throw ValidationError("--public-rate-limit must be ≥ 0") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535 (got \(port))") }
    }

    func run() async throws {
        let directory = options.rulesDirectory
        let (plan, planText) = try directory.samplingPlan()
        var logger = Logger(label: "credit.server")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let database = try options.open()
        var publicService = try directory.publicServiceRules()
        if let publicRateLimit { publicService.requestsPerMinute = publicRateLimit; publicService.burst = max(publicService.burst, publicRateLimit) }
        let configuration = ServerConfiguration(
            host: host, port: port, database: database, lookupJournal: try LookupJournal.open(for: database),
            repairRules: try directory.repairRules(),
            renderer: try directory.renderer(), calendar: try directory.calendar(), samplingPlan: plan, samplingPlanText: planText,
            eligibility: try directory.eligibilityRules(), publicService: publicService, logger: logger,
            revalidateAfter: .milliseconds(Int64((revalidateAfter * 1000).rounded())), pdf: try? PDFConverter.installed())
        if let pdf = configuration.pdf { logger.info("PDF documents by \(pdf.engine.rawValue) at \(pdf.executable)") } else {
            logger.notice("neither Chromium nor LibreOffice is installed: ?format=pdf answers 503")
        }
        try await buildApplication(configuration).runService()
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API tokens with roles (regulator, officer, auditor).",
        subcommands: [Create.self, Revoke.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and stored only as a hash.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "regulator, officer or auditor.") var role: Role
        @Option(help: "Who holds the token (for the audit log).") var name: String

        func run() throws {
            let (id, token) = try TokenStore(database: try options.open()).create(name: name, role: role, now: .now)
            print(token)
            printError("token \(id) for \(name) (\(role.rawValue)); it will not be shown again")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Token id.") var id: Int64

        func run() throws {
            guard try TokenStore(database: try options.open()).revoke(id: id, now: .now) else { throw CLIError("no active token \(id)") }
            print("token \(id) revoked")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their values).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        struct Entry: Encodable {
            var id: Int64, name: String, role: String, createdAt: String, revokedAt: String?
            enum CodingKeys: String, CodingKey { case id, name, role, createdAt = "created_at", revokedAt = "revoked_at" }
        }

        func run() throws {
            let tokens = try TokenStore(database: try options.open()).list()
            var table = TextTable(["编号", "持有人", "角色", "创建时间", "撤销时间"], rightAligned: [0])
            for t in tokens { table.add(["\(t.id)", t.name, Role(rawValue: t.role)?.chineseName ?? t.role, beijing(t.createdAt), t.revokedAt.map(beijing) ?? ""]) }
            try printListing(table, json: tokens.map { Entry(id: $0.id, name: $0.name, role: $0.role, createdAt: $0.createdAt, revokedAt: $0.revokedAt) },
                             format: format)
        }
    }
}

extension Role: ExpressibleByArgument {}
