import CreditCore
@testable import CreditRepair
@testable import CreditServer
import CreditIngest
@testable import CreditStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation

/// The public credit service (item 37): query without login, reports anyone can check.
@Suite(.serialized) struct PublicServiceTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    struct Verdict: Decodable { var result: String; var presented_sha256: String; var report: Report?
        struct Report: Decodable { var number: String; var uscc: String; var sha256: String } }

    func verify(_ client: some TestClientProtocol, _ bytes: [UInt8]) async throws -> Verdict {
        try await client.execute(uri: "/public/reports/verify", method: .post, headers: [.contentType: "application/octet-stream"],
                                 body: ByteBuffer(bytes: bytes)) { response in
            #expect(response.status == .ok)
            return try JSONDecoder().decode(Verdict.self, from: Data(buffer: response.body))
        }
    }

    /// A report downloaded from the public page verifies; the same file with one byte changed
    /// does not (it is reported as an altered copy of that report); a file never issued is unknown.
    @Test(arguments: ["html", "docx"]) func aDownloadedReportVerifiesAndAChangedByteDoesNot(_ format: String) async throws {
        try await fixture.app.test(.router) { client in
            let downloaded = try await client.execute(uri: "/public/credit/\(fixture.sampleCode)/report?format=\(format)", method: .post) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
                return Array(response.body.readableBytesView)
            }
            let genuine = try await verify(client, downloaded)
            #expect(genuine.result == "genuine")
            #expect(genuine.report?.uscc == fixture.sampleCode)
            // One byte changed inside the text (HTML) or in the archive (DOCX), wherever it is.
            for position in [downloaded.count / 3, downloaded.count / 2, downloaded.count - 30] {
                var changed = downloaded
                changed[position] ^= 0x01
                let verdict = try await verify(client, changed)
                #expect(verdict.result != "genuine", "byte \(position) changed and still genuine")
                #expect(verdict.presented_sha256 != genuine.report?.sha256)
            }
            if format == "html" {
                let text = String(decoding: downloaded, as: UTF8.self).replacingOccurrences(of: "行政许可", with: "行政许诺")
                let altered = try await verify(client, Array(text.utf8))
                #expect(altered.result == "altered")
                #expect(altered.report?.number == genuine.report?.number)
            }
            let unknown = try await verify(client, Array("<html>别的文件</html>".utf8))
            #expect(unknown.result == "unknown" && unknown.report == nil)
        }
        // Issued and audited.
        let events = try await fixture.database.writer.read { db in try AuditLog.events(db, kind: "report-issue") }
        #expect(events.contains { $0.payload["uscc"] == .string(fixture.sampleCode) && $0.payload["channel"] == .string("public") })
    }

    /// The number alone does not reveal a report (numbers are sequential); with its code it does.
    @Test func aReportIsLookedUpByNumberAndCodeOnly() async throws {
        try await fixture.app.test(.router) { client in
            let html = try await client.execute(uri: "/public/credit/\(fixture.sampleCode)/report?format=html", method: .post) { String(buffer: $0.body) }
            let number = try #require(html.firstMatch(of: /保市监信报〔\d{4}〕\d+号/).map { String($0.output) })
            let code = try #require(html.firstMatch(of: /核验码：([A-Z0-9]{8})/).map { String($0.output.1) })
            let encoded = number.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/public/reports/lookup?number=\(encoded)&code=\(code)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(fixture.sampleCode))
            }
            try await client.execute(uri: "/public/reports/lookup?number=\(encoded)&code=AAAAAAAA", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains(fixture.sampleCode))
            }
        }
    }

    /// The public query pages by name, shows no more than the law publishes, and is paged.
    @Test func thePublicQueryIsPagedAndShowsOnlyPublicCategories() async throws {
        try await fixture.app.test(.router) { client in
            let first = try await client.execute(uri: "/public/credit?q=%E4%BF%9D%E5%AE%9A", method: .get) { String(buffer: $0.body) }
            #expect(first.contains("第 1 / ") && first.contains("下一页"))
            let second = try await client.execute(uri: "/public/credit?q=%E4%BF%9D%E5%AE%9A&page=2", method: .get) { String(buffer: $0.body) }
            #expect(second.contains("第 2 / ") && second.contains("上一页"))
            let page = try await client.execute(uri: "/public/credit/\(fixture.sampleCode)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("登记信息") && page.contains("行政处罚信息"))
            for hidden in ["行政强制信息", "行政确认信息", "行政裁决信息", "联系电话", "CreditEngine"] { #expect(!page.contains(hidden), "\(hidden)") }
            try await client.execute(uri: "/public/credit?q=%00%00", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/public/credit/91350100M000100Y43", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    /// One client cannot read the register wholesale: past the burst it gets 429 with Retry-After.
    @Test func publicRoutesAreRateLimitedPerClient() async throws {
        var configuration = fixture.configuration
        configuration.publicService.burst = 5
        configuration.publicService.requestsPerMinute = 5
        let app = Application(router: buildRouter(configuration), logger: configuration.logger)
        try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 { statuses.append(try await client.execute(uri: "/public/credit", method: .get) { $0.status }) }
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            try await client.execute(uri: "/public/credit", method: .get) { #expect($0.headers[.retryAfter] != nil) }
            // Officers' API routes are not limited.
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/health", method: .get) { #expect($0.status == .ok) }
            }
        }
    }
}

/// 信用提示 dispatch (item 39): batches, never twice, delivery receipts, history.
@Suite struct ReminderDispatchTests {
    func reminder(_ uscc: String, _ kind: Reminder.Kind, _ channel: Reminder.Channel, phone: String? = "13800001234", date: String = "2026-12-01") -> Reminder {
        Reminder(uscc: uscc, name: "保定示例有限公司", phone: phone, kind: kind, channel: channel, message: "【保定市市场监管局】提示内容。",
                 segments: 1, documentNumber: "保市监罚〔2026〕1号", noticeNumber: nil, date: CalendarDate(iso: date)!)
    }

    @Test func theSameReminderIsNeverDispatchedTwiceAndReceiptsUpdateTheHistory() throws {
        let database = try CreditDatabase.inMemory()
        let service = try PublicServiceRulesLoader.load(try rulesText("public-service.yaml"))
        let store = ReminderDispatchStore(database: database, service: service)
        let code = "91350100M000100Y43"
        let list = [reminder(code, .repairOpen, .sms), reminder(code, .paymentDue, .phone), reminder(code, .repairOpen, .sms, phone: nil, date: "2026-12-02"),
                    reminder(code, .training, .training)]
        let t0 = Timestamp(iso: "2026-11-30T01:00:00.000Z")!, t1 = Timestamp(iso: "2026-12-01T01:00:00.000Z")!
        let first = try store.dispatch(list, channel: .sms, now: t0, actor: "test")
        #expect(first.dispatched.count == 1 && first.skipped.count == 1 && first.batch == "sms-20261130-1")
        #expect(first.dispatched[0].phone == "13800001234")  // unmasked in the batch file
        let again = try store.dispatch(list, channel: .sms, now: t1, actor: "test")
        #expect(again.dispatched.isEmpty && again.alreadySent == 1)
        #expect(try store.dispatch(list, channel: .call, now: t1, actor: "test").dispatched.count == 1)
        let training = try store.dispatch(list, channel: .training, now: t1, actor: "test")
        #expect(training.dispatched.first?.trainingDate == "2026-12-16")

        let receipts = try ReminderDispatchStore.receipts(file: "report.csv", bytes: Array("""
            OutId,PhoneNumber,Status,ErrCode,ReceiveDate
            \(first.dispatched[0].id),13800001234,FAILED,MOBILE_NOT_ON_SERVICE,2026-11-30 09:05:00
            """.utf8))
        #expect(try store.applyReceipts(receipts, now: t1, actor: "test").updated == 1)
        let history = try store.history(uscc: code)
        #expect(history.count == 3)
        let sms = try #require(history.first { $0.channel == .sms })
        #expect(sms.status == "failed" && sms.statusReason?.contains("MOBILE_NOT_ON_SERVICE") == true)
        #expect(history.allSatisfy { $0.phone == nil || $0.phone == "138****1234" })
        let delivered = try ReminderDispatchStore.receipts(file: "r.csv", bytes: Array("流水号,状态\n\(first.dispatched[0].id),DELIVRD\n".utf8))
        _ = try store.applyReceipts(delivered, now: t1, actor: "test")
        #expect(try store.history(uscc: code).first { $0.channel == .sms }?.status == "delivered")
        #expect(throws: ReceiptFileError.self) { try ReminderDispatchStore.receipts(file: "bad.csv", bytes: Array("手机号,内容\n1,2\n".utf8)) }
    }
}

/// 信用修复 online (item 39): the enterprise files its own application with its materials.
@Suite(.serialized) struct OnlineRepairTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [UInt8](repeating: 0, count: 17)
        + [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 100) + [0xFF, 0xD9]

    /// A penalty of the fixture that can be repaired today, and the materials its regime requires.
    func repairable() async throws -> (uscc: String, documentNumber: String, materials: [String]) {
        let rules = fixture.configuration.repairRules
        let inputs = try RepairStore(database: fixture.database, rules: rules).reminderInputs()
        let today = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
        let open = try #require(rules.reminders(inputs, asOf: today).first { $0.kind == .repairOpen && $0.date <= today })
        let record = try #require(inputs.first { $0.record.documentNumber == open.documentNumber && $0.record.uscc.rawValue == open.uscc }?.record)
        return (open.uscc, open.documentNumber, try #require(rules.regime(for: record.decisionDate)).materials)
    }

    func body(uscc: String, reference: String, files: [(String, String, [UInt8])]) -> ByteBuffer {
        let items = files.map { #"{"material":"\#($0.0)","file_name":"\#($0.1)","content_base64":"\#(Data($0.2).base64EncodedString())"}"# }
        return ByteBuffer(string: #"{"uscc":"\#(uscc)","reference":"\#(reference)","contact":"王经理","phone":"0312-5550000","files":[\#(items.joined(separator: ","))]}"#)
    }

    @Test func anEnterpriseFilesOnlineAndFollowsItsApplication() async throws {
        let (uscc, number, materials) = try await repairable()
        let files = zip(materials, [("申请书.pdf", Self.pdf), ("履行证明.png", Self.png), ("承诺书.jpg", Self.jpeg)]).map { ($0, $1.0, $1.1) }
        try await fixture.app.test(.router) { client in
            let created = try await client.execute(uri: "/public/repairs", method: .post, headers: [.contentType: "application/json"],
                                                   body: body(uscc: uscc, reference: number, files: files)) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
            }
            let tracking = try #require(created["tracking"])
            let page = try await client.execute(uri: "/public/repairs/status?tracking=\(tracking)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("审核中") && page.contains(number))
            #expect(!page.contains("0312-5550000") && !page.contains("王经理"))
            // The same penalty again is refused: an application is on file.
            let again = try await client.execute(uri: "/public/repairs", method: .post, headers: [.contentType: "application/json"],
                                                 body: body(uscc: uscc, reference: number, files: files)) { $0.status }
            #expect(again == .conflict)
        }
        // The same application officers decide, with its files stored by content.
        let applications = try RepairStore(database: fixture.database, rules: fixture.configuration.repairRules).applications(uscc: uscc)
        #expect(applications.contains { $0.documentNumber == number && $0.status == "pending" })
        let stored = try await fixture.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload")! }
        #expect(stored == 3)
    }

    /// Types are checked by content: a renamed executable or archive is refused by name of the
    /// file; a 50 MB upload is refused before it is read whole.
    @Test func uploadsAreCheckedByContentAndSize() async throws {
        let (uscc, number, materials) = try await repairable()
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 200)
        // A zip whose one entry would expand to far more than it is (a bomb): refused unopened.
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 300)
        try await fixture.app.test(.router) { client in
            for (name, bytes) in [("申请书.pdf", elf), ("材料.pdf", zip), ("空.pdf", [UInt8]())] {
                let (status, text) = try await client.execute(uri: "/public/repairs", method: .post, headers: [.contentType: "application/json"],
                    body: body(uscc: uscc, reference: number, files: [(materials[0], name, bytes)])) { ($0.status, String(buffer: $0.body)) }
                #expect(status == .badRequest, "\(name)")
                #expect(text.contains(name), "\(text)")
            }
            let huge = [UInt8](repeating: 0x25, count: 50_000_000)
            let status = try await client.execute(uri: "/public/repairs", method: .post, headers: [.contentType: "application/json"],
                                                  body: body(uscc: uscc, reference: number, files: [(materials[0], "大.pdf", huge)])) { $0.status }
            #expect(status == .contentTooLarge)
        }
        #expect(try await fixture.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload")! } == 0)
    }

    @Test func theContentSnifferKnowsTheThreeFormatsAndNothingElse() {
        #expect(MaterialFile.mediaType(of: Self.pdf) == .pdf)
        #expect(MaterialFile.mediaType(of: Self.png) == .png)
        #expect(MaterialFile.mediaType(of: Self.jpeg) == .jpeg)
        #expect(MaterialFile.mediaType(of: Array(Self.pdf.dropLast(7))) == nil)  // truncated: no %%EOF
        #expect(MaterialFile.mediaType(of: Array("GIF89a".utf8) + [0, 0]) == nil)
        #expect(throws: MaterialFileError.self) { try MaterialFile.check(name: "x.pdf", bytes: Self.pdf, maxBytes: 10) }
    }
}
