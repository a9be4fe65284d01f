import CreditCore
import CreditRepair
import CreditStore
import Foundation
import Hummingbird

/// 信用修复 online: the enterprise files its own application with its materials, and follows
/// it by tracking number.
extension Handlers {
    struct OnlineRepairBody: Decodable {
        struct File: Decodable {
            var material: String
            var fileName: String
            var contentBase64: String
            enum CodingKeys: String, CodingKey { case material, fileName = "file_name", contentBase64 = "content_base64" }
        }
        var uscc: String
        var reference: String
        var contact: String
        var phone: String
        var files: [File]
    }

    struct OnlineRepairCreated: Encodable {
        var tracking: String
        var statusURL: String
        enum CodingKeys: String, CodingKey { case tracking, statusURL = "status_url" }
    }

    /// The largest request body: every file at its limit, base64-encoded, plus the form.
    var onlineRepairBodyLimit: Int {
        let service = configuration.publicService
        return service.maxFiles * ((service.maxFileBytes + 2) / 3 * 4) + 64 * 1024
    }

    /// Every material any regime or list requires, for the form's choice list.
    var materialNames: [String] {
        var seen: [String] = []
        let rules = configuration.repairRules
        let sets = rules.regimes.map(\.materials) + ListKind.allCases.compactMap { rules.lists[$0]?.materials } + [rules.falseCommitment.materials]
        for set in sets { for m in set where !seen.contains(m) { seen.append(m) } }
        return seen
    }

    func publicRepairForm() -> Response {
        let service = configuration.publicService
        let lists = ListKind.allCases.compactMap { configuration.repairRules.lists[$0] }.map { "<li>移出\(escapedMarkup($0.name))：\(escapedMarkup($0.materials.joined(separator: "、")))</li>" }
        let regimes = (configuration.repairRules.regimes.map { "<li>\(escapedMarkup($0.name))：\(escapedMarkup($0.materials.joined(separator: "、")))</li>" } + lists).joined()
        let options = materialNames.map { "<option>\(escapedMarkup($0))</option>" }.joined()
        let rows = (0..<service.maxFiles).map { i in
            """
            <tr><td><label for="m\(i)" class="muted">材料\(i + 1)</label><select id="m\(i)" aria-label="材料\(i + 1)名称">\(options)</select></td>
            <td><input type="file" id="f\(i)" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-label="材料\(i + 1)文件"></td></tr>
            """
        }.joined()
        return page("信用修复申请", """
            <h1>信用修复在线申请</h1>
            <p class="muted">适用于已公示的行政处罚信息，以及列入经营异常名录、严重违法失信名单后申请移出。提交后取得查询编号，可随时查看办理进度；办理结果由市场监管部门审核作出。</p>
            <form id="apply">
              <label for="uscc">统一社会信用代码</label><input type="text" id="uscc" maxlength="18" required autocomplete="off">
              <label for="reference">信用修复告知书编号、行政处罚决定书文号或列入名录决定书文号</label><input type="text" id="reference" required>
              <label for="contact">联系人</label><input type="text" id="contact" maxlength="50" required>
              <label for="phone">联系电话</label><input type="tel" id="phone" maxlength="20" required>
              <h2>申请材料</h2>
              <p class="muted">须提交的材料：</p><ul>\(regimes)</ul>
              <p class="muted">每个文件须为 PDF、JPG 或 PNG，不超过 \(service.maxFileBytes / 1024 / 1024) MB；系统按文件内容检查类型。</p>
              <table><tr><th>材料名称</th><th>文件</th></tr>\(rows)</table>
              <p><button type="submit">提交申请</button></p>
            </form>
            <div id="result" role="status" aria-live="polite"></div>
            <h2>查询办理进度</h2>
            <form method="get" action="/public/repairs/status"><label for="tracking">查询编号</label><input type="text" id="tracking" name="tracking" required>
            <p><button type="submit">查询</button></p></form>
            """, script: """
            const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
            const base64 = f => new Promise((ok, fail) => { const r = new FileReader(); r.onload = () => ok(r.result.split(',')[1]); r.onerror = fail; r.readAsDataURL(f); });
            document.getElementById('apply').addEventListener('submit', async ev => {
              ev.preventDefault();
              const out = document.getElementById('result');
              const files = [];
              for (let i = 0; i < \(service.maxFiles); i++) {
                const f = document.getElementById('f' + i).files[0];
                if (f) files.push({ material: document.getElementById('m' + i).value, file_name: f.name, content_base64: await base64(f) });
              }
              const body = { uscc: document.getElementById('uscc').value.trim(), reference: document.getElementById('reference').value.trim(),
                             contact: document.getElementById('contact').value.trim(), phone: document.getElementById('phone').value.trim(), files };
              out.textContent = '提交中…';
              try {
                const r = await fetch('/public/repairs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
                const v = await r.json();
                if (!r.ok) { out.innerHTML = '<p class="bad">未能受理：' + esc(v.error && v.error.message) + '</p>'; return; }
                out.innerHTML = '<p class="ok">已提交。查询编号：<strong>' + esc(v.tracking) + '</strong>（请妥善保存）。</p><p><a href="' + esc(v.status_url) + '">查看办理进度</a></p>';
              } catch (e) { out.innerHTML = '<p class="bad">提交失败，请稍后再试。</p>'; }
            });
            """)
    }

