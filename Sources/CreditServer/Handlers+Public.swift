import CreditCore
import CreditPrint
import CreditRepair
import CreditStore
import Foundation
import Hummingbird

/// The public credit service: query, report download with authenticity, report check.
extension Handlers {
    var agency: String { configuration.repairRules.issuer.agency }
    var reports: ReportRegister {
        ReportRegister(database: database, rules: configuration.repairRules, service: configuration.publicService)
    }

    /// 8 characters from a CSPRNG, without look-alikes (0/O, 1/I/L).
    func verificationCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Who asked, for the audit log of a public action: the client address only.
    func publicActor(_ context: CreditRequestContext) -> String {
        "public@" + (context.remoteAddress?.ipAddress ?? "local")
    }

    func page(_ title: String, _ body: String, status: HTTPResponse.Status = .ok, script: String = "") -> Response {
        var response = html(PublicPages.layout(agency: agency, title: title, body: body, script: script))
        response.status = status
        return response
    }

    // MARK: 企业信用查询

    func publicCredit(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let present = parameters.get("q")
        let raw = present ?? ""
        let form = """
            <h1>企业信用信息查询</h1>
            <form class="search" method="get" action="/public/credit" role="search">
              <label for="q" class="muted" style="flex-basis:100%">企业名称（至少2个字）或统一社会信用代码</label>
              <input type="search" id="q" name="q" value="\(escapedMarkup(raw))" maxlength="100" required>
              <button type="submit">查询</button>
            </form>
            """
        if let pageText = parameters.get("page"), (Int(pageText) ?? 0) < 1 {
            return page("企业信用信息查询", form + "<p class=\"bad\">页码须为不小于 1 的整数</p>", status: .badRequest)
        }
        guard present != nil else {
            return page("企业信用信息查询", form + "<p class=\"muted\">可查询企业的登记信息、行政许可、公示期内的行政处罚、行政奖励和抽查检查结果，并下载带核验码的企业信用报告。</p>")
        }
        let query: EnterpriseSearch.Query
        switch Result(catching: { () throws(EnterpriseSearch.SearchError) in
            try EnterpriseSearch.Query(raw, page: Int(parameters.get("page") ?? "1") ?? 0, size: 20)
        }) {
        case .success(let valid): query = valid
        case .failure(let error):
            return page("企业信用信息查询", form + "<p class=\"bad\">\(escapedMarkup(error.description))</p>", status: .badRequest)
        }
        let (total, hits) = try await EnterpriseSearch(database: database).search(query)
        let pages = max(1, (total + query.size - 1) / query.size)
        let list = hits.isEmpty ? "<p>没有找到符合条件的企业。</p>" : "<ol class=\"results\" start=\"\((query.page - 1) * query.size + 1)\">"
            + hits.map { "<li><a href=\"/public/credit/\($0.uscc)\">\(escapedMarkup($0.name))</a> <span class=\"muted\">\($0.uscc) · \(escapedMarkup($0.status))</span></li>" }.joined()
            + "</ol>"
        let q = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var pager = "<nav class=\"pager\" aria-label=\"分页\">"
        if query.page > 1 { pager += "<a href=\"/public/credit?q=\(q)&page=\(query.page - 1)\">上一页</a>" }
        pager += "<span>第 \(query.page) / \(pages) 页，共 \(total) 条</span>"
        if query.page < pages { pager += "<a href=\"/public/credit?q=\(q)&page=\(query.page + 1)\">下一页</a>" }
        pager += "</nav>"
        return page("查询结果", form + pager + list + (pages > 1 ? pager : ""))
    }

