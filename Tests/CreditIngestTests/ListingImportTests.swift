import CreditCore
@testable import CreditIngest
@testable import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// 经营异常名录.csv, 严重违法失信名单.csv and 信用承诺.csv through the data contract: the legal
/// vocabularies, dates in order, bad rows named by file, line and field, and a later export
/// that adds a removal or an outcome stored as a correction with the earlier version in history.
@Suite struct ListingImportTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    var importer: Importer { Importer(database: database) }

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        try folder.write("enterprises.csv", enterprisesCSV)
        _ = importer.run([folder.path("enterprises.csv")])
    }

    static let abnormalHeader = "统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号,移出日期,移出原因"

    @Test func loadsTheAbnormalListWithItsLegalReasons() throws {
        let file = try folder.write("经营异常名录.csv", """
            \(Self.abnormalHeader)
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,,
            \(codeB),北京示例有限公司,2025-04-02,通过登记的住所或者经营场所无法联系的,保定市竞秀区市场监督管理局,竞市监异〔2025〕7号,2025-08-01,依法办理住所变更登记
            \(codeC),保定示例有限公司,2025-05-03,未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告的,保定市市场监督管理局,,,

            """)
        let report = importer.run([file])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.first?.category == "abnormal-list" && report.files.first?.loaded == 3)
        let listings = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM listing ORDER BY listed_on").compactMap { StoredColumns.listing($0, columns: ColumnIndexes($0.columnNames)) } }
        #expect(listings.map(\.reason) == [.abnormal(.annualReport), .abnormal(.unreachable), .abnormal(.annualReport)])
        #expect(listings[1].removedOn == CalendarDate(iso: "2025-08-01") && listings[1].removalReason == "依法办理住所变更登记")
        #expect(listings[1].reasonText == "通过登记的住所或者经营场所无法联系的")
        // A GSXT-style row without a 决定书文号 is known by its list-in date.
        #expect(listings[2].documentNumber == "（无文书号）2025-05-03")
    }

    @Test func rejectsRowsThatBreakTheContractNamingLineAndField() throws {
        let file = try folder.write("经营异常名录.csv", """
            \(Self.abnormalHeader)
            \(codeA),福州示例有限公司,2025-03-01,经营不善,保定市市场监督管理局,1号,,
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,2号,2025-02-01,补报年报
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,3号,,补报年报
            \(codeA),福州示例有限公司,,未按时公示年报,保定市市场监督管理局,4号,,
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,5号,,

            """)
        let report = importer.run([file])
        let problems = report.errors.map { "\($0.file):\($0.line): \($0.field)" }
        #expect(problems == ["经营异常名录.csv:2: 列入原因", "经营异常名录.csv:3: 移出日期", "经营异常名录.csv:4: 移出日期", "经营异常名录.csv:5: 列入日期"])
        #expect(report.errors[0].reason.contains("《企业经营异常名录管理暂行办法》第四条"))
        #expect(report.errors[1].reason.contains("is before 列入日期 2025-03-01"))
        #expect(report.files.first?.loaded == 1 && report.files.first?.rejected == 4)
        #expect(report.hasRejections)
    }

    /// The removal arrives in a later export: a correction. The earlier version stays in
    /// history with the time the engine held it, and re-sending the earlier export does not
    /// revert the removal.
    @Test func aLaterRemovalIsACorrectionKeptWithHistory() throws {
        let march = try folder.write("2025-03/经营异常名录.csv", """
            \(Self.abnormalHeader)
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,,

            """)
        let september = try folder.write("2025-09/经营异常名录.csv", """
            \(Self.abnormalHeader)
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,2025-09-15,补报年报并公示

            """)
        #expect(importer.run([march], at: t0).errors.isEmpty)
        let second = importer.run([september], at: t1)
        #expect(second.files.first?.corrected == 1)
        #expect(try database.count("SELECT COUNT(*) FROM listing WHERE removed_on = '2025-09-15' AND version = 2") == 1)
        #expect(try database.count("SELECT COUNT(*) FROM listing_history WHERE removed_on IS NULL AND known_until = '\(t1)'") == 1)
        // An agency re-sends March's state with another listing beside it.
        let resent = try folder.write("2025-10/经营异常名录.csv", """
            \(Self.abnormalHeader)
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,,
            \(codeB),北京示例有限公司,2025-10-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕9号,,

            """)
        let again = importer.run([resent], at: Timestamp(iso: "2026-11-22T10:00:00.000Z")!)
        #expect(again.files.first?.keptNewer == 1 && again.files.first?.loaded == 1)
        #expect(again.warnings.contains { $0.line == 2 && $0.reason.contains("superseded") })
        #expect(try database.count("SELECT COUNT(*) FROM listing WHERE removed_on = '2025-09-15'") == 1)
    }

    @Test func loadsTheSeriousListKeepingUnplacedCircumstancesInTheirWords() throws {
        let file = try folder.write("严重违法失信名单.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号
            \(codeA),福州示例有限公司,2024-01-10,《市场监督管理严重违法失信名单管理办法》第五条第一款第（一）项,保定市市场监督管理局,保市监严〔2024〕1号
            \(codeB),北京示例有限公司,2024-02-10,被列入经营异常名录届满3年仍未履行相关义务,保定市市场监督管理局,保市监严〔2024〕2号
            \(codeC),保定示例有限公司,2024-03-10,某种新情形,保定市市场监督管理局,保市监严〔2024〕3号

            """)
        let report = importer.run([file])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.contains { $0.line == 4 && $0.field == "列入原因" && $0.reason.contains("其他严重违法失信情形") })
        let reasons = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT reason_category FROM listing ORDER BY listed_on") }
        #expect(reasons == ["食品安全领域严重违法行为", "列入经营异常名录届满三年仍未履行相关义务", "其他严重违法失信情形"])
    }

    @Test func loadsCommitmentsAndRefusesAnOutcomeWithoutItsCheck() throws {
        let file = try folder.write("信用承诺.csv", """
            统一社会信用代码,企业名称,承诺事项,事项编码,承诺日期,作出决定机关,承诺书编号,核查期限,核查日期,核查结果
            \(codeA),福州示例有限公司,食品经营许可,SP-JY-01,2026-04-10,保定市市场监督管理局,CN-1,,2026-05-10,虚假承诺
            \(codeB),北京示例有限公司,食品经营许可,SP-JY-01,2026-04-10,保定市市场监督管理局,CN-2,,,
            \(codeC),保定示例有限公司,食品经营许可,SP-JY-01,2026-04-10,保定市市场监督管理局,CN-3,,,履约
            \(codeC),保定示例有限公司,食品经营许可,SP-JY-01,2026-04-10,保定市市场监督管理局,CN-4,2026-03-01,,
            \(codeC),保定示例有限公司,食品经营许可,SP-JY-01,2026-04-10,保定市市场监督管理局,CN-5,,2026-05-01,撤回

            """)
        let report = importer.run([file])
        #expect(report.errors.map { "\($0.line): \($0.field)" } == ["4: 核查日期", "5: 核查期限", "6: 核查结果"])
        #expect(report.files.first?.category == "commitments" && report.files.first?.loaded == 2)
        let stored = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM commitment ORDER BY document_no").compactMap { StoredColumns.commitment($0, columns: ColumnIndexes($0.columnNames)) } }
        #expect(stored.first?.outcome == .falseCommitment && stored.first?.checkedOn == CalendarDate(iso: "2026-05-10"))
        #expect(stored.last?.outcome == nil && stored.last?.checkDue == nil)
    }

    /// The GSXT page labels of the 经营异常名录 load through the shipped profile, whatever the
    /// file is called.
    @Test func theGSXTAbnormalListPageLoadsThroughItsProfile() throws {
        let file = try folder.write("export.csv", """
            统一社会信用代码,企业名称,序号,列入经营异常名录原因,列入日期,作出决定机关(列入),移出经营异常名录原因,移出日期,作出决定机关(移出)
            \(codeA),福州示例有限公司,1,未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告的,2025-03-01,保定市市场监督管理局,补报未报年份的年度报告并公示,2025-09-15,保定市市场监督管理局

            """)
        let catalog = ProfileCatalog.load(folders: [repositoryRoot.appendingPathComponent("Rules/import-profiles").path])
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        let report = importer.importPaths([file], options: ImportOptions(knownAt: t0, profiles: catalog.profiles))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.first?.profile == "GSXT-经营异常名录")
        #expect(try database.count("SELECT COUNT(*) FROM listing WHERE list_kind = 'abnormal-list' AND removed_on = '2025-09-15' AND removal_agency = '保定市市场监督管理局'") == 1)
    }
}
