import CreditCore
@testable import CreditIngest
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// The shipped import profiles (`Rules/import-profiles/`), one per family of real exports.
let shippedProfiles: [ImportProfile] = {
    let folder = repositoryRoot.appendingPathComponent("Rules/import-profiles").path
    let catalog = ProfileCatalog.load(folders: [folder])
    precondition(catalog.errors.isEmpty, "\(catalog.errors)")
    return catalog.profiles
}()

/// How a test writes a file: CSV in UTF-8 or in GB18030, or an Excel workbook.
enum Container: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case utf8 = "CSV UTF-8", gb18030 = "CSV GB18030", xlsx = "XLSX"
    var testDescription: String { rawValue }
    var ext: String { self == .xlsx ? "xlsx" : "csv" }

    func bytes(_ rows: [[String]]) throws -> [UInt8] {
        switch self {
        case .utf8: return Array(rows.map(SyntheticCity.csv).joined().utf8)
        case .gb18030:
            let text = rows.map(SyntheticCity.csv).joined()
            return try #require(systemGB18030(text))
        case .xlsx: return [UInt8](try XLSXWriter.workbook(rows))
        }
    }
}

/// A small synthetic city, its files as rows.
struct SmallCity {
    var rows: [SyntheticCity.File: [[String]]] = [:]
    init(enterprises: Int = 160, seed: UInt64 = 11) {
        var rows: [SyntheticCity.File: [[String]]] = [:]
        SyntheticCity(enterpriseCount: enterprises, seed: seed, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, fields in
            rows[file, default: []].append(fields)
        }
        self.rows = rows
    }

    /// The file's rows in a profile's shape (header first).
    func shaped(_ file: SyntheticCity.File, as format: ProfileFormat) -> [[String]] {
        let all = rows[file] ?? []
        guard let header = all.first else { return [] }
        return [format.header] + all.dropFirst().compactMap { format.row($0, canonicalHeader: header) }
    }
}

@Suite struct RealFormatsTests {
    /// What a stored row of the profile's category says, in the columns the profile can carry:
    /// the same city imported from the contract's own files and from the family's export must
    /// give the same rows.
    static func comparable(_ database: CreditDatabase, _ profile: ImportProfile) throws -> [String] {
        let mapped = Set(profile.columns.map(\.field))
        switch profile.kind {
        case .enterprises:
            let industry = mapped.contains(.industry)
                ? (profile.values[.industry] != nil ? "substr(industry, 1, 1)" : "industry") : "''"
            let region = mapped.contains(.region) ? "region" : "''"
            return try database.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT uscc || '|' || name || '|' || status || '|' || \(industry) || '|' || \(region) || '|' || COALESCE(established, '')
                    FROM enterprise ORDER BY uscc
                    """)
            }
        case .records(let category):
            var columns = ["uscc", "category", "decision_date", "agency"]
            if mapped.contains(.documentNumber) { columns.append("document_no") }
            switch category {
            case .penalty: columns += ["pen_types", "COALESCE(pen_fine_fen, '')", "COALESCE(pen_confiscation_fen, '')"]
            case .licensing: columns += mapped.contains(.currentStatus) ? ["lic_status"] : []
            case .inspection: columns += ["ins_kind", "ins_result"]
            default: break
            }
            return try database.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT \(columns.joined(separator: " || '|' || ")) FROM record WHERE category = ? ORDER BY 1
                    """, arguments: [category.rawValue])
            }
        case .listings(let kind):
            // GSXT pages give no 决定书文号: compare what the page carries.
            return try database.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT uscc || '|' || listed_on || '|' || reason_category || '|' || agency || '|' || COALESCE(removed_on, '')
                        || '|' || COALESCE(removal_reason, '') FROM listing WHERE list_kind = ? ORDER BY 1
                    """, arguments: [kind.rawValue])
            }
        default: return []
        }
    }

    /// Every shipped family loads end to end from its real header, as CSV in UTF-8 and in
    /// GB18030 and as an Excel workbook: picked by its header (the file's name says nothing),
    /// named in the report, every row loaded, and the stored rows those of the same city
    /// imported from the contract's own files.
    @Test(arguments: shippedProfiles.map(\.name), Container.allCases)
    func everyFamilyLoadsEndToEnd(profileName: String, container: Container) throws {
        let profile = try #require(shippedProfiles.first { $0.name == profileName })
        // The lists are short: a larger city gives them enough rows.
        let isList = if case .listings = profile.kind { true } else { false }
        let city = isList ? SmallCity(enterprises: 6_000) : SmallCity()
        let file = try #require(SyntheticCity.File.allCases.first { $0 != .penaltyCorrections && $0.kind == profile.kind })
        let folder = try TemporaryFolder()

        // The reference: the contract's own files.
        let reference = try CreditDatabase.inMemory()
        try folder.write("canonical/enterprises.csv", bytes: try Container.utf8.bytes(city.rows[.enterprises]!))
        try folder.write("canonical/\(file.rawValue)", bytes: try Container.utf8.bytes(city.rows[file]!))
        let referenceReport = Importer(database: reference).run([folder.path("canonical")])
        #expect(referenceReport.errors.isEmpty, "\(referenceReport.errors.prefix(3))")

        // The same city's file in the family's shape, named so that only the header tells.
        let database = try CreditDatabase.inMemory()
        let shaped = city.shaped(file, as: ProfileFormat(profile: profile))
        var paths: [String] = []
        if profile.kind != .enterprises {
            paths.append(try folder.write("export/enterprises.csv", bytes: try Container.utf8.bytes(city.rows[.enterprises]!)))
        }
        paths.append(try folder.write("export/导出数据.\(container.ext)", bytes: try container.bytes(shaped)))
        let report = Importer(database: database).importPaths(paths, options: ImportOptions(knownAt: t0, profiles: shippedProfiles))
        #expect(report.errors.isEmpty, "\(report.errors.prefix(3))")
        let exported = try #require(report.files.last)
        #expect(exported.profile == profile.name)
        #expect(exported.format == container.ext)
        if container != .xlsx { #expect(exported.encoding == (container == .gb18030 ? "gb18030" : "utf8")) }
        #expect(exported.rejected == 0 && !exported.fileRejected)
        #expect(exported.loaded > 20)
        let expected = try Self.comparable(reference, profile)
        #expect(!expected.isEmpty)
        #expect(try Self.comparable(database, profile) == expected)
    }

    /// `SampleData/real-formats/` holds one small file per family; each loads whole, by the
    /// profile its header picks (the file is named after it).
    @Test func theSampleFileOfEveryFamilyLoads() throws {
        let folder = repositoryRoot.appendingPathComponent("SampleData/real-formats").path
        let report = Importer(database: try CreditDatabase.inMemory()).importPaths([folder], options: ImportOptions(knownAt: t0, profiles: shippedProfiles))
        #expect(report.errors.isEmpty, "\(report.errors.prefix(3))")
        #expect(Set(report.files.compactMap(\.profile)) == Set(shippedProfiles.map(\.name)))
        for file in report.files {
            #expect(file.profile == (file.file as NSString).deletingPathExtension, "\(file.file)")
            #expect(file.loaded > 5 && file.rejected == 0, "\(file.file)")
        }
    }

    /// A profile written only from the documented format (no Swift) maps an export the engine
    /// has never seen: English headers, coded values, amounts in 元, its own placeholders.
    @Test func aProfileWrittenOnlyInYAMLMapsANewExport() throws {
        let folder = try TemporaryFolder()
        let yaml = """
            name: 某市平台-处罚
            category: penalty
            detect:
              all: [case_no, party_code]
            columns:
              party: 行政相对人名称
              party_code: 统一社会信用代码
              case_no: 决定文书号
              decided: 决定日期
              organ: 实施机关
              kind: 处罚类别
              fine_yuan: 罚款金额（万元）
              arrived: 上报日期
              field: 领域
            values:
              处罚类别: {"1": 警告, "2": 罚款}
              领域: {F: 食品, D: 药品, X: 其他}
            placeholders: ["N/A"]
            amount_unit: 元
            """
        let profile = try ImportProfileLoader.load(yaml, file: "city.yaml")
        let export = try folder.write("导出.csv", """
            CASE_NO,Party,Party_Code,Decided,Organ,Kind,Fine_Yuan,Arrived,Field,Officer
            A-1,甲公司,\(codeA),2025/03/03,某局,2,5000,N/A,F,张三
            A-2,甲公司,\(codeA),20250304,某局,1,,2025-03-05,X,李四

