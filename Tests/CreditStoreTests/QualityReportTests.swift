import CreditCore
import CreditIngest
import CreditRules
@testable import CreditStore
import Foundation
import Testing
import CreditTestSupport

@Suite struct QualityReportTests {
    /// A hand-computed fixture; the comments give the arithmetic.
    @Test func ratesMatchTheHandComputedFixture() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        let calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        let penalty = try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,数据来源单位,上报日期,处罚类别
            甲,\(codeA),罚1,2024-02-08,甲局,甲局,2024-02-23,警告
            甲,\(codeA),罚2,2024-02-08,甲局,甲局,2024-02-26,警告
            甲,\(codeA),罚3,2025-03-03,甲局,甲局,2025-03-12,警告
            甲,\(codeA),罚4,2025-03-03,甲局,甲局,,警告
            甲,91350100M000100Y42,罚5,2025-03-03,甲局,甲局,,警告
            甲,\(codeA),罚4,2025-03-03,甲局,甲局,,警告

            """)
        let licensing = try folder.write("行政许可.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,上报日期
            乙,\(codeB),许1,2025-03-03,乙局,2025-03-13

            """)
        _ = Importer(database: database).run([penalty, licensing])
        let report = try database.writer.write { db in try QualityReport.compute(db, month: nil, calendar: calendar, details: true) }
        #expect(report.rows.count == 2)
        let a = try #require(report.rows.first { $0.sourceUnit == "甲局" })
        // 4 stored + 1 rejected; 罚1 is the 7th working day across the Spring Festival (on
        // time), 罚2 the 8th (late), 罚3 the 7th (on time), 罚4 has no report date.
        #expect(a.category == "penalty")
        #expect((a.submitted, a.compliant, a.withReportDate, a.onTime, a.duplicates, a.usccErrors) == (5, 4, 3, 2, 1, 1))
        #expect(a.complianceRate.description == "80.00")
        #expect(a.timelinessRate.description == "66.67")
        let b = try #require(report.rows.first { $0.sourceUnit == "乙局" })
        #expect((b.submitted, b.compliant, b.withReportDate, b.onTime) == (1, 1, 1, 0))
        #expect(b.timelinessRate.description == "0.00")
        let t = report.totals
        #expect((t.submitted, t.compliant, t.withReportDate, t.onTime, t.duplicates, t.usccErrors) == (6, 5, 4, 2, 1, 1))
        #expect(t.complianceRate.description == "83.33")
        #expect(t.timelinessRate.description == "50.00")
        #expect(report.late?.map(\.documentNumber).sorted() == ["罚2", "许1"])
        #expect(report.late?.first { $0.documentNumber == "罚2" }?.workingDaysTaken == 8)

        let february = try database.writer.write { db in
            try QualityReport.compute(db, month: CalendarMonth("2024-02"), calendar: calendar)
        }
        #expect(february.totals.submitted == 2)
        #expect(february.totals.timelinessRate.description == "50.00")

        // JSON shape for programs.
        let json = String(decoding: try JSONEncoder().encode(report.totals), as: UTF8.self)
        #expect(json.contains("\"compliance_rate\":\"83.33\""))
        #expect(json.contains("\"uscc_errors\":1"))
    }
}

/// Issue 16: 归集及时率 across New Year 2027, which no published schedule covers yet.
@Suite struct QualityAcross2027Tests {
    /// Decided Mon 2026-12-28, reported Thu 2027-01-07: by 《全国年节及纪念日放假办法》第二条(一)
    /// 2027-01-01 is 元旦, so 01-07 is the 7th working day (国办发〔2015〕51号): on time, and the
    /// verdict is provisional. A record reported 2027-01-08 is late.
    @Test func aRecordReportedOverNewYearIsOnTimeAndProvisional() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        let calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        let file = try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,上报日期,处罚类别
            甲,\(codeA),罚1,2026-12-28,甲局,2027-01-07,警告
            甲,\(codeA),罚2,2026-12-28,甲局,2027-01-08,警告
            甲,\(codeA),罚3,2026-11-02,甲局,2026-11-11,警告

            """)
        _ = Importer(database: database).run([file], at: Timestamp(iso: "2027-01-10T02:00:00.000Z")!)
        let report = try database.writer.write { db in try QualityReport.compute(db, month: nil, calendar: calendar, details: true) }
        #expect((report.totals.withReportDate, report.totals.onTime) == (3, 2))
        #expect(report.late?.map(\.documentNumber) == ["罚2"])
        let late = try #require(report.late?.first)
        #expect(late.deadline == CalendarDate(iso: "2027-01-07"))
        #expect(late.provisional)
        #expect(report.provisionalDeadlines == 2)
        #expect(report.provisionalYears == [2027])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"provisional_years\":[2027]"))
    }
}
