import CreditCore
import CreditRepair
import CreditRules
import CreditSampling
import CreditServer
import CreditStore
import CreditSynthetic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
func rulesText(_ name: String) throws -> String { try String(contentsOf: repositoryRoot.appendingPathComponent("Rules/\(name)"), encoding: .utf8) }

/// A classified synthetic city in a database file, with one draw, results, notices and a
/// token per role.
struct ServerFixture {
    let directory: URL
    let database: CreditDatabase
    let configuration: ServerConfiguration
    let tokens: [Role: String]
    let drawID = "2026-10"
    let sampleCode: String

    init(enterprises: Int = 400) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("credit-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try CreditDatabase.open(path: directory.appendingPathComponent("credit.db").path)
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
        _ = try store.prepare(id: drawID, asOf: CalendarDate(iso: "2026-10-08")!, randomnessSource: "福利彩票双色球 2026-10-08 开奖号码",
                              plan: plan, planText: planText, now: drawn, actor: "test")
        _ = try store.run(id: drawID, randomness: "31415", now: drawn, actor: "test")
        let repairRules = try RepairRulesLoader.load(try rulesText("repair.yaml"))
        _ = try RepairStore(database: database, rules: repairRules).issueNotices(since: nil, now: t0, actor: "test")
        var templates: [String: String] = [:]
        for name in ["notice.html.mustache", "notice.txt.mustache", "report.html.mustache"] { templates[name] = try rulesText("templates/\(name)") }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        configuration = ServerConfiguration(
            database: database, repairRules: repairRules, renderer: try DocumentRenderer(templates: templates),
            calendar: try CalendarLoader.load(try rulesText("calendar.yaml")), samplingPlan: plan, samplingPlanText: planText,
            eligibility: try EligibilityRulesLoader.load(try rulesText("eligibility.yaml")), logger: logger,
            revalidateAfter: .zero)
        var tokens: [Role: String] = [:]
        for role in Role.allCases { tokens[role] = try TokenStore(database: database).create(name: "\(role.rawValue)-tester", role: role, now: t0).token }
        self.tokens = tokens
        sampleCode = String(String(decoding: try store.files(drawID: drawID)[DrawFiles.selection]!, as: UTF8.self).prefix(18))
    }

    var app: some ApplicationProtocol { Application(router: buildRouter(configuration), logger: configuration.logger) }

    func headers(_ role: Role?) -> HTTPFields {
        guard let role else { return [:] }
        return [.authorization: "Bearer \(tokens[role]!)"]
    }

    /// A concrete URI for an endpoint (path parameters filled with fixture values).
    func uri(_ endpoint: Endpoint) -> String {
        var path = endpoint.path
            .replacingOccurrences(of: "{uscc}", with: sampleCode)
            .replacingOccurrences(of: "{number}", with: "保市监信修告〔2026〕0001号".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)
            .replacingOccurrences(of: "{id}", with: endpoint == .repairDecide ? "999" : drawID)
        if endpoint == .search { path += "?q=%E4%BF%9D%E5%AE%9A" }
        return path
    }
}
