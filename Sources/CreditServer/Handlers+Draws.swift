import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import Hummingbird
import ZIPFoundation

extension Handlers {
    struct DrawBody: Decodable {
        var id: String
        var randomness: String
        var asOf: String?
        enum CodingKeys: String, CodingKey { case id, randomness, asOf = "as_of" }
    }
    struct DrawCreated: Encodable {
        var id: String; var receiptSHA256: String; var tasks: Int; var unassigned: Int
        enum CodingKeys: String, CodingKey { case id, receiptSHA256 = "receipt_sha256", tasks, unassigned }
    }
    struct VoidBody: Decodable { var reason: String }

    func drawID(_ context: CreditRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw APIError.badRequest("missing draw id") }
        return id
    }

    func drawRun(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let body = try await body(DrawBody.self, request, context)
        guard !body.id.isEmpty, body.id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw APIError.badRequest("id must be letters, digits, '-', '_' or '.'")
        }
        guard !body.randomness.trimmingDataWhitespace().isEmpty else { throw APIError.badRequest("randomness must not be empty") }
        let asOf = try date(body.asOf, name: "as_of") ?? now().chinaDate
        let store = DrawStore(database: database)
        do {
            try store.checkNewDraw(id: body.id, month: CalendarMonth(asOf), randomness: body.randomness)
            let (inputs, runID, _) = try store.inputs(drawID: body.id, publicRandomness: body.randomness, asOf: asOf,
                                                      plan: configuration.samplingPlan, planText: configuration.samplingPlanText)
            let bundle = DrawBundle.build(inputs)
            try store.record(bundle, inputs: inputs, runID: runID, now: now(), actor: context.principal?.name ?? "api")
            let unassigned = bundle.assignments.filter { if case .unassigned = $0 { true } else { false } }.count
            return try json(DrawCreated(id: body.id, receiptSHA256: bundle.receiptSHA256, tasks: bundle.tasks.count, unassigned: unassigned),
                            status: .created)
        } catch let error as DrawError {
            throw APIError.conflict(error.description)
        }
    }

    /// Plan preview: per class the expected tasks and the chance of inspection within 12 months.
    func drawPlan(_ request: Request) throws -> Response {
        let asOf = try date(request.uri.queryParameters.get("as_of"), name: "as_of") ?? now().chinaDate
        do {
            let (inputs, _, _) = try DrawStore(database: database).inputs(drawID: "preview", publicRandomness: "preview", asOf: asOf,
                                                                          plan: configuration.samplingPlan, planText: configuration.samplingPlanText)
            return try json(PlanPreview(plan: configuration.samplingPlan, strata: PlanPreview.counts(inputs)))
        } catch let error as DrawError {
            throw APIError.conflict(error.description)
        }
    }

    func drawShow(_ context: CreditRequestContext) throws -> Response {
        let id = try drawID(context)
        guard let summary = try DrawStore(database: database).list().first(where: { $0.id == id }) else { throw APIError.notFound("no draw \(id)") }
        return try json(summary)
    }

    func drawVoid(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let body = try await body(VoidBody.self, request, context)
        do { try DrawStore(database: database).void(id: id, reason: body.reason, now: now(), actor: context.principal?.name ?? "api") }
        catch let error as DrawError {
            throw error.description.hasPrefix("no draw") ? APIError.notFound(error.description) : APIError.conflict(error.description)
        }
        return try json(["id": id, "status": "void"])
    }

    /// The auditor's bundle as a ZIP: receipt.json, audit/, public/.
    func drawBundle(_ context: CreditRequestContext) throws -> Response {
        let id = try drawID(context)
        let files: [String: [UInt8]]
        do { files = try DrawStore(database: database).files(drawID: id) } catch { throw APIError.notFound("no draw \(id)") }
        let archive = try Archive(data: Data(), accessMode: .create)
        for path in files.keys.sorted() {
            let data = Data(files[path]!)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return file(archive.data ?? Data(), type: "application/zip", name: "draw-\(id).zip")
    }

    /// Results as CSV in the body (抽查编号, 统一社会信用代码, 检查结果, 检查日期, 执法证号).
    func drawResults(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let id = try drawID(context)
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the request body exceeds \(context.maxUploadSize) bytes")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(id)-\(UUID().uuidString).csv")
        try Data(buffer.readableBytesView).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try DrawResults(database: database).importFile(url.path, knownAt: now(), actor: context.principal?.name ?? "api")
        struct Problem: Encodable { var code: String; var message: String }
        struct Result: Encodable { var error: Problem?; var files: [FileImportReport]; var errors: [ImportIssue] }
        let problem = report.hasRejections
            ? Problem(code: "rejected_rows", message: "\(report.errors.count) problem(s); valid rows were loaded: \(report.errors.first.map { "\($0)" } ?? "")")
            : nil
        return try json(Result(error: problem, files: report.files, errors: report.errors), status: report.hasRejections ? .unprocessableContent : .ok)
    }

    // MARK: Public pages (no class, no score, no personal data)

    func publicDraws() throws -> Response {
        let draws = try DrawStore(database: database).list().filter { $0.voidedAt == nil }
        let rows = draws.map { d in
            "<tr><td><a href=\"/public/draws/\(escapedMarkup(d.id))\">\(escapedMarkup(d.id))</a></td><td>\(d.month)</td><td>\(d.asOf)</td><td>\(d.tasks)</td><td><code>\(d.receiptSHA256)</code></td></tr>"
        }.joined(separator: "\n")
        return html(Pages.layout(title: "“双随机、一公开”抽查公示", body: """
            <h1>“双随机、一公开”抽查公示</h1>
            <p>每批抽查的企业名单、检查人员和检查事项在此公示。每次抽取都可由任何人复核：见各批次的“复核说明”。</p>
            <table><tr><th>抽查编号</th><th>月份</th><th>抽取日期</th><th>任务数</th><th>receipt SHA-256</th></tr>
            \(rows)</table>
            """))
    }

    func publicFiles(_ context: CreditRequestContext) throws -> (String, [String: [UInt8]]) {
        let id = try drawID(context)
        let store = DrawStore(database: database)
        guard let summary = try store.list().first(where: { $0.id == id }), summary.voidedAt == nil else {
            throw APIError.notFound("no published draw \(id)")
        }
        return (id, try store.files(drawID: id).filter { $0.key.hasPrefix("public/") })
    }

    func publicReceipt(_ context: CreditRequestContext) throws -> Response {
        let (_, files) = try publicFiles(context)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: files["public/receipt.json"] ?? [])))
    }

    func publicDraw(_ context: CreditRequestContext) throws -> Response {
        let (id, files) = try publicFiles(context)
        let receipt = (try? JSONDecoder().decode(JSONValue.self, from: Data(files["public/receipt.json"] ?? []))) ?? .null
        func field(_ key: String) -> String { if case .string(let s)? = receipt[key] { return s } else { return "" } }
        let lines = String(decoding: files["public/selection.tsv"] ?? [], as: UTF8.self).split(separator: "\n")
        let assignment = Dictionary(String(decoding: files["public/assignment.tsv"] ?? [], as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.dropFirst(2).joined(separator: "、"))
        }, uniquingKeysWith: { a, _ in a })
        let rows = lines.map { line -> String in
            let p = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard p.count >= 5 else { return "" }
            return "<tr><td>\(escapedMarkup(p[1]))</td><td>\(p[0])</td><td>\(p[3] == "targeted" ? "定向" : "随机")</td><td>\(escapedMarkup(p[4]))</td><td>\(escapedMarkup(assignment[p[0]] ?? ""))</td><td class=\"ticket\">\(p[2].prefix(14))…</td></tr>"
        }.joined(separator: "\n")
        return html(Pages.layout(title: "抽查公示 \(id)", body: """
            <h1>“双随机、一公开”抽查名单（\(escapedMarkup(id))）</h1>
            <p><a href="/public/draws/\(escapedMarkup(id))/results">检查结果公示</a> · <a href="/public/draws/\(escapedMarkup(id))/receipt.json">receipt.json</a></p>
            <table><tr><th>企业名称</th><th>统一社会信用代码</th><th>类型</th><th>抽查事项</th><th>执法检查人员</th><th>ticket</th></tr>
            \(rows)</table>
            <h2>如何复核本次抽取</h2>
            <ol>
              <li>种子 <code>\(escapedMarkup(field("seed")))</code> = 抽查编号 + “|” + 事先公布的公共随机数 <code>\(escapedMarkup(field("public_randomness")))</code>。</li>
              <li>每家企业的 ticket 按 R. Rivest 一致抽样算法计算（<code>pip install consistent-sampler</code>，<code>sampler(ids, seed=S)</code>）：
                  <code>h = sha256hex(sha256hex(S) + 统一社会信用代码)</code>，ticket = “0.” + 将 h 转为十进制后逆序的数字。</li>
              <li>每一层（内部分层，不公开）取 ceil(比例 × 可抽企业数) 个最小 ticket；本页名单按 ticket 升序排列，可逐一核对。</li>
              <li>名录、排除名单、执法人员名录和回避关系的 SHA-256 已在 receipt 中公布：
                  名录 <code>\(escapedMarkup(field("frame_sha256")))</code>，执法人员 <code>\(escapedMarkup(field("inspectors_sha256")))</code>，
                  抽取结果 <code>\(escapedMarkup(field("selection_sha256")))</code>，分配结果 <code>\(escapedMarkup(field("assignment_sha256")))</code>；
                  本 receipt 的 SHA-256 为 <code>\(escapedMarkup(field("receipt_sha256")))</code>，上一批次 <code>\(escapedMarkup(field("previous_receipt_sha256")))</code>。</li>
              <li>审计人员可取得完整材料包并运行 <code>credit draw verify DIR</code> 重新计算，任何差异都会被指出。</li>
            </ol>
            """))
    }

    func publicResults(_ context: CreditRequestContext) throws -> Response {
        let (id, _) = try publicFiles(context)
        let results = try DrawResults(database: database).publication(drawID: id, calendar: configuration.calendar, today: now().chinaDate)
        let rows = results.map { r in
            "<tr><td>\(escapedMarkup(r.name))</td><td>\(r.uscc)</td><td>\(r.kind)</td><td>\(escapedMarkup(r.item))</td><td>\(escapedMarkup(r.agency))</td><td>\(r.finishedOn?.chinese ?? "—")</td><td>\(escapedMarkup(r.result ?? "检查中"))</td><td>\(r.deadlineText ?? "—")</td></tr>"
        }.joined(separator: "\n")
        return html(Pages.layout(title: "抽查结果 \(id)", body: """
            <h1>抽查检查结果公示（\(escapedMarkup(id))）</h1>
            <p>检查结果自检查结束之日起20个工作日内公示。</p>
            <table><tr><th>企业名称</th><th>统一社会信用代码</th><th>检查类型</th><th>检查事项</th><th>检查机关</th><th>完成日期</th><th>检查结果</th><th>公示截止</th></tr>
            \(rows)</table>
            """))
    }
}