    func publicEnterprise(_ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        guard let (enterprise, records, repairs) = try repair.reportData(uscc: uscc) else {
            return page("未找到", "<h1>未找到该企业</h1><p>统一社会信用代码 \(escapedMarkup(uscc)) 不在本辖区检查对象名录库中。</p>", status: .notFound)
        }
        let standing = try repair.standing(uscc: uscc)
        let report = configuration.repairRules.creditReport(enterprise, records: records, repairs: repairs, today: now().chinaDate, audience: .public,
                                                            standing: standing)
        var body = "<h1>\(escapedMarkup(report.name))</h1><h2>登记信息</h2>" + PublicPages.fields(report.basics.map { ($0.label, $0.value) })
        for section in report.sections {
            body += "<h2>\(escapedMarkup(section.title))</h2>"
            body += section.items.isEmpty ? "<p class=\"muted\">无</p>"
                : "<table><tr><th class=\"date\">决定日期</th><th>文书号</th><th>实施机关</th><th>内容</th></tr>"
                    + section.items.map { "<tr><td class=\"date\">\(escapedMarkup($0.date))</td><td>\(escapedMarkup($0.documentNumber))</td><td>\(escapedMarkup($0.agency))</td><td>\(escapedMarkup($0.summary))</td></tr>" }.joined()
                    + "</table>"
        }
        body += """
            <h2>下载企业信用报告</h2>
            <p class="muted">报告带有编号和核验码，任何人都可以在“信用报告核验”中确认报告为原件且未被修改。</p>
            <form method="post" action="/public/credit/\(uscc)/report?format=html" style="display:inline"><button type="submit">下载报告（网页版，可打印）</button></form>
            <form method="post" action="/public/credit/\(uscc)/report?format=docx" style="display:inline"><button type="submit">下载报告（Word 版）</button></form>
            <p class="muted">\(escapedMarkup(report.note))</p>
            """
        return page(report.name, body)
    }

    /// Issues a public report (recorded and audited) and hands it out as a download.
    func publicReportIssue(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let format: DocumentFormat
        switch request.uri.queryParameters.get("format") ?? "html" {
        case "html": format = .html
        case "docx": format = .docx
        case let other: throw APIError.badRequest("信用报告只提供 html 或 docx 格式，不支持 \(other)")
        }
        return try await issueReport(uscc, format: format, audience: .public, channel: "public", actor: publicActor(context))
    }

    func issueReport(_ uscc: String, format: DocumentFormat, audience: CreditReport.Audience, channel: String, actor: String) async throws -> Response {
        let renderer = configuration.renderer
        // Without an engine no number is spent on a PDF that cannot be made.
        let converter = format == .pdf ? try pdfConverter() : nil
        let (register, code) = (reports, verificationCode())
        let time = now()
        let (_, rendered) = try await offload {
            do {
                return try register.issue(uscc: uscc, format: format, audience: audience, channel: channel, actor: actor, now: time,
                                          verificationCode: code) { report, format in try renderer.render(report, as: format, pdf: converter) }
            } catch let error as ReportIssueError {
                switch error {
                case .notInRegister: throw APIError.notFound(error.description)
                case .unsupportedFormat: throw APIError.badRequest(error.description)
                }
            }
        }
        return file(rendered.bytes, type: rendered.mediaType, name: rendered.fileName)
    }

    // MARK: 信用报告核验

    func publicReports() -> Response {
        page("信用报告核验", Self.reportCheckForm(number: "", code: ""), script: Self.verifyScript)
    }

    static func reportCheckForm(number: String, code: String) -> String {
        """
        <h1>企业信用报告核验</h1>
        <h2>按编号和核验码查询</h2>
        <form method="get" action="/public/reports/lookup">
          <label for="number">报告编号</label><input type="text" id="number" name="number" value="\(escapedMarkup(number))" placeholder="例如 保市监信报〔2026〕1号" required>
          <label for="code">核验码</label><input type="text" id="code" name="code" value="\(escapedMarkup(code))" maxlength="8" required>
          <p><button type="submit">查询</button></p>
        </form>
        <h2>上传报告文件核验</h2>
        <p class="muted">选择收到的报告文件（网页版 .html 或 Word 版 .docx），系统比对其 SHA-256 摘要与出具登记，判断是否为原件、是否被修改。文件只用于计算摘要，不会保存。</p>
        <label for="file">报告文件</label><input type="file" id="file" accept=".html,.htm,.docx">
        <p><button type="button" id="verify">核验</button></p>
        <div id="verdict" role="status" aria-live="polite"></div>
        """
    }

