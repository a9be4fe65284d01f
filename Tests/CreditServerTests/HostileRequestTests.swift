import CreditCore
@testable import CreditServer
@testable import CreditStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Requests a hostile or careless caller sends (found by schemathesis and by hand): none may
/// crash the server, stall it, or get a wrong answer.
@Suite(.serialized) struct HostileRequestTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    struct SearchPage: Decodable { var total: Int; var page: Int; var size: Int; var items: [EnterpriseSearch.Hit] }

    func search(_ client: some TestClientProtocol, _ query: String) async throws -> (HTTPResponse.Status, SearchPage?) {
        try await client.execute(uri: "/api/v1/enterprises?\(query)", method: .get, headers: fixture.headers(.officer)) { response in
            (response.status, response.status == .ok ? try JSONDecoder().decode(SearchPage.self, from: Data(buffer: response.body)) : nil)
        }
    }

    /// `(page − 1) × size` overflowed Int and killed the process for every user.
    @Test func aHugePageIsAnEmptyPageNotACrash() async throws {
        try await fixture.app.test(.router) { client in
            let (status, page) = try await search(client, "q=abc&page=9223372036854775807&size=100")
            #expect(status == .ok)
            #expect(page?.items.isEmpty == true)
            for bad in ["q=abc&page=99999999999999999999", "q=abc&page=0", "q=abc&size=101", "q=abc&page=x"] {
                let (status, _) = try await search(client, bad)
                #expect(status == .badRequest, "\(bad)")
            }
        }
    }

    /// A NUL (or any control character) in `q` was passed into an FTS5 phrase: 500.
    @Test func controlCharactersInTheQueryAreRefusedWithA400() async throws {
        try await fixture.app.test(.router) { client in
            for q in ["abc%00", "%E4%BF%9D%00%E5%AE%9A", "a%0Bb", "%01%02%03"] {
                let (status, _) = try await search(client, "q=\(q)")
                #expect(status == .badRequest, "\(q)")
            }
        }
    }

    /// A quote followed by an emoji modifier is one Character, so escaping the FTS5 phrase by
    /// Character left the quote alone: "unterminated string", 500 (found by schemathesis).
    @Test func quotesInsideGraphemeClustersAreEscaped() async throws {
        try await fixture.app.test(.router) { client in
            for q in ["%F0%9F%98%8DU%22%F0%9F%8F%BBR%C2%AB", "%22%CC%81abc", "ab%25%CC%81", "a%22%F0%9F%8F%BB"] {
                let (status, _) = try await search(client, "q=\(q)")
                #expect(status == .ok, "\(q)")
            }
            try await client.execute(uri: "/public/credit?q=%F0%9F%98%8DU%22%F0%9F%8F%BBR%C2%AB&page=193", method: .get) {
                #expect($0.status == .ok)
            }
        }
    }

    /// The total of a two-character search was `offset + hits (+1)`; it must be the number of
    /// all matches, whatever the page size, and paging must reach every one of them.
    @Test func twoCharacterSearchesCountEveryMatch() async throws {
        let expected = try await fixture.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise WHERE instr(name, '保定') > 0")!
        }
        #expect(expected > 100)
        try await fixture.app.test(.router) { client in
            var seen = Set<String>()
            var page = 1
            while true {
                let (status, result) = try await search(client, "q=%E4%BF%9D%E5%AE%9A&size=100&page=\(page)")
                #expect(status == .ok)
                guard let result else { break }
                #expect(result.total == expected)
                if result.items.isEmpty { break }
                seen.formUnion(result.items.map(\.uscc))
                page += 1
            }
            #expect(seen.count == expected)
            let small = try await search(client, "q=%E4%BF%9D%E5%AE%9A&size=20").1
            #expect(small?.total == expected)
        }
    }

    /// ASCII text is a name fragment as well as a code prefix, and LIKE's wildcards are
    /// literal characters, not "anything".
    @Test func asciiFragmentsSearchNamesAndWildcardsAreLiteral() async throws {
        let code = fixture.sampleCode
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE enterprise SET name = '保定Script软件有限公司' WHERE uscc = ?", arguments: [code])
        }
        try await fixture.app.test(.router) { client in
            let byName = try await search(client, "q=script").1, byCode = try await search(client, "q=\(code.prefix(12))").1
            let percent = try await search(client, "q=%25%25").1, underscore = try await search(client, "q=__").1
            #expect(byName?.items.map(\.uscc) == [code])
            #expect(byCode?.items.contains { $0.uscc == code } == true)
            #expect(percent?.total == 0)
            #expect(underscore?.total == 0)
        }
    }

    /// Notice numbers are Chinese; the path parameter arrives percent-encoded and must be decoded.
    @Test func aNoticeIsFoundByItsPercentEncodedNumber() async throws {
        let number = try await fixture.database.writer.read { db in try String.fetchOne(db, sql: "SELECT number FROM repair_notice LIMIT 1") }
        let found = try #require(number)
        let encoded = found.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/notices/\(encoded)?format=txt", method: .get, headers: fixture.headers(.officer)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("信用修复告知书"))
            }
        }
        #expect(try fixture.lookupJournal.events().contains { $0.payload["what"] == .string("notice \(found)") })
    }

    /// Lookups that reveal anything derived from the class (eligibility says "D类，转人工审核")
    /// and the notices list are logged like enterprise lookups.
    @Test func eligibilityAndNoticeListsAreLogged() async throws {
        try await fixture.app.test(.router) { client in
            for suffix in ["eligibility", "notices"] {
                try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/\(suffix)", method: .get,
                                         headers: fixture.headers(.officer)) { #expect($0.status == .ok) }
            }
        }
        let whats = try fixture.lookupJournal.events().filter { $0.payload["uscc"] == .string(fixture.sampleCode) }.compactMap { $0.payload["what"] }
        #expect(Set(whats) == [.string("eligibility"), .string("notices")])
    }

    /// Pages and errors alike forbid sniffing and framing and restrict what a page may load.
    @Test func everyAnswerCarriesSecurityHeaders() async throws {
        try await fixture.app.test(.router) { client in
            for uri in ["/", "/public/draws", "/api/v1/health", "/nowhere", "/api/v1/quality"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'"), "\(uri): \(policy)")
                }
            }
        }
    }

    /// A client that sends half a request and waits is disconnected after the idle timeout
    /// instead of holding a connection open for ever.
    @Test func aHalfSentRequestIsClosedAfterTheIdleTimeout() async throws {
        var configuration = fixture.configuration
        configuration.idleTimeout = .seconds(1)
        configuration.port = 0
        try await buildApplication(configuration).test(.live) { client in
            let port = try #require(client.port)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let partial = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
            _ = partial.withCString { send(fd, $0, strlen($0), 0) }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let started = ContinuousClock.now
            var byte: UInt8 = 0
            let received = recv(fd, &byte, 1, 0)
            let waited = ContinuousClock.now - started
            #expect(received <= 0, "the server answered a request it never fully received")
            #expect(waited < .seconds(5), "the connection stayed open \(waited)")
        }
    }

    /// Repair refusals answer by their kind: an unknown application 404, a missing reason 400,
    /// a penalty that cannot be repaired now 409 — never a 422 or a 500 for a well-formed request.
    @Test func repairRefusalsHaveStatusesByKind() async throws {
        let regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            let unknown = try await client.execute(uri: "/api/v1/repairs/9223372036854775806/decision", method: .post, headers: regulator,
                                                   body: ByteBuffer(string: #"{"approve":false,"reason":"x"}"#)) { $0.status }
            #expect(unknown == .notFound)
            let missingPenalty = try await client.execute(uri: "/api/v1/repairs", method: .post, headers: regulator,
                body: ByteBuffer(string: #"{"uscc":"\#(fixture.sampleCode)","document_no":"没有这个文书号","materials":[]}"#)) { $0.status }
            #expect(missingPenalty == .notFound)
            // A listing or a commitment is named by kind; an unknown kind is a 400.
            let missingListing = try await client.execute(uri: "/api/v1/repairs", method: .post, headers: regulator,
                body: ByteBuffer(string: #"{"uscc":"\#(fixture.sampleCode)","kind":"abnormal-list","document_no":"没有这个文书号","materials":[]}"#)) { $0.status }
            #expect(missingListing == .notFound)
            let badKind = try await client.execute(uri: "/api/v1/repairs", method: .post, headers: regulator,
                body: ByteBuffer(string: #"{"uscc":"\#(fixture.sampleCode)","kind":"黑名单","document_no":"x","materials":[]}"#)) { $0.status }
            #expect(badKind == .badRequest)
        }
    }

    /// `?item=` answers for one approval item of eligibility.yaml, naming it; an item that does
    /// not allow 告知承诺制 is refused with that reason.
    @Test func eligibilityAnswersByApprovalItem() async throws {
        try await fixture.app.test(.router) { client in
            let known = try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/eligibility?item=SP-JY", method: .get,
                                                 headers: fixture.headers(.officer)) { String(buffer: $0.body) }
            #expect(known.contains(#""item":"SP-JY""#))
            let unknown = try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/eligibility?item=NOPE", method: .get,
                                                   headers: fixture.headers(.officer)) { String(buffer: $0.body) }
            #expect(unknown.contains("不适用告知承诺制") && unknown.contains("NOPE"))
        }
    }
}
