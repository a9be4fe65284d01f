import CreditCore
import CreditRepair
import CreditSampling
import CreditStore
import Foundation

/// The public draw pages (一公开): every draw with its status — committed, run or void with
/// the reason — its commitment from the moment it is prepared, and once run the selected
/// enterprises in code order with 随机/定向, the inspection item and the inspectors. Nothing
/// here carries a class, a stratum, a ticket or a per-class count.
enum PublicDrawPages {
    static func list(_ draws: [DrawSummary], agency: String) -> String {
        let rows = draws.map { d in
            let status = d.status == .void ? "已作废：\(escapedMarkup(d.voidReason ?? ""))" : d.statusText
            return "<tr\(d.status == .void ? " class=\"void\"" : "")><td class=\"code\"><a href=\"/public/draws/\(escapedMarkup(d.id))\">\(escapedMarkup(d.id))</a></td><td class=\"date\">\(d.month)</td><td class=\"date\">\(d.asOf)</td><td>\(status)</td><td>\(d.status == .prepared ? "—" : "\(d.tasks)")</td><td><code>\(d.commitmentSHA256 ?? "—")</code></td><td><code>\(d.receiptSHA256 ?? "—")</code></td></tr>"
        }.joined(separator: "\n")
        return PublicPages.layout(agency: agency, title: "“双随机、一公开”抽查公示", body: """
            <h1>“双随机、一公开”抽查公示</h1>
            <p>每批抽查先公布“承诺”（冻结的名录、执法人员名录等输入的哈希，以及将使用哪一个事先确定的公共随机数），公共随机数产生后再抽取并公布名单。作废的批次仍在此列出，并注明理由。</p>
            <table><tr><th>抽查编号</th><th>月份</th><th>抽取日期</th><th>状态</th><th>任务数</th><th>承诺摘要（SHA-256）</th><th>抽取凭证摘要（SHA-256）</th></tr>
            \(rows)</table>
            """)
    }

    static func draw(_ summary: DrawSummary, files: [String: [UInt8]], agency: String) -> String {
        let id = escapedMarkup(summary.id)
        let commitment = json(files[DrawFiles.commitment]), receipt = json(files[DrawFiles.publicReceipt])
        func field(_ document: JSONValue, _ key: String) -> String {
            if case .string(let s)? = document[key] { escapedMarkup(s) } else { "—" }
        }
        var body = "<h1>“双随机、一公开”抽查（\(id)）</h1>\n"
        body += "<p>状态：<strong>\(summary.statusText)</strong>"
        if summary.status == .void { body += "（\(escapedMarkup(summary.voidedAt ?? ""))，理由：\(escapedMarkup(summary.voidReason ?? ""))）" }
        body += "</p>\n"
        if files[DrawFiles.commitment] != nil {
            body += """
                <h2>承诺（抽取前公布）</h2>
                <table>
                <tr><th>承诺 SHA-256</th><td><code>\(summary.commitmentSHA256 ?? "")</code>（<a href="/public/draws/\(id)/commitment.json">下载承诺文件</a>）</td></tr>
                <tr><th>准备时间</th><td>\(Timestamp(iso: field(commitment, "prepared_at")).map { "\($0.chinaMinute)（北京时间）" } ?? field(commitment, "prepared_at"))</td></tr>
                <tr><th>抽取日期</th><td>\(field(commitment, "as_of"))</td></tr>
                <tr><th>公共随机数来源</th><td>\(field(commitment, "randomness_source"))</td></tr>
                <tr><th>秘密密钥 K 的 SHA-256</th><td><code>\(field(commitment, "salt_sha256"))</code></td></tr>
                <tr><th>审计日志链头</th><td><code>\(field(commitment, "audit_head_sha256"))</code></td></tr>
                <tr><th>名录 / 执法人员 / 回避关系</th><td><code>\(field(commitment, "frame_sha256"))</code><br><code>\(field(commitment, "inspectors_sha256"))</code><br><code>\(field(commitment, "conflicts_sha256"))</code></td></tr>
                <tr><th>上一批次抽取凭证摘要</th><td><code>\(field(commitment, "previous_receipt_sha256"))</code></td></tr>
                </table>
                """
        }
        if files[DrawFiles.publicReceipt] != nil {
            body += """
                <h2>抽取</h2>
                <p>公共随机数 <code>\(field(receipt, "public_randomness"))</code>（来源：\(field(receipt, "randomness_source"))）·
                抽取凭证摘要（SHA-256）<code>\(summary.receiptSHA256 ?? "")</code>（<a href="/public/draws/\(id)/receipt.json">下载抽取凭证</a>）·
                <a href="/public/draws/\(id)/results">检查结果公示</a></p>
                \(selection(files))
                """
        }
        body += """
            <h2>如何复核</h2>
            <ol>
              <li>承诺在公共随机数产生之前公布，写明将使用哪一个公共随机数，并冻结抽查名录、排除名单、执法人员名录、回避关系和定向线索（各自的 SHA-256）。</li>
              <li>抽取的种子 = 抽查编号、公共随机数和秘密密钥 K（十六进制）以竖线连接；每家企业的抽样序号按李维斯特（<code>Rivest</code>）一致抽样算法计算（<code>pip install consistent-sampler</code>）。</li>
              <li>K 在准备时由系统密码学随机数生成，承诺中只公布其 SHA-256。K 只交给审计人员：公开 K 会使每家企业的抽样序号可算，从而推断出企业的内部分类。</li>
              <li>审计人员取得完整材料包和 K 后运行 <code>credit draw verify 目录 --salt K</code>：核对 K 与承诺、每个文件、抽取凭证的每个字段以及与上一批次的链接，任何差异都会指出文件、行或字段以及两边的值。</li>
            </ol>
            """
        return PublicPages.layout(agency: agency, title: "抽查公示 \(summary.id)", body: body)
    }

    /// The public list: version 2 (code order, 随机/定向 with the trigger's kind), or a
    /// version-1 list shown without its tickets.
    static func selection(_ files: [String: [UInt8]]) -> String {
        let assignment = Dictionary(lines(files[DrawFiles.publicAssignment]).map { parts in
            (parts[0], parts.dropFirst(2).joined(separator: "、"))
        }, uniquingKeysWith: { a, _ in a })
        let rows = lines(files[DrawFiles.publicSelection]).compactMap { p -> (String, String, String, String)? in
            guard p.count >= 5 else { return nil }
            // Version 2: code, name, 随机/定向, basis, item. Version 1: code, name, ticket, random/targeted, item.
            let kind = p[2] == "定向" || p[3] == "targeted" ? "定向" + (p[2] == "定向" && !p[3].isEmpty ? "（\(p[3])）" : "") : "随机"
            return (p[0], p[1], kind, p[4])
        }.sorted { $0.0 < $1.0 }.map { code, name, kind, item in
            "<tr><td>\(escapedMarkup(name))</td><td class=\"code\">\(escapedMarkup(code))</td><td>\(escapedMarkup(kind))</td><td>\(escapedMarkup(item))</td><td>\(escapedMarkup(assignment[code] ?? ""))</td></tr>"
        }.joined(separator: "\n")
        return """
            <table><tr><th>企业名称</th><th>统一社会信用代码</th><th>类型</th><th>抽查事项</th><th>执法检查人员</th></tr>
            \(rows)</table>
            """
    }

    static func results(_ summary: DrawSummary, _ results: [PublishedResult], agency: String) -> String {
        // Code order: the tasks' own order follows their tickets.
        let rows = results.sorted { $0.uscc < $1.uscc }.map { r in
            "<tr><td>\(escapedMarkup(r.name))</td><td class=\"code\">\(r.uscc)</td><td>\(r.kind)</td><td>\(escapedMarkup(r.item))</td><td>\(escapedMarkup(r.agency))</td><td>\(r.finishedOn?.chinese ?? "—")</td><td>\(escapedMarkup(r.result ?? "检查中"))</td><td>\(r.deadlineText ?? "—")</td></tr>"
        }.joined(separator: "\n")
        let id = escapedMarkup(summary.id)
        return PublicPages.layout(agency: agency, title: "抽查结果 \(summary.id)", body: """
            <h1>抽查检查结果公示（\(id)）</h1>
            \(summary.status == .void ? "<p>本批次已作废：\(escapedMarkup(summary.voidReason ?? ""))</p>" : "")
            <p>检查结果自检查结束之日起20个工作日内公示。</p>
            <table><tr><th>企业名称</th><th>统一社会信用代码</th><th>检查类型</th><th>检查事项</th><th>检查机关</th><th>完成日期</th><th>检查结果</th><th>公示截止</th></tr>
            \(rows)</table>
            """)
    }

    static func json(_ bytes: [UInt8]?) -> JSONValue {
        bytes.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) } ?? .null
    }

    static func lines(_ bytes: [UInt8]?) -> [[String]] {
        String(decoding: bytes ?? [], as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