    static let verifyScript = """
    document.getElementById('verify').addEventListener('click', async () => {
      const out = document.getElementById('verdict'), f = document.getElementById('file').files[0];
      if (!f) { out.innerHTML = '<p class="bad">请先选择报告文件。</p>'; return; }
      out.textContent = '核验中…';
      try {
        const r = await fetch('/public/reports/verify', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: f });
        const v = await r.json();
        const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        if (!r.ok) { out.innerHTML = '<p class="bad">' + esc(v.error && v.error.message) + '</p>'; return; }
        const head = { genuine: '<p class="ok">核验通过：该文件是出具的报告原件，未被修改。</p>',
                       altered: '<p class="bad">核验不通过：该文件载明的报告编号已出具，但文件内容与出具时不一致，已被修改。</p>',
                       unknown: '<p class="bad">核验不通过：未找到与该文件相符的出具记录。</p>' }[v.result];
        out.innerHTML = head + (v.report ? '<table><tr><th>报告编号</th><td>' + esc(v.report.number) + '</td></tr><tr><th>企业</th><td>' + esc(v.report.name) + '（' + esc(v.report.uscc) + '）</td></tr><tr><th>出具时间</th><td>' + esc(v.report.issued_at) + '</td></tr><tr><th>原件 SHA-256</th><td><code>' + esc(v.report.sha256) + '</code></td></tr></table>' : '') + '<p class="muted">所交文件 SHA-256：<code>' + esc(v.presented_sha256) + '</code></p>';
      } catch (e) { out.innerHTML = '<p class="bad">核验失败，请稍后再试。</p>'; }
    });
    """

    func publicReportLookup(_ request: Request) async throws -> Response {
        let number = request.uri.queryParameters.get("number") ?? "", code = request.uri.queryParameters.get("code") ?? ""
        let form = Self.reportCheckForm(number: number, code: code)
        guard let entry = try reports.lookup(number: number.trimmingDataWhitespace(), code: code.trimmingDataWhitespace()) else {
            return page("信用报告核验", "<p class=\"bad\" role=\"status\">未找到：报告编号与核验码不匹配，或该报告未由本机关出具。</p>" + form,
                        status: .notFound, script: Self.verifyScript)
        }
        let verdict = "<p class=\"ok\" role=\"status\">该报告由本机关出具。请将所持文件与下列登记信息核对，或上传文件核验。</p>"
            + PublicPages.fields([("报告编号", entry.number), ("企业名称", entry.name), ("统一社会信用代码", entry.uscc),
                                  ("出具时间", Timestamp(iso: entry.issuedAt)?.chinaMinute ?? entry.issuedAt), ("格式", entry.format == "docx" ? "Word 文档" : "网页"),
                                  ("原件 SHA-256", entry.sha256)])
        return page("信用报告核验", verdict + form, script: Self.verifyScript)
    }

    struct VerificationAnswer: Encodable {
        var result: String
        var report: IssuedReport?
        var presentedSHA256: String
        enum CodingKeys: String, CodingKey { case result, report, presentedSHA256 = "presented_sha256" }
    }

    func publicReportVerify(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        guard request.headers[.contentType] != nil else { throw APIError.badRequest("请上传报告文件（Content-Type: application/octet-stream）") }
        let limit = 16 << 20
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "文件超过 \(limit >> 20) MiB，不是本机关出具的报告")
        }
        let verdict = try reports.verify(Data(buffer.readableBytesView))
        let answer: VerificationAnswer = switch verdict {
        case .genuine(let entry): VerificationAnswer(result: "genuine", report: entry, presentedSHA256: entry.sha256)
        case .altered(let entry, let digest): VerificationAnswer(result: "altered", report: entry, presentedSHA256: digest)
        case .unknown(let digest): VerificationAnswer(result: "unknown", report: nil, presentedSHA256: digest)
        }
        return try json(answer)
    }

    // MARK: Officers

    /// What an enterprise was told (信用提示), with delivery status; phones masked.
    func enterpriseReminders(_ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let history = try ReminderDispatchStore(database: database, service: configuration.publicService).history(uscc: uscc)
        try await logLookup(context, uscc: uscc, what: "reminders")
        return try json(history)
    }
}
