import CreditCore
import CreditPrint
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import Hummingbird
import ZIPFoundation

/// The route handlers: thin adapters from HTTP to the store and the pure core.
struct Handlers: Sendable {
    let configuration: ServerConfiguration
    /// Parsed rule sets of stored runs.
    let rulesCache = RunRulesCache()
    /// 查询留痕 with group commit.
    let lookups: AuditBatcher
    /// Encoded explanations by (code, latest run).
    let explanations = ExplanationCache()
    /// The latest stored run, re-read after `revalidateAfter`.
    let latestRun: Revalidating<Int, Int64?>

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
        lookups = AuditBatcher(journal: configuration.lookupJournal)
        latestRun = Revalidating(maximumAge: configuration.revalidateAfter)
    }
    var database: CreditDatabase { configuration.database }
    var repair: RepairStore { RepairStore(database: database, rules: configuration.repairRules) }

    func handle(_ endpoint: Endpoint, _ request: Request, _ context: CreditRequestContext) async throws -> Response {
        switch endpoint {
        case .health: return try json(["status": "ok"])
        case .me: return try json(Me(context.principal))
        case .search: return try await search(request, context)
        case .enterprise: return try await enterprise(request, context)
        case .report: return try await report(request, context)
        case .eligibility: return try await eligibility(request, context)
        case .enterpriseNotices: return try await enterpriseNotices(context)
        case .notice: return try await notice(request, context)
        case .quality: return try await quality(request)
        case .repairs: return try json(try repair.applications(uscc: request.uri.queryParameters.get("uscc")))
        case .repairCreate: return try await repairCreate(request, context)
        case .repairDecide: return try await repairDecide(request, context)
        case .draws: return try json(try await draws.list())
        case .drawPrepare: return try await drawPrepare(request, context)
        case .drawRun: return try await drawRun(request, context)
        case .drawPlan: return try await drawPlan(request)
        case .drawShow: return try await drawShow(context)
        case .drawVoid: return try await drawVoid(request, context)
        case .drawBundle: return try await drawBundle(context)
        case .drawResults: return try await drawResults(request, context)
        case .officerPage: return html(Pages.officer)
        case .enterprisePage: return html(Pages.enterprise)
        case .drawPage: return html(Pages.draw)
        case .publicDraws: return try await publicDraws()
        case .publicDraw: return try await publicDraw(context)
        case .publicResults: return try await publicResults(context)
        case .publicReceipt: return try await publicFile(context, DrawFiles.publicReceipt)
        case .publicCommitment: return try await publicFile(context, DrawFiles.commitment)
        case .enterpriseReminders: return try await enterpriseReminders(context)
        case .publicCredit: return try await publicCredit(request)
        case .publicEnterprise: return try await publicEnterprise(context)
        case .publicReportIssue: return try await publicReportIssue(request, context)
        case .publicReports: return publicReports()
        case .publicReportLookup: return try await publicReportLookup(request)
        case .publicReportVerify: return try await publicReportVerify(request, context)
        case .publicRepairs: return publicRepairForm()
        case .publicRepairSubmit: return try await publicRepairSubmit(request, context)
        case .publicRepairStatus: return try await publicRepairStatus(request)
        case .chartClasses: return try await classesChart(request)
        case .chartRegions: return try await regionsChart(request)
        case .chartPlan: return try await planChart(request)
        case .chartQuality: return try await qualityChart(request)
        case .enterpriseHistoryChart: return try await historyChart(request, context)
        }
    }

    // MARK: Responses

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        body(try encoded(value), type: "application/json; charset=utf-8", status: status)
    }

    /// A response with a body of a media type.
    func body(_ bytes: ByteBuffer, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: bytes))
    }

    /// JSON with sorted keys and unescaped slashes, the API's one encoding.
    func encoded<T: Encodable>(_ value: T) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    func html(_ text: String) -> Response { body(ByteBuffer(string: text), type: "text/html; charset=utf-8") }

    func file(_ data: Data, type: String, name: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename*=UTF-8''\(encoded)"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Input

    /// The code in the path: 18 characters of the code alphabet (else 400). A code that fails
    /// a later check (the check character, say) is still looked up — allow-listed pilot codes
    /// are in the register — and is simply not found otherwise.
    func code(_ context: CreditRequestContext) throws -> String {
        try code(try decodedParameter("uscc", context))
    }

    /// The same rule for a code given in a request body.
    func code(_ raw: String) throws -> String {
        do { return try UnifiedSocialCreditCode(raw.trimmingDataWhitespace()).rawValue } catch {
            switch error {
            case .empty, .wrongLength, .invalidCharacter:
                throw APIError.badRequest("统一社会信用代码“\(raw)”无效：\(error.chineseDescription)")
            case .divisionNotNumeric, .unknownEntityType, .wrongCheckCharacter:
                return UnifiedSocialCreditCode(trusted: raw.trimmingDataWhitespace().uppercased()).rawValue
            }
        }
    }

    func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: CreditRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "请求内容超过 \(context.maxUploadSize / 1024) KiB")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError.badRequest("请求内容不是有效的 JSON，或缺少必需的字段")
        }
    }

    func date(_ text: String?, name: String) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let d = CalendarDate(iso: text) else { throw APIError.badRequest("参数 \(name) 须为日期 YYYY-MM-DD，现为“\(text)”") }
        return d
    }

    func now() -> Timestamp { Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000)) }

    /// Who the token belongs to, for the pages' login line.
    struct Me: Encodable {
        var name: String, role: String, roleName: String
        init(_ principal: Principal?) {
            name = principal?.name ?? ""; role = principal?.role.rawValue ?? ""; roleName = principal?.role.chineseName ?? ""
        }
        enum CodingKeys: String, CodingKey { case name, role, roleName = "role_name" }
    }

    // MARK: Enterprises

    struct SearchResult: Encodable { var query: String; var page: Int; var size: Int; var total: Int; var items: [EnterpriseSearch.Hit] }

    func search(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let q = parameters.get("q") ?? ""
        let query: EnterpriseSearch.Query
        do {
            query = try EnterpriseSearch.Query(q, page: try integer(parameters.get("page"), name: "page") ?? 1,
                                               size: try integer(parameters.get("size"), name: "size") ?? 20)
        } catch let error as EnterpriseSearch.SearchError {
            throw APIError.badRequest(error.description)
        }
        var (total, hits) = try await EnterpriseSearch(database: database).search(query, withClass: true)
        let names = configuration.repairRules.codeNames
        for i in hits.indices { hits[i].regionName = names.region(hits[i].region) }
        try await logLookup(context, payload: ["q": .string(query.text), "what": .string("search"), "page": .int(Int64(query.page)),
                                               "hits": .int(Int64(hits.count))])
        return try json(SearchResult(query: query.text, page: query.page, size: query.size, total: total, items: hits))
    }

    /// An optional integer query parameter.
    func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw APIError.badRequest("参数 \(name) 须为整数，现为 '\(text)'") }
        return value
    }

    func enterprise(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let runner = ClassificationRunner(database: database, listingTerms: configuration.repairRules.listingTerms)
        guard let latest = try latestRun.value(0, read: runner.latestRunID) else { throw APIError.notFound("尚无已保存的信用风险分类结果（先运行 credit classify）") }
        let key = ExplanationCache.Key(uscc: uscc, runID: latest)
        let body: ByteBuffer
        if let cached = explanations.get(key) {
            body = cached
        } else {
            guard let explanation = try runner.explainStored(uscc, cache: rulesCache,
                                                             repair: (configuration.repairRules, configuration.calendar)) else {
                throw APIError.notFound("\(uscc) 不在检查对象名录库中，或尚未分类")
            }
            body = try encoded(explanation)
            // Only an answer from the run the key names (a run stored meanwhile gets its own key).
            if explanation.runID == latest { explanations.put(key, body) }
        }
        try await logLookup(context, uscc: uscc, what: "enterprise")
        return self.body(body, type: "application/json; charset=utf-8")
    }

    /// 查询留痕: who looked up which enterprise, when — committed to the lookup journal before
    /// the answer leaves.
    func logLookup(_ context: CreditRequestContext, uscc: String, what: String) async throws {
        try await logLookup(context, payload: ["uscc": .string(uscc), "what": .string(what)])
    }

    func logLookup(_ context: CreditRequestContext, payload: [String: JSONValue]) async throws {
        guard let principal = context.principal else { return }
        var payload = payload
        payload["role"] = .string(principal.role.rawValue)
        try await lookups.append(kind: "lookup", actor: "\(principal.name)#\(principal.tokenID)", at: now(), payload: .object(payload))
    }

    /// The officer's report: JSON as data; HTML and DOCX are issued reports (numbered,
    /// registered with their digest, checkable like the public ones).
    func report(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let format: DocumentFormat
        do { format = try CreditReport.format(named: request.uri.queryParameters.get("format").map { String($0) } ?? DocumentFormat.json.rawValue) } catch {
            throw APIError.badRequest(error.description)
        }
        let response: Response
        if format == .json {
            guard let (enterprise, records, repairs) = try repair.reportData(uscc: uscc) else { throw APIError.notFound("\(uscc) 不在检查对象名录库中") }
            let standing = try repair.standing(uscc: uscc)
            response = try await document(configuration.repairRules.creditReport(enterprise, records: records, repairs: repairs, today: now().chinaDate,
                                                                                 standing: standing),
                                          request, default: .json)
        } else {
            response = try await issueReport(uscc, format: format, audience: .officer, channel: "officer",
                                             actor: context.principal.map { "\($0.name)#\($0.tokenID)" } ?? "api")
        }
        try await logLookup(context, uscc: uscc, what: "report")
        return response
    }

    /// `?item=CODE`: the answer for that approval item (`approval_items` in eligibility.yaml).
    func eligibility(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let today = now().chinaDate
        guard let (enterprise, serious, riskClass) = try repair.eligibilityData(uscc: uscc, today: today) else {
            throw APIError.notFound("\(uscc) 不在检查对象名录库中")
        }
        let decision = configuration.eligibility.decide(enterprise, unrepairedSerious: serious, riskClass: riskClass,
                                                        item: request.uri.queryParameters.get("item"), standing: try repair.standing(uscc: uscc),
                                                        today: today)
        try await logLookup(context, uscc: uscc, what: "eligibility")
        return try json(decision)
    }

    struct NoticeRef: Encodable { var number: String; var documentNo: String
        enum CodingKeys: String, CodingKey { case number, documentNo = "document_no" } }

    func enterpriseNotices(_ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let notices = try repair.noticeNumbers(uscc: uscc).map { NoticeRef(number: $0.value, documentNo: $0.key) }.sorted { $0.number < $1.number }
            + repair.listingNoticeNumbers(uscc: uscc).map { NoticeRef(number: $0.number, documentNo: $0.documentNo) }
        try await logLookup(context, uscc: uscc, what: "notices")
        return try json(notices)
    }

    func notice(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        // Path parameters arrive percent-encoded, and every notice number is Chinese.
        let number = try decodedParameter("number", context)
        guard let notice = try repair.notice(number: number) else {
            // A listing decision's notice (its own number sequence).
            guard let listing = try repair.listingNotice(number: number) else { throw APIError.notFound("没有编号为 \(number) 的告知书") }
            let response = try await document(listing, request, default: .html)
            try await logLookup(context, uscc: listing.uscc, what: "notice \(number)")
            return response
        }
        let response = try await document(notice, request, default: .html)
        try await logLookup(context, uscc: notice.uscc, what: "notice \(number)")
        return response
    }

    /// A path parameter, percent-decoded (Hummingbird hands them over as they were sent).
    func decodedParameter(_ name: String, _ context: CreditRequestContext) throws -> String {
        let raw = context.parameters.get(name) ?? ""
        guard let decoded = raw.removingPercentEncoding else { throw APIError.badRequest("路径参数 \(name) 的百分号编码无效") }
        return decoded
    }

    /// A document in the format `?format=` names: shown inline, DOCX and PDF as downloads (PDF
    /// converted off the event loop by the installed engine; 503 naming what to install without one).
    func document<D: PrintableDocument & Sendable>(_ document: D, _ request: Request, default fallback: DocumentFormat) async throws -> Response {
        let format: DocumentFormat
        do { format = try D.format(named: request.uri.queryParameters.get("format").map { String($0) } ?? fallback.rawValue) } catch {
            throw APIError.badRequest(error.description)
        }
        let renderer = configuration.renderer
        let rendered: RenderedDocument
        if format == .pdf {
            let converter = try pdfConverter()
            rendered = try await offload { try renderer.render(document, as: .pdf, pdf: converter) }
        } else {
            rendered = try renderer.render(document, as: format)
        }
        if format == .docx || format == .pdf { return file(rendered.bytes, type: rendered.mediaType, name: rendered.fileName) }
        return body(ByteBuffer(bytes: rendered.bytes), type: rendered.mediaType)
    }

    /// The configured PDF engine, or 503 saying that neither Chromium nor LibreOffice is installed.
    func pdfConverter() throws -> PDFConverter {
        guard let converter = configuration.pdf else {
            throw APIError(.serviceUnavailable, "pdf_unavailable", PDFError.noConverter(searched: PDFConverter.Engine.allCases).description)
        }
        return converter
    }

    func quality(_ request: Request) async throws -> Response {
        let month = try request.uri.queryParameters.get("month").map { text -> CalendarMonth in
            guard let m = CalendarMonth(text) else { throw APIError.badRequest("参数 month 须为 YYYY-MM，现为“\(text)”") }
            return m
        }
        let calendar = configuration.calendar
        return try json(try await QualityReport.read(database, month: month, calendar: calendar))
    }

    // MARK: Repairs

    /// `kind`: penalty (default), abnormal-list, serious-list or commitment.
    struct RepairBody: Decodable { var uscc: String; var kind: String?; var documentNo: String; var materials: [String]
        enum CodingKeys: String, CodingKey { case uscc, kind, documentNo = "document_no", materials } }
    struct DecisionBody: Decodable { var approve: Bool; var reason: String }
    struct Created: Encodable { var id: Int64 }

    func repairCreate(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let body = try await body(RepairBody.self, request, context)
        let uscc = try code(body.uscc)
        guard let kind = RepairKind(rawValue: body.kind ?? RepairKind.penalty.rawValue) else {
            throw APIError.badRequest("kind 须为 penalty、abnormal-list、serious-list 或 commitment，现为“\(body.kind ?? "")”")
        }
        do {
            let id = try repair.apply(uscc: uscc, kind: kind, documentNumber: body.documentNo, materials: body.materials, now: now(),
                                      actor: context.principal?.name ?? "api")
            return try json(Created(id: id), status: .created)
        } catch let error as RepairError {
            throw APIError(error)
        }
    }

    func repairDecide(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw APIError.badRequest("申请编号须为数字") }
        let body = try await body(DecisionBody.self, request, context)
        do { try repair.decide(id: id, approve: body.approve, reason: body.reason, now: now(), actor: context.principal?.name ?? "api") }
        catch let error as RepairError { throw APIError(error) }
        return try json(["id": "\(id)", "status": body.approve ? "approved" : "rejected"])
    }
}