    func publicRepairSubmit(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: onlineRepairBodyLimit) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "提交的材料过大：每个文件不超过 \(configuration.publicService.maxFileBytes / 1024 / 1024) MB，最多 \(configuration.publicService.maxFiles) 个")
        }
        let body: OnlineRepairBody
        do { body = try JSONDecoder().decode(OnlineRepairBody.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError.badRequest("申请内容格式不正确：须为含 uscc、reference、contact、phone、files 的 JSON")
        }
        let uscc = try code(body.uscc)
        let contact = body.contact.trimmingDataWhitespace(), phone = body.phone.trimmingDataWhitespace()
        let reference = body.reference.trimmingDataWhitespace()
        guard (1...50).contains(contact.count), !contact.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("请填写联系人（不超过50个字）")
        }
        // Checked as sent (the published schema's rule), stored trimmed.
        guard (7...20).contains(body.phone.count), body.phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }),
              phone.contains(where: \.isNumber) else {
            throw APIError.badRequest("联系电话须为 7–20 位数字（可含 - 和 +）")
        }
        guard (1...200).contains(reference.count) else { throw APIError.badRequest("请填写信用修复告知书编号或行政处罚决定书文号") }
        // What the application is about comes first: an unknown enterprise or reference is a
        // 404 whatever the files are.
        let store = OnlineRepairStore(database: database, rules: configuration.repairRules)
        guard try store.documentNumber(uscc: uscc, reference: reference) != nil else {
            throw APIError.notFound(OnlineRepairError.unknownReference(reference).description)
        }
        let service = configuration.publicService
        guard !body.files.isEmpty else { throw APIError.badRequest("请上传申请材料") }
        guard body.files.count <= service.maxFiles else { throw APIError.badRequest("最多上传 \(service.maxFiles) 个文件") }
        var files: [UploadedMaterial] = []
        for file in body.files {
            let name = String(file.fileName.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(120))
            guard let data = Data(base64Encoded: file.contentBase64) else { throw APIError.badRequest("\(name)：文件内容不是有效的 base64 编码") }
            let type: MaterialMediaType
            do { type = try MaterialFile.check(name: name, bytes: Array(data), maxBytes: service.maxFileBytes) } catch {
                throw APIError.badRequest(error.description)
            }
            files.append(UploadedMaterial(material: file.material.trimmingDataWhitespace(), fileName: name, bytes: Array(data), mediaType: type))
        }
        let tracking = trackingNumber()
        let (actor, time, materials) = (publicActor(context), now(), files)
        do {
            let status = try await offload {
                try store.submit(uscc: uscc, reference: reference, contact: contact, phone: phone, files: materials, tracking: tracking, now: time, actor: actor)
            }
            return try json(OnlineRepairCreated(tracking: status.tracking, statusURL: "/public/repairs/status?tracking=\(status.tracking)"), status: .created)
        } catch let error as OnlineRepairError {
            throw APIError.notFound(error.description)
        } catch let error as RepairError {
            throw APIError(error)
        }
    }

    /// 12 characters from a CSPRNG: a tracking number nobody can guess or enumerate.
    func trackingNumber() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return "XF" + String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    func publicRepairStatus(_ request: Request) async throws -> Response {
        let tracking = (request.uri.queryParameters.get("tracking") ?? "").trimmingDataWhitespace().uppercased()
        guard let status = try OnlineRepairStore(database: database, rules: configuration.repairRules).status(tracking: tracking) else {
            return page("办理进度", "<h1>未找到</h1><p>查询编号“\(escapedMarkup(tracking))”不存在，请核对后再查。</p><p><a href=\"/public/repairs\">返回</a></p>",
                        status: .notFound)
        }
        let label = ["pending": "审核中", "approved": "已准予信用修复", "rejected": "不予信用修复"][status.status] ?? status.status
        var rows: [(String, String)] = [("查询编号", status.tracking), ("企业名称", status.name), ("统一社会信用代码", status.uscc),
                                        ("行政处罚决定书文号", status.documentNumber),
                                        ("提交时间", Timestamp(iso: status.submittedAt)?.chinaMinute ?? status.submittedAt), ("办理状态", label)]
        if let decided = status.decidedAt { rows.append(("办结时间", Timestamp(iso: decided)?.chinaMinute ?? decided)) }
        if let reason = status.reason { rows.append(("理由", reason)) }
        rows.append(("已提交材料", status.materials.joined(separator: "；")))
        return page("办理进度", "<h1>信用修复申请办理进度</h1>" + PublicPages.fields(rows))
    }
}
