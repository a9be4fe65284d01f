import CreditCore
import CreditIngest
import CreditRepair
@testable import CreditServer
import CreditStore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite(.serialized) struct ServerTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    /// Every route × every role (and no token): 401 without a token on protected routes, 403
    /// for a role the route does not admit, and neither for the roles it does.
    @Test func theAccessMatrixHoldsForEveryRoute() async throws {
        try await fixture.app.test(.router) { client in
            for endpoint in Endpoint.allCases {
                for role in [nil] + Role.allCases.map(Optional.some) {
                    let body = endpoint.method == .post ? ByteBuffer(string: "{}") : nil
                    try await client.execute(uri: fixture.uri(endpoint), method: endpoint.method, headers: fixture.headers(role), body: body) { response in
                        let status = response.status
                        let label = "\(endpoint.method) \(endpoint.path) as \(role?.rawValue ?? "anonymous") → \(status.code)"
                        switch (endpoint.roles, role) {
                        case (nil, _): #expect(status != .unauthorized && status != .forbidden, "\(label)")
                        case (.some, nil): #expect(status == .unauthorized, "\(label)")
                        case (.some(let allowed), .some(let r)):
                            if allowed.contains(r) { #expect(status != .unauthorized && status != .forbidden, "\(label)") }
                            else { #expect(status == .forbidden, "\(label)") }
                        }
                        if status.code >= 400 {
                            let text = String(buffer: response.body)
                            #expect(text.contains("\"error\"") && text.contains("\"code\"") && text.contains("\"message\""), "\(label): \(text)")
                        }
                    }
                }
            }
        }
    }

    @Test func aRevokedOrUnknownTokenIsRefused() async throws {
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/quality", method: .get, headers: [.authorization: "Bearer nope"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/quality", method: .get, headers: [.authorization: "Basic x"]) { #expect($0.status == .unauthorized) }
        }
        let (id, token) = try TokenStore(database: fixture.database).create(name: "temp", role: .officer, now: Timestamp(millisecondsSince1970: 0))
        _ = try TokenStore(database: fixture.database).revoke(id: id, now: Timestamp(millisecondsSince1970: 1))
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/quality", method: .get, headers: [.authorization: "Bearer \(token)"]) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func errorsHaveTheRightStatusAndShape() async throws {
        let officer = fixture.headers(.officer), regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/enterprises/91350100M000100Y4Z", method: .get, headers: officer) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("第18位“Z”不是允许的字符"))
            }
            try await client.execute(uri: "/api/v1/enterprises/91350100M000100Y43", method: .get, headers: officer) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/enterprises?q=x", method: .get, headers: officer) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/quality?month=2026-13", method: .get, headers: officer) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("\"not_found\""))
            }
            try await client.execute(uri: "/api/v1/draws", method: .post, headers: regulator, body: ByteBuffer(string: "{not json")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/draws", method: .post, headers: regulator,
                                     body: ByteBuffer(string: #"{"id":"2026-10","as_of":"2026-10-08","randomness_source":"1"}"#)) { #expect($0.status == .conflict) }
            let big = ByteBuffer(string: "{\"reason\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            try await client.execute(uri: "/api/v1/draws/2026-10/void", method: .post, headers: regulator, body: big) { #expect($0.status == .contentTooLarge) }
        }
    }

    @Test func officersFindAndExplainEnterprisesAndLookupsAreLogged() async throws {
        let officer = fixture.headers(.officer)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/enterprises?q=%E4%BF%9D%E5%AE%9A&size=5", method: .get, headers: officer) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"items\"") && text.contains("保定"))
                // Regions by name with their code (Rules/code-names.yaml), for the officer's list.
                let items = (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as! [String: Any])["items"] as! [[String: Any]]
                #expect(items.allSatisfy { ($0["region_name"] as? String)?.hasSuffix("（\($0["region"] as! String)）") == true })
            }
            try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)", method: .get, headers: officer) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as! [String: Any]
                #expect(json["uscc"] as? String == fixture.sampleCode)
                #expect(["A", "B", "C", "D"].contains(json["class"] as? String ?? ""))
                #expect((json["contributions"] as? [[String: Any]])?.isEmpty == false)
            }
            try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/report?format=docx", method: .get, headers: officer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("wordprocessingml") == true)
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x50, 0x4B])  // "PK": a ZIP
            }
            try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/report?format=txt", method: .get, headers: officer) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("format 'txt' is not one of html, docx, json, pdf"))
            }
        }
        let lookups = try fixture.lookupJournal.events()
        #expect(lookups.contains { $0.actor.hasPrefix("officer-tester") && $0.payload["uscc"] == .string(fixture.sampleCode) })
        #expect(lookups.contains { $0.payload["what"] == .string("search") && $0.payload["q"] == .string("保定") })
    }

    /// A repeated lookup is answered from the explanation cache with the same bytes (and still
    /// logged); once a new run is stored, the answer comes from that run.
    @Test func cachedExplanationsFollowTheLatestRun() async throws {
        let officer = fixture.headers(.officer)
        let uri = "/api/v1/enterprises/\(fixture.sampleCode)"
        let before = try loggedLookups()
        var bodies = try await fixture.app.test(.router) { client in
            [try await client.execute(uri: uri, method: .get, headers: officer) { $0.body },
             try await client.execute(uri: uri, method: .get, headers: officer) { $0.body }]
        }
        #expect(bodies[0] == bodies[1])
        #expect(try loggedLookups() == before + 2)
        let rules = try LoadedRuleSet(text: try rulesText("classification.yaml"), file: "classification.yaml")
        let newRun = try ClassificationRunner(database: fixture.database).run(
            rules, asOf: CalendarDate(iso: "2026-11-01")!, knownBy: nil, now: Timestamp(iso: "2026-11-01T02:00:00.000Z")!, store: true).runID
        bodies.append(try await fixture.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: officer) { $0.body }
        })
        let first = try JSONSerialization.jsonObject(with: Data(buffer: bodies[0])) as! [String: Any]
        let third = try JSONSerialization.jsonObject(with: Data(buffer: bodies[2])) as! [String: Any]
        #expect(newRun != nil && third["run_id"] as? Int64 == newRun && first["run_id"] as? Int64 != newRun)
        #expect((third["history"] as? [Any])?.count == ((first["history"] as? [Any])?.count ?? 0) + 1)
    }

    private func loggedLookups() throws -> Int {
        try fixture.lookupJournal.events(limit: 10_000).filter { $0.payload["uscc"] == .string(fixture.sampleCode) }.count
    }

    /// No public response names a class, a score, or a phone number.
    @Test func publicResponsesNeverLeakClassScoreOrPersonalData() async throws {
        let (phones, runIDs) = try await fixture.database.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT phone FROM enterprise WHERE phone IS NOT NULL LIMIT 200"),
             try Int64.fetchAll(db, sql: "SELECT id FROM classification_run"))
        }
        let issued = try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/public/credit/\(fixture.sampleCode)/report?format=html", method: .post) { String(buffer: $0.body) }
        }
        let number = try #require(issued.firstMatch(of: /保市监信报〔\d{4}〕\d+号/).map { String($0.output) })
        let code = try #require(issued.firstMatch(of: /核验码：([A-Z0-9]{8})/).map { String($0.output.1) })
        try await fixture.app.test(.router) { client in
            // Filing an application creates data; its answer is a tracking number (OnlineRepairTests).
            for endpoint in Endpoint.allCases where endpoint.isPublic && endpoint != .publicRepairSubmit {
                var uri = fixture.uri(endpoint)
                var body: ByteBuffer?
                switch endpoint {
                case .publicCredit: uri += "?q=%E4%BF%9D%E5%AE%9A"
                case .publicReportLookup: uri += "?number=\(number.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&code=\(code)"
                case .publicReportVerify: body = ByteBuffer(string: issued)
                default: break
                }
                let headers: HTTPFields = body == nil ? [:] : [.contentType: "application/octet-stream"]
                try await client.execute(uri: uri, method: endpoint.method, headers: headers, body: body) { response in
                    #expect(response.status == (endpoint == .publicRepairStatus ? .notFound : .ok), "\(endpoint.path)")
                    let text = String(buffer: response.body)
                    // The officer pages are shells: their script names the API's fields and the class
                    // names it shows after login, but they carry no data (phone numbers checked below).
                    let shell = [.officerPage, .enterprisePage, .drawPage].contains(endpoint)
                    let forbidden = ["\"class\"", "\"score\"", "风险分", "信用风险低", "信用风险一般", "信用风险较高", "信用风险高", "score_class",
                                     "\"strata\"", "A|", "B|", "C|", "D|", "\"trace\"", "\"contributions\"", "run_id"]
                    for pattern in (shell ? ["****"] : forbidden + ["****"]) {
                        #expect(!text.contains(pattern), "\(endpoint.path) contains \(pattern)")
                    }
                    for phone in phones { #expect(!text.contains(phone), "\(endpoint.path) contains a phone number") }
                    for id in runIDs { #expect(!text.contains("\"run\":\(id)") && !text.contains("run \(id)"), "\(endpoint.path) names a run") }
                }
            }
        }
    }

    /// Lookups (and their 查询留痕) never wait for a writer: while another connection holds the
    /// main file's write lock — as an import does for the whole of a file — every lookup is
    /// answered and logged. Before the lookup journal, each waited the 10 s busy timeout behind
    /// the writer and then failed with "database is locked".
    @Test func lookupsAreAnsweredAndLoggedWhileAWriterHoldsTheDatabase() async throws {
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let database = fixture.database
        let writer = Thread {
            try? database.writer.write { db in
                try db.execute(sql: "UPDATE enterprise SET name = name WHERE 0")  // takes the write lock
                locked.signal()
                release.wait()
            }
        }
        writer.start()
        locked.wait()
        let before = try loggedLookups()
        let clock = ContinuousClock()
        let (answered, slowest) = try await fixture.app.test(.router) { client -> (Int, Duration) in
            var answered = 0, slowest = Duration.zero
            for _ in 0..<20 {
                let started = clock.now
                let status = try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)", method: .get, headers: fixture.headers(.officer)) { $0.status }
                slowest = max(slowest, clock.now - started)
                if status == .ok { answered += 1 }
            }
            return (answered, slowest)
        }
        // The writer still holds the lock: another connection cannot start writing.
        let probe = try DatabaseQueue(path: fixture.directory.appendingPathComponent("credit.db").path)
        #expect(throws: DatabaseError.self) { try probe.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") } }
        try probe.close()
        release.signal()
        #expect(answered == 20)
        #expect(slowest < .seconds(2), "a lookup waited \(slowest) for the writer")
        #expect(try loggedLookups() == before + 20)
    }

    /// WAL: reads keep answering while a real import writes, and the import loads everything.
    @Test func readsKeepAnsweringDuringAnImport() async throws {
        var lines = ["行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项"]
        for i in 0..<60_000 { lines.append("甲,\(fixture.sampleCode),并发确认\(i),2026-09-01,局,认定") }
        let file = fixture.directory.appendingPathComponent("行政确认.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let database = fixture.database
        let importTask = Task.detached {
            Importer(database: database).importPaths([file.path], options: ImportOptions(knownAt: Timestamp(iso: "2026-10-02T00:00:00.000Z")!))
        }
        let answered = try await fixture.app.test(.router) { client -> Int in
            var answered = 0
            for _ in 0..<30 {
                let status = try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)", method: .get, headers: fixture.headers(.officer)) { $0.status }
                if status == .ok { answered += 1 }
            }
            return answered
        }
        let report = await importTask.value
        #expect(report.files.first?.loaded == 60_000)
        #expect(answered == 30)
    }

    /// docs/openapi.yaml describes exactly the routes the server has.
    @Test func theOpenAPIDocumentMatchesTheRouteTable() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var documented = Set<String>()
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            else if let p = path, ["    get:", "    post:", "    put:", "    delete:"].contains(String(line)) {
                documented.insert("\(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()) \(p)")
            } else if !line.hasPrefix(" ") { if line != "paths:" { path = nil } }
        }
        let implemented = Set(Endpoint.allCases.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == implemented, "only documented: \(documented.subtracting(implemented)); only implemented: \(implemented.subtracting(documented))")
        for endpoint in Endpoint.allCases where !endpoint.isPublic {
            #expect(text.contains("operationId: \(endpoint.rawValue)\n"), "\(endpoint)")
        }
        // The documents' download formats are documented as the render path offers them.
        for formats in [CreditReport.formats, RepairNotice.formats] {
            #expect(text.contains("enum: [\(formats.map(\.rawValue).joined(separator: ", "))]"), "\(formats)")
        }
    }
}

@Suite("Revalidating reads")
struct RevalidatingTests {
    final class ManualClock: Sendable {
        let time = Mutex<Duration>(.zero)
        func advance(_ d: Duration) { time.withLock { $0 += d } }
    }

    /// A value is read once, reused while younger than the window, read again after it; with
    /// a zero window every call reads.
    @Test func readsAgainOnceTheWindowHasPassed() throws {
        let clock = ManualClock()
        let reads = Mutex(0)
        let cache = Revalidating<String, Int?>(maximumAge: .seconds(1), now: { clock.time.withLock { $0 } })
        func read() -> Int? { reads.withLock { $0 += 1; return $0 } }
        #expect(try cache.value("a", read: read) == 1)
        clock.advance(.milliseconds(999))
        #expect(try cache.value("a", read: read) == 1)
        #expect(try cache.value("b", read: read) == 2)
        clock.advance(.milliseconds(1))
        #expect(try cache.value("a", read: read) == 3)
        let uncached = Revalidating<String, Int?>(maximumAge: .zero)
        #expect(try uncached.value("a", read: read) == 4)
        #expect(try uncached.value("a", read: read) == 5)
    }
}
