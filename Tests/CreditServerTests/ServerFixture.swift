import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditSampling
import CreditServer
@testable import CreditStore
import CreditSynthetic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization

/// Removes a folder when released (a test's fixture folder, after the test).
final class FolderRemoval: Sendable {
    let folder: URL
    init(_ folder: URL) { self.folder = folder }
    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// The template's folder, removed when the test process exits.
let templateDirectoryToRemove = Mutex<String?>(nil)

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
func rulesText(_ name: String) throws -> String { try String(contentsOf: repositoryRoot.appendingPathComponent("Rules/\(name)"), encoding: .utf8) }

/// A classified synthetic city in a database file, with one draw, results, notices and a
/// token per role. The city is built once per test process (`Template`); each test gets a
/// copy of its database file in a folder of its own, removed by `remove()`.
struct ServerFixture: Sendable {
    let directory: URL
    let database: CreditDatabase
    let lookupJournal: LookupJournal
    var configuration: ServerConfiguration
    let tokens: [Role: String]
    let drawID = Template.drawID
    let sampleCode: String

    /// The database every test starts from, built on first use and removed when the process exits.
    struct Template: Sendable {
        static let drawID = "2026-10"
        let directory: URL
        let tokens: [Role: String]
        let sampleCode: String

        static let shared: Result<Template, any Error> = Result { try Template(enterprises: 400) }

        init(enterprises: Int) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("credit-server-template-\(UUID().uuidString)")
            self.directory = directory
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            templateDirectoryToRemove.withLock { $0 = directory.path }
            atexit { templateDirectoryToRemove.withLock { path in if let path { try? FileManager.default.removeItem(atPath: path) } } }
            let database = try CreditDatabase.open(path: directory.appendingPathComponent("credit.db").path)
            var files: [SyntheticCity.File: String] = [:]
            SyntheticCity(enterpriseCount: enterprises, seed: 5, asOf: CalendarDate(iso: "2026-09-30")!).generate { file, line in files[file, default: ""] += line }
            let city = directory.appendingPathComponent("city")
            try FileManager.default.createDirectory(at: city, withIntermediateDirectories: true)
            for (file, text) in files where file != .penaltyCorrections { try Data(text.utf8).write(to: city.appendingPathComponent(file.rawValue)) }
            let t0 = Timestamp(iso: "2026-10-01T02:00:00.000Z")!
            _ = Importer(database: database).importPaths([city.path], options: ImportOptions(knownAt: t0))
            let rules = try LoadedRuleSet(text: try rulesText("classification.yaml"), file: "classification.yaml")
            _ = try ClassificationRunner(database: database).run(rules, asOf: CalendarDate(iso: "2026-10-01")!, knownBy: nil, now: t0, store: true)
            let planText = try rulesText("sampling.yaml")
            let plan = try SamplingPlanLoader.load(planText)
            let store = DrawStore(database: database)
            let drawn = Timestamp(iso: "2026-10-08T02:00:00.000Z")!
            _ = try store.prepare(id: Self.drawID, asOf: CalendarDate(iso: "2026-10-08")!, randomnessSource: "福利彩票双色球 2026-10-08 开奖号码",
                                  plan: plan, planText: planText, now: drawn, actor: "test")
            _ = try store.run(id: Self.drawID, randomness: "31415", now: drawn, actor: "test")
            let repairRules = try RepairRulesLoader.load(try rulesText("repair.yaml"))
            let calendar = try CalendarLoader.load(try rulesText("calendar.yaml"))
            _ = try RepairStore(database: database, rules: repairRules).issueNotices(since: nil, now: t0, actor: "test", calendar: calendar)
            var tokens: [Role: String] = [:]
            for role in Role.allCases { tokens[role] = try TokenStore(database: database).create(name: "\(role.rawValue)-tester", role: role, now: t0).token }
            self.tokens = tokens
            sampleCode = String(String(decoding: try store.files(drawID: Self.drawID)[DrawFiles.selection]!, as: UTF8.self).prefix(18))
            // Everything into the main file, so that copying it copies the whole database.
            _ = try database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        }
    }

    init() throws {
        let template = try Template.shared.get()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("credit-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        removal = FolderRemoval(directory)
        let path = directory.appendingPathComponent("credit.db").path
        try FileManager.default.copyItem(atPath: template.directory.appendingPathComponent("credit.db").path, toPath: path)
        database = try CreditDatabase.open(path: path)
        lookupJournal = try LookupJournal.open(for: database)
        tokens = template.tokens
        sampleCode = template.sampleCode
        let planText = try rulesText("sampling.yaml")
        var templates: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Rules/templates").path)
            where name.hasSuffix(".mustache") { templates[name] = try rulesText("templates/\(name)") }
        var repairRules = try RepairRulesLoader.load(try rulesText("repair.yaml"))
        repairRules.codeNames = try CodeNamesLoader.load(try rulesText("code-names.yaml"))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        configuration = ServerConfiguration(
            database: database, lookupJournal: lookupJournal, repairRules: repairRules,
            renderer: try DocumentRenderer(templates: templates),
            calendar: try CalendarLoader.load(try rulesText("calendar.yaml")), samplingPlan: try SamplingPlanLoader.load(planText),
            samplingPlanText: planText, eligibility: try EligibilityRulesLoader.load(try rulesText("eligibility.yaml")),
            publicService: try PublicServiceRulesLoader.load(try rulesText("public-service.yaml")), logger: logger,
            revalidateAfter: .zero)
    }

    /// Removes this test's folder (its database and journal) once the last copy of the fixture is gone.
    let removal: FolderRemoval

    var app: some ApplicationProtocol { Application(router: buildRouter(configuration), logger: configuration.logger) }

    func headers(_ role: Role?) -> HTTPFields {
        guard let role else { return [:] }
        return [.authorization: "Bearer \(tokens[role]!)"]
    }

    /// A concrete URI for an endpoint (path parameters filled with fixture values).
    func uri(_ endpoint: Endpoint) -> String {
        var path = endpoint.path
            .replacingOccurrences(of: "{uscc}", with: sampleCode)
            .replacingOccurrences(of: "{number}", with: "保市监信修告〔2026〕1号".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)
            .replacingOccurrences(of: "{id}", with: endpoint == .repairDecide ? "999" : drawID)
        if endpoint == .search { path += "?q=%E4%BF%9D%E5%AE%9A" }
        if endpoint == .publicReportIssue { path += "?format=html" }
        return path
    }
}
