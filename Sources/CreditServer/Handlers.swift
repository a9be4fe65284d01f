import CreditCore
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
        lookups = AuditBatcher(database: configuration.database)
        latestRun = Revalidating(maximumAge: configuration.revalidateAfter)
    }
    var database: CreditDatabase { configuration.database }
    var repair: RepairStore { RepairStore(database: database, rules: configuration.repairRules) }

    func handle(_ endpoint: Endpoint, _ request: Request, _ context: CreditRequestContext) async throws -> Response {
        switch endpoint {
        case .health: return try json(["status": "ok"])
        case .search: return try search(request)
        case .enterprise: return try await enterprise(request, context)
        case .report: return try await report(request, context)
        case .eligibility: return try eligibility(context)
        case .enterpriseNotices: return try enterpriseNotices(context)
        case .notice: return try notice(request, context)
        case .quality: return try quality(request)
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

    func code(_ context: CreditRequestContext) throws -> String {
        let raw = context.parameters.get("uscc") ?? ""
        do { return try UnifiedSocialCreditCode(raw).rawValue } catch {
            throw APIError.badRequest("'\(raw)' is not a valid 统一社会信用代码: \(error.description)")
        }
    }

    func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: CreditRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the request body exceeds \(context.maxUploadSize) bytes")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError.badRequest("the JSON body is malformed: \(error)")
        }
    }

    func date(_ text: String?, name: String) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let d = CalendarDate(iso: text) else { throw APIError.badRequest("\(name) '\(text)' is not a date YYYY-MM-DD") }
        return d
    }

    func now() -> Timestamp { Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000)) }

    // MARK: Enterprises

    struct SearchResult: Encodable { var query: String; var page: Int; var size: Int; var total: Int; var items: [EnterpriseSearch.Hit] }

    func search(_ request: Request) throws -> Response {
        let q = request.uri.queryParameters.get("q") ?? ""
        guard q.trimmingDataWhitespace().count >= 2 else { throw APIError.badRequest("q needs at least 2 characters (a name fragment or the start of a code)") }
        let page = request.uri.queryParameters.get("page").map { Int($0) } ?? 1
        let size = request.uri.queryParameters.get("size").map { Int($0) } ?? 20
        guard let page, let size, page >= 1, (1...100).contains(size) else { throw APIError.badRequest("page must be ≥ 1 and size 1…100") }
        let (total, hits) = try EnterpriseSearch(database: database).search(q, page: page, size: size)
        return try json(SearchResult(query: q, page: page, size: size, total: total, items: hits))
    }

    func enterprise(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let runner = ClassificationRunner(database: database)
        guard let latest = try latestRun.value(0, read: runner.latestRunID) else { throw APIError.notFound("no classification run is stored yet") }
        let key = ExplanationCache.Key(uscc: uscc, runID: latest)
        let body: ByteBuffer
        if let cached = explanations.get(key) {
            body = cached
        } else {
            guard let explanation = try runner.explainStored(uscc, cache: rulesCache) else {
                throw APIError.notFound("\(uscc) is not in the register or not yet classified")
            }
            body = try encoded(explanation)
            // Only an answer from the run the key names (a run stored meanwhile gets its own key).
            if explanation.runID == latest { explanations.put(key, body) }
        }
        try await logLookup(context, uscc: uscc, what: "enterprise")
        return self.body(body, type: "application/json; charset=utf-8")
    }

    /// 查询留痕: who looked up which enterprise, when.
    func logLookup(_ context: CreditRequestContext, uscc: String, what: String) async throws {
        guard let principal = context.principal else { return }
        try await lookups.append(kind: "lookup", actor: "\(principal.name)#\(principal.tokenID)", at: now(),
                           payload: ["uscc": .string(uscc), "what": .string(what), "role": .string(principal.role.rawValue)])
    }

    func report(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        guard let (enterprise, records, repairs) = try repair.reportData(uscc: uscc) else { throw APIError.notFound("\(uscc) is not in the register") }
        let report = configuration.repairRules.creditReport(enterprise, records: records, repairs: repairs, today: now().chinaDate)
        try await logLookup(context, uscc: uscc, what: "report")
        return try document(report, request, default: .json)
    }

    func eligibility(_ context: CreditRequestContext) throws -> Response {
        let uscc = try code(context)
        guard let (enterprise, serious, riskClass) = try repair.eligibilityData(uscc: uscc, today: now().chinaDate) else {
            throw APIError.notFound("\(uscc) is not in the register")
        }
        return try json(configuration.eligibility.decide(enterprise, unrepairedSerious: serious, riskClass: riskClass))
    }

    struct NoticeRef: Encodable { var number: String; var documentNo: String
        enum CodingKeys: String, CodingKey { case number, documentNo = "document_no" } }

    func enterpriseNotices(_ context: CreditRequestContext) throws -> Response {
        let uscc = try code(context)
        return try json(try repair.noticeNumbers(uscc: uscc).map { NoticeRef(number: $0.value, documentNo: $0.key) }.sorted { $0.number < $1.number })
    }

    func notice(_ request: Request, _ context: CreditRequestContext) throws -> Response {
        let number = context.parameters.get("number") ?? ""
        guard let notice = try repair.notice(number: number) else { throw APIError.notFound("no notice \(number)") }
        return try document(notice, request, default: .html)
    }

    /// A document in the format `?format=` names: shown inline, DOCX as a download.
    func document<D: PrintableDocument>(_ document: D, _ request: Request, default fallback: DocumentFormat) throws -> Response {
        let format: DocumentFormat
        do { format = try D.format(named: request.uri.queryParameters.get("format").map { String($0) } ?? fallback.rawValue) } catch {
            throw APIError.badRequest(error.description)
        }
        let rendered = try configuration.renderer.render(document, as: format)
        if format == .docx { return file(rendered.bytes, type: rendered.mediaType, name: rendered.fileName) }
        return body(ByteBuffer(bytes: rendered.bytes), type: rendered.mediaType)
    }

    func quality(_ request: Request) throws -> Response {
        let month = try request.uri.queryParameters.get("month").map { text -> CalendarMonth in
            guard let m = CalendarMonth(text) else { throw APIError.badRequest("month '\(text)' is not YYYY-MM") }
            return m
        }
        let calendar = configuration.calendar
        return try json(try database.writer.write { db in try QualityReport.compute(db, month: month, calendar: calendar) })
    }

    // MARK: Repairs

    struct RepairBody: Decodable { var uscc: String; var documentNo: String; var materials: [String]
        enum CodingKeys: String, CodingKey { case uscc, documentNo = "document_no", materials } }
    struct DecisionBody: Decodable { var approve: Bool; var reason: String }
    struct Created: Encodable { var id: Int64 }

    func repairCreate(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let body = try await body(RepairBody.self, request, context)
        guard (try? UnifiedSocialCreditCode(body.uscc)) != nil else { throw APIError.badRequest("'\(body.uscc)' is not a valid 统一社会信用代码") }
        do {
            let id = try repair.apply(uscc: body.uscc.uppercased(), documentNumber: body.documentNo, materials: body.materials, now: now(),
                                      actor: context.principal?.name ?? "api")
            return try json(Created(id: id), status: .created)
        } catch let error as RepairError {
            throw APIError(.unprocessableContent, "repair_refused", error.description)
        }
    }

    func repairDecide(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw APIError.badRequest("the application id must be a number") }
        let body = try await body(DecisionBody.self, request, context)
        do { try repair.decide(id: id, approve: body.approve, reason: body.reason, now: now(), actor: context.principal?.name ?? "api") }
        catch let error as RepairError { throw APIError(.unprocessableContent, "repair_refused", error.description) }
        return try json(["id": "\(id)", "status": body.approve ? "approved" : "rejected"])
    }
}