            """)
        let database = try CreditDatabase.inMemory()
        let report = Importer(database: database).importPaths([export], options: ImportOptions(knownAt: t0, profiles: [profile]))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.first?.profile == "某市平台-处罚")
        #expect(report.files.first?.loaded == 2)
        let rows = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT document_no, pen_types, pen_fine_fen, pen_domain, report_date, extra FROM record ORDER BY document_no")
        }
        #expect(rows.map { $0["pen_types"] as String } == ["罚款", "警告"])
        #expect(rows[0]["pen_fine_fen"] as Int64 == 500_000)  // 5000 元 = 0.5 万元
        #expect(rows.map { $0["pen_domain"] as String } == ["食品", "其他"])
        #expect(rows[0]["report_date"] as String? == nil)
        #expect(rows[1]["report_date"] as String == "2025-03-05")
        #expect(rows[0]["extra"] as String == #"{"Officer":"张三"}"#)
    }

    /// Two agencies' 文书号 3 and one 双随机 task covering two enterprises are separate records.
    @Test func documentNumbersAreUniqueOnlyPerAgencyAndTask() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        let importer = Importer(database: database)
        _ = importer.run([try folder.write("enterprises.csv", enterprisesCSV)])
        let penalties = try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）
            甲,\(codeA),3,2025-03-03,保定市竞秀区市场监督管理局,罚款,0.5
            乙,\(codeB),3,2025-03-04,保定市莲池区市场监督管理局,警告,

            """)
        let results = try folder.write("双随机结果.csv", """
            市场主体名称,统一社会信用代码/注册号,抽查计划编号,抽查计划名称,抽查任务编号,抽查任务名称,抽查类型,抽查机关,抽查完成时间,检查事项,检查结果
            甲,\(codeA),P1,计划,T-2025-001,任务,不定向,保定市市场监督管理局,2025-05-06,年报公示,未发现问题
            乙,\(codeB),P1,计划,T-2025-001,任务,不定向,保定市市场监督管理局,2025-05-07,年报公示,发现问题已责令改正

            """)
        let report = importer.importPaths([penalties, results], options: ImportOptions(knownAt: t1, profiles: shippedProfiles))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.map(\.loaded) == [2, 2])
        #expect(report.files.map(\.corrected) == [0, 0])
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE document_no = '3'") == 2)
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE document_no = 'T-2025-001'") == 2)
        #expect(try database.count("SELECT COUNT(*) FROM record_history") == 0)
        // The same agency again with the same enterprise and number is a correction.
        let corrected = try folder.write("again/行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）
            甲,\(codeA),3,2025-03-03,保定市竞秀区市场监督管理局,罚款,0.4

            """)
        #expect(importer.run([corrected], at: Timestamp(iso: "2026-11-22T10:00:00.000Z")!).files.first?.corrected == 1)
    }
}
