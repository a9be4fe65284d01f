import CreditCore
import CreditRepair
@testable import CreditServer
import CreditStore
import Foundation
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
                #expect(String(buffer: response.body).contains("character 18 'Z' is not allowed"))
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
                #expect(String(buffer: response.body).contains("format 'txt' is not one of html, docx, json"))
            }
        }
        let lookups = try await fixture.database.writer.read { db in try AuditLog.events(db, kind: "lookup") }
        #expect(lookups.contains { $0.actor.hasPrefix("officer-tester") && $0.payload["uscc"] == .string(fixture.sampleCode) })
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
        try fixture.database.writer.read { db in
            try AuditLog.events(db, kind: "lookup").filter { $0.payload["uscc"] == .string(fixture.sampleCode) }.count
        }
    }

    /// No public response names a class, a score, or a phone number.
    @Test func publicResponsesNeverLeakClassScoreOrPersonalData() async throws {
        let phones = try await fixture.database.writer.read { db in try String.fetchAll(db, sql: "SELECT phone FROM enterprise WHERE phone IS NOT NULL LIMIT 200") }
        try await fixture.app.test(.router) { client in
            for endpoint in Endpoint.allCases where endpoint.isPublic {
                try await client.execute(uri: fixture.uri(endpoint), method: endpoint.method) { response in
                    #expect(response.status == .ok, "\(endpoint.path)")
                    let text = String(buffer: response.body)
                    for forbidden in ["\"class\"", "\"score\"", "风险分", "信用风险", "score_class", "\"strata\"", "A|", "B|", "C|", "D|"] {
                        #expect(!text.contains(forbidden), "\(endpoint.path) contains \(forbidden)")
                    }
                    for phone in phones { #expect(!text.contains(phone), "\(endpoint.path) contains a phone number") }
                }
            }
        }
    }

    /// WAL: reads keep answering while an import writes.
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
