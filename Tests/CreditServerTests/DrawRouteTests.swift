import CreditCore
import CreditSampling
@testable import CreditServer
import CreditStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The draw routes: prepare, run and void through `/api/v1/draws` (regulator), the
/// commitment and the status on the public pages, refusals as typed errors with their status.
@Suite(.serialized) struct DrawRouteTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    func json(_ buffer: ByteBuffer) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as! [String: Any] }

    @Test func prepareRunAndVoidThroughTheAPIAndThePublicPages() async throws {
        let regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            let prepared = try await client.execute(uri: "/api/v1/draws", method: .post, headers: regulator,
                                                    body: ByteBuffer(string: #"{"id":"2026-11","as_of":"2026-11-05","randomness_source":"福利彩票双色球 2026-11-06 开奖号码"}"#)) { response in
                #expect(response.status == .created)
                return try json(response.body)
            }
            let commitmentSHA256 = try #require(prepared["commitment_sha256"] as? String)
            // Published at once: the commitment file and its hash on the public pages; no receipt yet.
            try await client.execute(uri: "/public/draws/2026-11/commitment.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(DrawFiles.sha256(Array(response.body.readableBytesView)) == commitmentSHA256)
            }
            try await client.execute(uri: "/public/draws/2026-11/receipt.json", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/public/draws", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(commitmentSHA256) && page.contains("已承诺，待抽取"))
            }
            try await client.execute(uri: "/public/draws/2026-11", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("福利彩票双色球 2026-11-06 开奖号码") && page.contains(commitmentSHA256))
            }
            // Run with the named randomness.
            let run = try await client.execute(uri: "/api/v1/draws/2026-11/run", method: .post, headers: regulator,
                                               body: ByteBuffer(string: #"{"randomness":"05 11 17 23 29 31 + 07"}"#)) { response in
                #expect(response.status == .created)
                return try json(response.body)
            }
            #expect((run["tasks"] as? Int ?? 0) > 0 && run["commitment_sha256"] as? String == commitmentSHA256)
            try await client.execute(uri: "/api/v1/draws/2026-11/run", method: .post, headers: regulator,
                                     body: ByteBuffer(string: #"{"randomness":"05 11 17 23 29 31 + 07"}"#)) { response in
                #expect(response.status == .ok)
                let again = try json(response.body)
                #expect(again["already_recorded"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/draws/2026-11/run", method: .post, headers: regulator,
                                     body: ByteBuffer(string: #"{"randomness":"other"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("\"already_run\""))
            }
            let tickets = String(decoding: try fixture.database.files(of: "2026-11")[DrawFiles.selection]!, as: UTF8.self)
                .split(separator: "\n").map { String($0.split(separator: "\t")[2].prefix(14)) }
            try await client.execute(uri: "/public/draws/2026-11", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("05 11 17 23 29 31 + 07") && page.contains("随机") && page.contains(run["receipt_sha256"] as! String))
                for ticket in tickets { #expect(!page.contains(ticket), "the public page shows a ticket") }
            }
            // Void: still listed, as 已作废 with the reason.
            try await client.execute(uri: "/api/v1/draws/2026-11/void", method: .post, headers: regulator,
                                     body: ByteBuffer(string: #"{"reason":"执法人员名录有误"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/public/draws", method: .get) { response in
                #expect(String(buffer: response.body).contains("已作废：执法人员名录有误"))
            }
            try await client.execute(uri: "/public/draws/2026-11", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("执法人员名录有误"))
            }
            try await client.execute(uri: "/api/v1/draws/2026-11", method: .get, headers: regulator) { response in
                let summary = try json(response.body)
                #expect(summary["status"] as? String == "void" && summary["void_reason"] as? String == "执法人员名录有误")
            }
        }
    }

    /// Results are uploaded to one draw: a file without the result columns is refused as a whole
    /// (422, nothing loaded), an unknown draw is 404, and a row of another draw is refused at its line.
    @Test func resultsUploadIsCheckedAgainstItsDraw() async throws {
        let regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/draws", method: .post, headers: regulator,
                                         body: ByteBuffer(string: #"{"id":"2026-11","as_of":"2026-11-05","randomness_source":"信标第 1 轮"}"#)) { #expect($0.status == .created) }
            _ = try await client.execute(uri: "/api/v1/draws/2026-11/run", method: .post, headers: regulator,
                                         body: ByteBuffer(string: #"{"randomness":"abc"}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/draws/2026-11/results", method: .post, headers: regulator,
                                     body: ByteBuffer(string: "编号,结果\n1,2\n")) { response in
                #expect(response.status == .unprocessableContent)
                let report = try json(response.body)
                #expect(report["loaded"] as? Int == 0)
                #expect(String(buffer: response.body).contains("抽查编号"))
            }
            try await client.execute(uri: "/api/v1/draws/2026-09/results", method: .post, headers: regulator,
                                     body: ByteBuffer(string: "抽查编号,统一社会信用代码,检查结果,检查日期,执法证号\n")) { #expect($0.status == .notFound) }
            let csv = "抽查编号,统一社会信用代码,检查结果,检查日期,执法证号\n2026-10-0001,91130600MA0000001X,未发现问题,2026-11-20,13060001\n"
            try await client.execute(uri: "/api/v1/draws/2026-11/results", method: .post, headers: regulator,
                                     body: ByteBuffer(string: csv)) { response in
                #expect(response.status == .ok)
                let report = try json(response.body)
                #expect(report["loaded"] as? Int == 0 && report["rejected"] as? Int == 1)
                let errors = report["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["line"] as? Int == 2)
            }
        }
    }

    @Test func refusalsHaveTheirStatusAndCode() async throws {
        let regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("/api/v1/draws", #"{"id":"..","randomness_source":"x"}"#, .badRequest, "invalid_id"),
                ("/api/v1/draws", #"{"id":"2099-01","as_of":"2099-01-15","randomness_source":"x"}"#, .conflict, "as_of_in_future"),
                ("/api/v1/draws", #"{"id":"2026-09","as_of":"2026-09-30","randomness_source":"x"}"#, .conflict, "as_of_before_latest"),
                ("/api/v1/draws", #"{"id":"2026-10b","as_of":"2026-10-20","randomness_source":"x"}"#, .conflict, "month_taken"),
                ("/api/v1/draws/2026-12/run", #"{"randomness":"1"}"#, .notFound, "not_prepared"),
                ("/api/v1/draws/2026-12/void", #"{"reason":"x"}"#, .notFound, "not_found"),
                ("/api/v1/draws/2026-10/void", #"{"reason":" "}"#, .badRequest, "bad_request"),
            ]
            for (uri, body, status, code) in cases {
                try await client.execute(uri: uri, method: .post, headers: regulator, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(uri) \(body)")
                    #expect(String(buffer: response.body).contains("\"code\":\"\(code)\""), "\(uri) \(body): \(String(buffer: response.body))")
                }
            }
        }
    }
}

extension CreditDatabase {
    /// A draw's bundle as the auditor gets it.
    func files(of id: String) throws -> [String: [UInt8]] { try DrawStore(database: self).files(drawID: id) }
}
