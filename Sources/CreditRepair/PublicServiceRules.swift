import CreditCore
import CreditRules

/// `Rules/public-service.yaml`: the public credit service's settings — credit report
/// numbering and verification, the public routes' rate limit, the limits on uploaded repair
/// materials, and how 信用提示 are dispatched (SMS templates, training sessions).
public struct PublicServiceRules: Sendable, Hashable {
    /// 企业信用报告编号 prefix: `保市监信报〔2026〕000001号`.
    public var reportPrefix: String
    /// The address printed on reports for checking them (`…/public/reports/NUMBER?code=…`).
    public var verificationURL: String
    /// Public requests per minute and burst, per client address.
    public var requestsPerMinute: Int
    public var burst: Int
    /// Uploaded material limits.
    public var maxFileBytes: Int
    public var maxFiles: Int
    /// SMS gateway template ids by reminder kind, and the gateway's signature (签名).
    public var smsTemplates: [Reminder.Kind: String]
    public var smsSignature: String
    /// Scheduled 信用修复培训 sessions: a training reminder goes to the first one after its date.
    public var trainingSessions: [TrainingSession]

    public struct TrainingSession: Sendable, Hashable {
        public var date: CalendarDate
        public var place: String
    }

    /// The report number of a year and sequence (不编虚位: no zero padding).
    public func reportNumber(year: Int, sequence: Int) -> String { "\(reportPrefix)〔\(year)〕\(sequence)号" }

    /// The first training session on or after a date.
    public func trainingSession(onOrAfter date: CalendarDate) -> TrainingSession? {
        trainingSessions.filter { $0.date >= date }.min { $0.date < $1.date }
    }
}

/// Reads `Rules/public-service.yaml` with file:line:column errors.
public enum PublicServiceRulesLoader {
    public static func load(_ text: String, file: String = "public-service.yaml") throws(RuleFileError) -> PublicServiceRules {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "report", "rate_limit", "uploads", "reminders"])
        let report = try root.required("report")
        try report.onlyKeys(["number_prefix", "verification_url"])
        let limit = try root.required("rate_limit")
        try limit.onlyKeys(["per_minute", "burst"])
        let uploads = try root.required("uploads")
        try uploads.onlyKeys(["max_file_bytes", "max_files"])
        let reminders = try root.required("reminders")
        try reminders.onlyKeys(["sms_signature", "sms_templates", "training_sessions"])
        var templates: [Reminder.Kind: String] = [:]
        for (key, node) in try reminders.required("sms_templates").mappingEntries() {
            guard let kind = Reminder.Kind(rawValue: key) else {
                throw node.error("'\(key)' is not a reminder kind (\(Reminder.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            templates[kind] = try node.string()
        }
        var sessions: [PublicServiceRules.TrainingSession] = []
        for item in try reminders.optional("training_sessions")?.items() ?? [] {
            try item.onlyKeys(["date", "place"])
            let dateNode = try item.required("date")
            guard let date = CalendarDate(iso: try dateNode.string()) else { throw dateNode.error("'\(try dateNode.string())' is not a date YYYY-MM-DD") }
            sessions.append(.init(date: date, place: try item.required("place").string()))
        }
        func positive(_ node: YAMLNode) throws(RuleFileError) -> Int {
            let value = try node.int()
            guard value > 0 else { throw node.error("must be a positive number") }
            return value
        }
        return PublicServiceRules(
            reportPrefix: try report.required("number_prefix").string(), verificationURL: try report.required("verification_url").string(),
            requestsPerMinute: try positive(try limit.required("per_minute")), burst: try positive(try limit.required("burst")),
            maxFileBytes: try positive(try uploads.required("max_file_bytes")), maxFiles: try positive(try uploads.required("max_files")),
            smsTemplates: templates, smsSignature: try reminders.required("sms_signature").string(), trainingSessions: sessions)
    }
}
