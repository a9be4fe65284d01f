import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import Hummingbird
import ZIPFoundation

/// The draw routes: thin adapters over `DrawStore`'s use cases (each one transaction on the
/// database's queues, off the cooperative threads); refusals are `DrawError`s, which map
/// themselves to statuses (DrawError+HTTP.swift).
extension Handlers {
    struct PrepareBody: Decodable {
        var id: String
        var asOf: String?
        var randomnessSource: String
        enum CodingKeys: String, CodingKey { case id, asOf = "as_of", randomnessSource = "randomness_source" }
    }
    struct Prepared: Encodable {
        var id: String; var asOf: String; var commitmentSHA256: String; var commitment: JSONValue; var frameCount: Int
        var alreadyPrepared: Bool
        enum CodingKeys: String, CodingKey {
            case id, asOf = "as_of", commitmentSHA256 = "commitment_sha256", commitment, frameCount = "frame_count"
            case alreadyPrepared = "already_prepared"
        }
    }
    struct RunBody: Decodable { var randomness: String }
    struct DrawRun: Encodable {
        var id: String; var receiptSHA256: String; var commitmentSHA256: String?; var tasks: Int; var targeted: Int; var unassigned: Int
        var alreadyRecorded: Bool
        enum CodingKeys: String, CodingKey {
            case id, receiptSHA256 = "receipt_sha256", commitmentSHA256 = "commitment_sha256", tasks, targeted, unassigned
            case alreadyRecorded = "already_recorded"
        }
    }
    struct VoidBody: Decodable { var reason: String }

    var draws: DrawStore { DrawStore(database: database) }

    func drawID(_ context: CreditRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw APIError.badRequest("missing draw id") }
        return id
    }

    func actor(_ context: CreditRequestContext) -> String { context.principal?.name ?? "api" }

    /// Prepares a draw: its commitment is published from this moment.
    func drawPrepare(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let body = try await body(PrepareBody.self, request, context)
        let asOf = try date(body.asOf, name: "as_of") ?? now().chinaDate
        let prepared = try await draws.prepare(id: body.id, asOf: asOf, randomnessSource: body.randomnessSource,
                                               plan: configuration.samplingPlan, planText: configuration.samplingPlanText,
                                               now: now(), actor: actor(context))
        return try json(Prepared(id: prepared.id, asOf: prepared.asOf.description, commitmentSHA256: prepared.commitment.sha256,
                                 commitment: prepared.commitment.document, frameCount: prepared.frameCount,
                                 alreadyPrepared: prepared.alreadyPrepared),
                        status: prepared.alreadyPrepared ? .ok : .created)
    }

    /// Runs a prepared draw with the public randomness its commitment named.
    func drawRun(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let body = try await body(RunBody.self, request, context)
        let outcome = try await draws.run(id: id, randomness: body.randomness, now: now(), actor: actor(context))
        return try json(DrawRun(id: id, receiptSHA256: outcome.receiptSHA256, commitmentSHA256: outcome.commitmentSHA256, tasks: outcome.tasks,
                                targeted: outcome.targeted, unassigned: outcome.unassigned.count, alreadyRecorded: outcome.alreadyRecorded),
                        status: outcome.alreadyRecorded ? .ok : .created)
    }

    /// Plan preview: per class the expected tasks and the chance of inspection within 12 months.
    func drawPlan(_ request: Request) async throws -> Response {
        let asOf = try date(request.uri.queryParameters.get("as_of"), name: "as_of") ?? now().chinaDate
        let preview = try await draws.preview(asOf: asOf, plan: configuration.samplingPlan, planText: configuration.samplingPlanText)
        return try json(PlanPreview(plan: configuration.samplingPlan, strata: preview.strata))
    }

    func drawShow(_ context: CreditRequestContext) async throws -> Response { try json(try await draws.summary(id: try drawID(context))) }

    func drawVoid(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let body = try await body(VoidBody.self, request, context)
        try await draws.void(id: id, reason: body.reason, now: now(), actor: actor(context))
        return try json(["id": id, "status": "void"])
    }

    /// The auditor's bundle as a ZIP: commitment, receipt, audit/ (with K once run), public/.
    func drawBundle(_ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let files = try await draws.files(drawID: id)
        let archive = try Archive(data: Data(), accessMode: .create)
        for path in files.keys.sorted() {
            let data = Data(files[path]!)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return file(archive.data ?? Data(), type: "application/zip", name: "draw-\(id).zip")
    }

    /// Results of one draw as CSV (or XLSX) in the body: rows are checked like a file's, a row
    /// of another draw is refused; 200 with the report (valid rows load, rejected ones — or the
    /// whole body when it cannot be read — are listed with their line), 404 for an unknown draw.
    func drawResults(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        _ = try await draws.summary(id: id)  // 404 for an unknown draw
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "请求内容超过 \(context.maxUploadSize / 1024) KiB")
        }
        let (store, bytes, time, actor) = (DrawResults(database: database), Array(buffer.readableBytesView), now(), context.principal?.name ?? "api")
        let report = try await offload {
            try store.importBytes(bytes, fileName: "results-\(id).csv", knownAt: time, actor: actor, onlyDraw: id)
        }
        struct Refusal: Encodable { var code = "file_rejected"; var message: String }
        struct Result: Encodable {
            var error: Refusal?; var loaded: Int; var rejected: Int; var files: [FileImportReport]; var errors: [ImportIssue]
        }
        // A file refused as a whole (no readable header, wrong columns) is the caller's error: 422
        // with the usual error envelope and the same report; rows refused one by one still leave
        // the valid rows loaded (200).
        let refused = report.files.contains(where: \.fileRejected)
        let refusal = refused ? Refusal(message: "文件未能读取，未导入任何结果：" + (report.errors.first.map { "第 \($0.line) 行 \($0.field)：\($0.reason)" } ?? "格式不正确")) : nil
        return try json(Result(error: refusal, loaded: report.files.map(\.loaded).reduce(0, +), rejected: report.files.map(\.rejected).reduce(0, +),
                               files: report.files, errors: report.errors), status: refused ? .unprocessableContent : .ok)
    }

    // MARK: Public pages (no class, no score, no ticket, no personal data)

    func publicDraws() async throws -> Response {
        html(PublicDrawPages.list(try await draws.list(), agency: agency))
    }

    func publicDraw(_ context: CreditRequestContext) async throws -> Response {
        let (summary, files) = try await draws.publication(drawID: try drawID(context))
        return html(PublicDrawPages.draw(summary, files: files, agency: agency))
    }

    /// A published JSON file (the commitment, or the receipt once the draw is run).
    func publicFile(_ context: CreditRequestContext, _ path: String) async throws -> Response {
        let id = try drawID(context)
        let (summary, files) = try await draws.publication(drawID: id)
        guard let bytes = files[path] else {
            throw APIError.notFound(summary.status == .prepared ? "抽查 \(id) 尚未抽取" : "抽查 \(id) 没有 \(path)")
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func publicResults(_ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let summary = try await draws.summary(id: id)
        let results = try DrawResults(database: database).publication(drawID: id, calendar: configuration.calendar, today: now().chinaDate)
        return html(PublicDrawPages.results(summary, results, agency: agency))
    }
}
