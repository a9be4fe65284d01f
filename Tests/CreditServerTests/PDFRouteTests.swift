import CreditCore
import CreditPrint
@testable import CreditServer
@testable import CreditStore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// `?format=pdf` on the officer's notice and report routes.
@Suite(.serialized) struct PDFRouteTests {
    struct Verdict: Decodable { var result: String }

    func issuedReports(_ fixture: ServerFixture) async throws -> Int {
        try await fixture.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issued_report") ?? 0 }
    }

    /// Without Chromium or LibreOffice the answer is 503 naming both, and no report number is spent.
    @Test func withoutAnEngineAPDFIsRefusedNamingBoth() async throws {
        var configured = try ServerFixture()
        configured.configuration.pdf = nil
        let fixture = configured
        let before = try await issuedReports(fixture)
        try await fixture.app.test(.router) { client in
            let officer = fixture.headers(.officer)
            for uri in [fixture.uri(.notice) + "?format=pdf", "/api/v1/enterprises/\(fixture.sampleCode)/report?format=pdf"] {
                try await client.execute(uri: uri, method: .get, headers: officer) { response in
                    #expect(response.status == .serviceUnavailable, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.contains("pdf_unavailable") && body.contains("Chromium") && body.contains("LibreOffice"))
                }
            }
        }
        #expect(try await issuedReports(fixture) == before)
    }

    /// With an engine the notice and the report come as PDF downloads; the report is numbered
    /// and registered like the HTML and DOCX ones, so the downloaded file verifies as genuine.
    @Test(.enabled(if: (try? PDFConverter.installed()) != nil, "neither Chromium nor LibreOffice is installed"))
    func aNoticeAndAReportComeAsPDF() async throws {
        var configured = try ServerFixture()
        configured.configuration.pdf = try PDFConverter.installed()
        let fixture = configured
        try await fixture.app.test(.router) { client in
            let officer = fixture.headers(.officer)
            try await client.execute(uri: fixture.uri(.notice) + "?format=pdf", method: .get, headers: officer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(Array(response.body.readableBytesView.prefix(5)) == Array("%PDF-".utf8))
            }
            let report = try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/report?format=pdf", method: .get, headers: officer) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                return Array(response.body.readableBytesView)
            }
            #expect(report.starts(with: Array("%PDF-".utf8)))
            let verdict = try await client.execute(uri: "/public/reports/verify", method: .post, headers: [.contentType: "application/octet-stream"],
                                                   body: ByteBuffer(bytes: report)) { response in
                try JSONDecoder().decode(Verdict.self, from: Data(buffer: response.body))
            }
            #expect(verdict.result == "genuine")
        }
        let formats = try await fixture.database.writer.read { db in try String.fetchAll(db, sql: "SELECT format FROM issued_report") }
        #expect(formats.contains("pdf"))
    }
}
