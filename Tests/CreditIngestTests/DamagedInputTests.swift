import CreditCore
@testable import CreditIngest
import CreditRules
import CreditStore
import Foundation
import GRDB
import Testing
import ZIPFoundation
import CreditTestSupport

/// The header lines of every family, as real exports write them: the shipped profiles' source
/// columns and the contract's own files.
let realHeaderLines: [String] = {
    var lines = shippedProfiles.map { profile in profile.columns.map(\.source).joined(separator: ",") }
    lines += [
        "统一社会信用代码,企业名称,企业类型,行业代码,行政区划代码,成立日期,登记状态",
        "行政相对人名称,行政相对人代码_1(统一社会信用代码),行政相对人代码_2(工商注册号),行政处罚决定书文号,处罚类别,处罚决定日期,处罚机关",
        "CF_WSH,CF_CFMC,CF_CFLB1,CF_CFLB2,CF_SY,CF_YJ,CF_XDR_MC,CF_XDR_SHXYM,CF_JG,CF_JDRQ,CF_XZJG,CF_ZT,DFBM,SJC,BZ",
    ]
    return lines
}()

@Suite struct EncodingDetectionTests {
    /// GB18030 files are taken as GB18030 whatever header they start with — `统` is `CD B3`
    /// in GB18030, a valid two-byte UTF-8 sequence — and convert back exactly.
    @Test(arguments: realHeaderLines)
    func takesGB18030BehindEveryRealHeader(header: String) throws {
        let text = header + "\n保定示例有限公司,91130602MA0000001X,罚〔2025〕1号,2025年3月1日\n"
        let bytes = try #require(systemGB18030(text))
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.damage == nil)
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
    }

    /// A UTF-8 file with one damaged byte stays a damaged UTF-8 file, reported at its line, the
    /// lines before it kept.
    @Test(arguments: realHeaderLines)
    func reportsOneDamagedByteOfUTF8AtItsLine(header: String) throws {
        let good = header + "\n保定示例有限公司,罚〔2025〕1号\n保定第二有限公司,罚〔2025〕2号\n"
        var bytes = Array(good.utf8)
        bytes += Array("保定".utf8).dropLast()  // a character cut short
        bytes += Array("第三有限公司,罚〔2025〕3号\n保定第四有限公司,罚4号\n".utf8)
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.encoding == .utf8)
        #expect(decoded.damage?.line == 4)
        #expect(decoded.damage?.linesLeft == 2)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == good)
    }
}

@Suite struct PartialDamageTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        _ = Importer(database: database).run([try folder.write("enterprises.csv", enterprisesCSV)])
    }

    static let header = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项\n"
    func row(_ n: Int) -> String { "甲,\(codeA),确\(n),2025-01-02,局,认定\n" }

    /// A quote never closed: the rows before it load, it and the rest are rejected with the
    /// line; the report (what the table and JSON print) says so in the same counts.
    @Test func rowsBeforeAnUnterminatedQuoteLoad() throws {
        let text = Self.header + (1...5).map(row).joined() + "乙,\(codeA),\"确6,2025-01-02,局,认定\n" + (7...9).map(row).joined()
        let report = Importer(database: database).run([try folder.write("行政确认.csv", text)])
        let file = try #require(report.files.first)
        #expect(file.loaded == 5)
        #expect(file.damagedFromLine == 7)
        #expect(file.rejected == 4)  // line 7 and the three after it
        #expect(file.rows == 9)
        #expect(!file.fileRejected && report.hasRejections)
        #expect(report.errors.first?.description == "行政确认.csv:7: (csv): a quoted field is never closed")
        #expect(try database.count("SELECT COUNT(*) FROM record") == 5)
        #expect(try database.count("SELECT COUNT(*) FROM rejected_row") == 4)
        // The JSON the CLI prints carries the same counts and the damage.
        let json = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
        #expect(json.contains(#""damaged_from_line":7"#) && json.contains(#""rejected":4"#) && json.contains(#""loaded":5"#)
                && json.contains(#""file_rejected":false"#))
        #expect(file.status == "DAMAGED from line 7")
    }

    /// Bytes of another encoding (a GB18030 line pasted into a UTF-8 file): the rows before it
    /// load, the damaged rest is rejected from its line.
    @Test func rowsBeforeAWrongEncodingLineLoad() throws {
        var bytes = Array((Self.header + (1...3).map(row).joined()).utf8)
        bytes += try #require(systemGB18030("乙公司,\(codeA),确4,2025-01-02,局,认定\n"))
        bytes += Array(row(5).utf8)
        let report = Importer(database: database).run([try folder.write("行政确认.csv", bytes: bytes)])
        let file = try #require(report.files.first)
        #expect(file.encoding == "utf8")
        #expect(file.loaded == 3)
        #expect(file.damagedFromLine == 5)
        #expect(file.rejected == 2)
        #expect(report.errors.first?.line == 5 && report.errors.first?.field == "(encoding)")
    }

    /// A stray quote spoils only its own row.
    @Test func textAfterAClosingQuoteRejectsOnlyItsRow() throws {
        let text = Self.header + row(1) + "乙,\(codeA),\"确2\"x,2025-01-02,局,认定\n" + row(3)
        let report = Importer(database: database).run([try folder.write("行政确认.csv", text)])
        #expect(report.files.first?.loaded == 2)
        #expect(report.files.first?.rejected == 1)
        #expect(report.files.first?.damagedFromLine == nil)
        #expect(report.errors.map(\.line) == [3])
    }

    /// C0 control characters other than tab and line breaks are refused, naming the field; so
    /// is a value longer than its field allows.
    @Test func controlCharactersAndOverlongValuesAreRefused() throws {
        let long = String(repeating: "长", count: 201)
        let text = Self.header + "甲\u{01}公司,\(codeA),确1,2025-01-02,局,认定\n" + "甲,\(codeA),确2,2025-01-02,局\u{0B},认定\n"
            + "甲,\(codeA),确3,2025-01-02,局,认\u{00}定\n" + "\(long),\(codeA),确4,2025-01-02,局,认定\n"
            + "甲\t公司,\(codeA),确5,2025-01-02,局,认定\n"
        let report = Importer(database: database).run([try folder.write("行政确认.csv", text)])
        #expect(report.files.first?.loaded == 1)
        #expect(report.errors.map(\.description) == [
            "行政确认.csv:2: 行政相对人名称: contains the control character U+0001 (only tab and line breaks are allowed)",
            "行政确认.csv:3: 实施机关: contains the control character U+000B (only tab and line breaks are allowed)",
            "行政确认.csv:4: 确认事项: contains the control character U+0000 (only tab and line breaks are allowed)",
            "行政确认.csv:5: 行政相对人名称: is 201 characters long (at most 200)",
        ])
    }

    /// Names go onto public lists that are signed byte for byte (draw selections, results):
    /// one beginning like a spreadsheet formula is refused at import, naming the field.
    @Test func namesThatSpreadsheetsWouldRunAreRefused() throws {
        let text = Self.header + "=HYPERLINK(\"http://x\"),\(codeA),确1,2025-01-02,局,认定\n" + "@SUM(1+1),\(codeA),确2,2025-01-02,局,认定\n"
            + "+1+1,\(codeA),确3,2025-01-02,局,认定\n" + "甲=乙公司,\(codeA),确4,2025-01-02,局,认定\n"
        let report = Importer(database: database).run([try folder.write("行政确认.csv", text)])
        #expect(report.files.first?.loaded == 1, "a '=' inside a name is fine")
        #expect(report.errors.map(\.description) == [
            "行政确认.csv:2: 行政相对人名称: begins with '=', which spreadsheets run as a formula",
            "行政确认.csv:3: 行政相对人名称: begins with '@', which spreadsheets run as a formula",
            "行政确认.csv:4: 行政相对人名称: begins with '+', which spreadsheets run as a formula",
        ])
    }
}

@Suite struct CorrectionsAndRevertsTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    var importer: Importer { Importer(database: database) }
    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        _ = Importer(database: database).run([try folder.write("enterprises.csv", enterprisesCSV)])
    }

    static let header = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,上报日期,处罚类别,罚款金额（万元）\n"
    let t2 = Timestamp(iso: "2026-11-22T10:00:00.000Z")!

    /// Re-sending last month's export after a correction keeps the correction and warns with
    /// the correction's file and date; `--allow-revert` stores the old row.
    @Test func anOlderExportDoesNotSilentlyRevertACorrection() throws {
        _ = importer.run([try folder.write("行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-01-05,罚款,1\n乙,\(codeB),罚2,2025-01-02,局,,警告,\n")], at: t0)
        let correction = importer.run([try folder.write("corrections/行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-01-05,罚款,0.5\n")], at: t1)
        #expect(correction.files.first?.corrected == 1)
        // The old export again, re-saved (another file, the same rows, one more).
        let resent = importer.run([try folder.write("resent/行政处罚.csv", Self.header
            + "甲,\(codeA),罚1,2025-01-02,局,2025-01-05,罚款,1\n乙,\(codeB),罚2,2025-01-02,局,,警告,\n乙,\(codeB),罚3,2025-02-02,局,,警告,\n")], at: t2)
        let file = try #require(resent.files.first)
        #expect(file.keptNewer == 1 && file.corrected == 0 && file.loaded == 1 && file.unchanged == 1)
        let warning = try #require(resent.warnings.first { $0.line == 2 })
        #expect(warning.reason.contains("corrections/行政处罚.csv:2") && warning.reason.contains(t1.description))
        #expect(try database.count("SELECT pen_fine_fen FROM record WHERE document_no = '罚1'") == 500_000)
        // Deliberately: allowed.
        let allowed = importer.importPaths([folder.path("resent/行政处罚.csv")], options: ImportOptions(knownAt: t2, allowRevert: true))
        #expect(allowed.files.first?.corrected == 1)
        #expect(try database.count("SELECT pen_fine_fen FROM record WHERE document_no = '罚1'") == 1_000_000)
    }

    /// Extra columns an export fills anew each time (数据导出时间) make no correction: a row that
    /// differs only there is unchanged, and a re-sent old row is still kept back.
    @Test func extraColumnsMakeNoCorrection() throws {
        let header = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）,数据导出时间\n"
        _ = importer.run([try folder.write("1/行政处罚.csv", header + "甲,\(codeA),罚1,2025-01-02,局,罚款,1,2025-02-01 10:00\n")], at: t0)
        let sameRows = importer.run([try folder.write("2/行政处罚.csv", header + "甲,\(codeA),罚1,2025-01-02,局,罚款,1,2025-03-01 10:00\n")], at: t1)
        #expect(sameRows.files.first?.unchanged == 1 && sameRows.files.first?.corrected == 0)
        _ = importer.run([try folder.write("3/行政处罚.csv", header + "甲,\(codeA),罚1,2025-01-02,局,罚款,0.5,2025-04-01 10:00\n")], at: t1)
        let resent = importer.run([try folder.write("4/行政处罚.csv", header + "甲,\(codeA),罚1,2025-01-02,局,罚款,1,2025-05-01 10:00\n")], at: t2)
        #expect(resent.files.first?.keptNewer == 1)
        #expect(try database.count("SELECT pen_fine_fen FROM record") == 500_000)
    }

    /// With update times (上报日期 from SJC/数据更新时间戳), an older version never replaces a newer.
    @Test func anOlderUpdateTimeDoesNotReplaceANewerVersion() throws {
        _ = importer.run([try folder.write("a/行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-03-01,罚款,1\n")], at: t0)
        let older = importer.run([try folder.write("b/行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-02-01,罚款,0.7\n")], at: t1)
        #expect(older.files.first?.keptNewer == 1)
        #expect(older.warnings.contains { $0.reason.contains("is older (上报日期 2025-02-01) than the stored version (2025-03-01)") })
        let newer = importer.run([try folder.write("c/行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-04-01,罚款,0.7\n")], at: t2)
        #expect(newer.files.first?.corrected == 1)
    }

    /// A file whose content was imported before changes nothing, whatever its name.
    @Test func theSameContentUnderAnotherNameIsANoOp() throws {
        let text = Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-01-05,罚款,1\n"
        _ = importer.run([try folder.write("行政处罚.csv", text)], at: t0)
        _ = importer.run([try folder.write("corrections/行政处罚.csv", Self.header + "甲,\(codeA),罚1,2025-01-02,局,2025-01-05,罚款,0.5\n")], at: t1)
        let again = importer.run([try folder.write("另存为/penalty.csv", text)], at: t2)
        #expect(again.files.first?.alreadyImported == true)
        #expect(again.files.first?.corrected == 0 && again.files.first?.keptNewer == 0)
        #expect(try database.count("SELECT pen_fine_fen FROM record") == 500_000)
    }

    /// `credit demo` run twice in one folder: the second import reports no corrections and the
    /// stored records are those after the first.
    @Test func theSampleDataTwiceChangesNothing() throws {
        let database = try CreditDatabase.inMemory()
        let sample = repositoryRoot.appendingPathComponent("SampleData").path
        let paths = [sample, sample + "/corrections"]
        let first = Importer(database: database).run(paths, at: t0)
        #expect(first.files.map(\.corrected).reduce(0, +) == 20)
        let records = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM record ORDER BY id") }
        let second = Importer(database: database).run(paths, at: t1)
        #expect(second.files.map(\.corrected).reduce(0, +) == 0)
        #expect(second.files.allSatisfy { $0.alreadyImported })
        #expect(try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM record ORDER BY id") } == records)
    }
}

@Suite struct PlausibilityTests {
    /// Warnings, not rejections: a fine in 元 under a 万元 header, placeholder dates and codes,
    /// a 上报日期 more than a year after the decision; `暂无` in an amount reads as empty.
    @Test func implausibleValuesLoadWithWarnings() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        let file = try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,实施机关统一社会信用代码,上报日期,处罚类别,罚款金额（万元）,没收违法所得、没收非法财物的金额（万元）,公示截止期
            甲,\(codeA),罚1,2025-01-02,局,,2025-01-03,罚款,10000,暂无,
            乙,\(codeA),罚2,2025-01-02,局,00000000000000000X,2025-01-03,警告,,,1900-1-1
            丙,\(codeA),罚3,2024-01-02,局,,2025-06-03,警告,,,

            """)
        let report = Importer(database: database).run([file])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.first?.loaded == 3)
        let warnings = report.warnings.map { "\($0.line) \($0.field)" }
        #expect(warnings.contains("2 罚款金额（万元）"))
        #expect(warnings.contains("3 实施机关统一社会信用代码"))
        #expect(warnings.contains("3 公示截止期"))
        #expect(warnings.contains("4 上报日期"))
        #expect(report.warnings.contains { $0.reason.contains("probably given in 元 (10000 元 = 1 万元)") })
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE agency_code IS NULL AND agency_key = '局'") == 3)
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE pen_declared_end IS NULL AND pen_confiscation_fen IS NULL") == 3)
    }

    /// Free-text fines (2016 `处罚结果`) are read in 元 or 万元, and flagged when none is stated.
    @Test func freeTextFinesAreReadOrFlagged() throws {
        #expect(PenaltyText.amounts(in: "罚款人民币5000元").fine == Amount(fen: 500_000))
        #expect(PenaltyText.amounts(in: "警告，罚款2万元").fine == Amount(fen: 2_000_000))
        #expect(PenaltyText.amounts(in: "处以3,000.50元罚款，没收违法所得1200元") == (Amount(fen: 300_050), Amount(fen: 120_000)))
        #expect(PenaltyText.amounts(in: "罚款人民币伍仟元整").fine == nil)
        #expect(PenaltyText.types(in: "警告，罚款人民币5000元，吊销营业执照") == [.warning, .fine, .revokeBusinessLicence])
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        let file = try folder.write("导出.csv", """
            CF_WSH,CF_CFMC,CF_CFLB1,CF_CFLB2,CF_XDR_MC,CF_XDR_SHXYM,CF_JG,CF_JDRQ,CF_XZJG,SJC
            罚1,案1,罚款,没收违法所得,甲,\(codeA),罚款人民币5000元，没收违法所得200元,2025-01-02,局,1736035200000
            罚2,案2,罚款,,甲,\(codeA),罚款人民币伍仟元整,2025-01-03,局,
            罚3,案3,,警告,甲,\(codeA),警告,2025-01-04,局,
            罚4,案4,/,警告,甲,\(codeA),警告,2025-01-04,局,

            """)
        let report = Importer(database: database).importPaths([file], options: ImportOptions(knownAt: t0, profiles: shippedProfiles))
        #expect(report.files.first?.profile == "双公示2016-处罚-代码")
        #expect(report.files.first?.loaded == 4)
        #expect(report.warnings.contains { $0.line == 3 && $0.field == "CF_JG" && $0.reason.hasPrefix("a fine without an amount") })
        let rows = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT pen_types, pen_fine_fen, pen_confiscation_fen, report_date FROM record ORDER BY document_no")
        }
        // The two category columns become one field: both joined, or whichever one holds a
        // value (a placeholder in the first counts as empty).
        #expect(rows.map { $0["pen_types"] as String } == ["罚款;没收违法所得", "罚款", "警告", "警告"])
        #expect(rows[0]["pen_fine_fen"] as Int64 == 500_000 && rows[0]["pen_confiscation_fen"] as Int64 == 20_000)
        #expect(rows[0]["report_date"] as String == "2025-01-05")  // 1736035200000 ms is 2025-01-05 08:00 in Beijing
        #expect(rows[1]["pen_fine_fen"] as Int64? == nil)
    }
}

@Suite struct WhollyRejectedFileTests {
    /// 合规率 counts the rows of a file rejected whole as submitted and not compliant: the
    /// 行政强制 file of SampleData/bad (a required column missing) appears in the quality report.
    @Test func aWhollyRejectedFileCountsInTheQualityReport() throws {
        let database = try CreditDatabase.inMemory()
        let bad = repositoryRoot.appendingPathComponent("SampleData/bad").path
        let report = Importer(database: database).run([bad])
        let coercion = try #require(report.files.first { $0.category == "coercion" })
        #expect(coercion.fileRejected && coercion.rows > 0 && coercion.rejected == coercion.rows)
        let quality = try QualityReport.read(database, month: nil, calendar: .weekendsOnly)
        let rows = quality.rows.filter { $0.category == "coercion" }
        #expect(rows.map(\.submitted).reduce(0, +) == coercion.rows)
        #expect(rows.map(\.compliant).reduce(0, +) == 0)
        // Importing the same file again does not count its rows twice.
        _ = Importer(database: database).run([bad], at: t1)
        let again = try QualityReport.read(database, month: nil, calendar: .weekendsOnly)
        #expect(again.rows.filter { $0.category == "coercion" }.map(\.submitted).reduce(0, +) == coercion.rows)
    }
}

@Suite struct ProfileLoaderTests {
    /// Every problem of a profile names its file, line and column.
    @Test(arguments: [
        ("name: x\ncategory: penalty\ncolumns:\n  A: 决定文书号\n  B: 罚金\n", "p.yaml:5:6: '罚金' is not a contract field of penalty"),
        ("name: x\ncategory: 罚单\ncolumns: {}\n", "p.yaml:2:11: unknown category '罚单'"),
        ("name: x\ncategory: penalty\ncolumns: {A: 决定文书号}\nvalue: {}\n", "p.yaml:4:1: unknown key 'value'"),
        ("name: x\ncategory: licensing\ncolumns: {A: 当前状态}\nvalues:\n  当前状态: {\"1\": 生效}\n", "p.yaml:5:15: '生效' is not a value of 当前状态"),
        ("name: x\ncategory: penalty\ncolumns: {A: 决定文书号}\namount_unit: 千元\n", "p.yaml:4:14: amount_unit '千元' is not 万元 or 元"),
        ("name: x\ncategory: penalty\ncolumns: [a\n", "p.yaml:4:1: YAML syntax"),
    ])
    func reportsProblemsWithFileLineAndColumn(text: String, expected: String) throws {
        #expect(throws: RuleFileError.self) { try ImportProfileLoader.load(text, file: "p.yaml") }
        do { _ = try ImportProfileLoader.load(text, file: "p.yaml") } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    /// Header matching ignores full/half-width brackets, whitespace and case.
    @Test func headersMatchWhateverTheirBracketsSpacesAndCase() throws {
        let profile = try #require(shippedProfiles.first { $0.name == "双公示2019-处罚" })
        let header = ["行政相对人名称 ", "行政相对人代码_1 (统一社会信用代码)", "行政处罚决定书文号", "处罚类别", "处罚金额(万元)",
                      "处罚决定日期", "处罚机关", "数据导出时间"]
        #expect(ImportProfile.choose(for: header, among: shippedProfiles) == profile)
        let map = try HeaderMap(header: header, kind: .records(.penalty), profile: profile)
        #expect(map.index(.uscc) == 1 && map.index(.fineAmount) == 4)
        #expect(map.unknownColumns.map(\.name) == ["数据导出时间"])
        let lower = try #require(shippedProfiles.first { $0.name == "双公示2019-处罚-代码" })
        #expect(ImportProfile.choose(for: ["cf_wsh", "cf_cflb", "cf_xdr_mc"], among: shippedProfiles) == lower)
    }
}

@Suite struct XLSXReaderTests {
    /// A workbook as Excel writes it: shared strings, numbers (15 significant digits), date
    /// serials in a built-in and a custom date format, booleans, inline and formula strings,
    /// sparse cells, escaped control characters, several sheets.
    @Test func readsWhatExcelWrites() throws {
        let sheet1 = """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>日期</t></is></c></row>
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="1"><v>45658</v></c></row>
            <row r="4"><c r="A4" t="str"><f>A3</f><v>公式</v></c><c r="B4"><v>5245</v></c><c r="D4" s="2"><v>45659.5</v></c><c r="E4" t="inlineStr"><is><t>a_x0001_b</t></is></c></row>
            </sheetData></worksheet>
            """
        let sheet2 = """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>第二页</t></is></c></row></sheetData></worksheet>
            """
        let parts: [(String, String)] = [
            ("xl/workbook.xml", #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="处罚" sheetId="1" r:id="rId7"/><sheet name="另一页" sheetId="2" r:id="rId8"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId8" Type="worksheet" Target="/xl/worksheets/other.xml"/></Relationships>"#),
            ("xl/sharedStrings.xml", #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>名称</t></si><si><r><t>金</t></r><r><t>额</t></r><rPh><t>jin</t></rPh></si><si><t xml:space="preserve"> 甲公司 </t></si></sst>"#),
            ("xl/styles.xml", #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="180" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="180"/></cellXfs></styleSheet>"#),
            ("xl/worksheets/sheet1.xml", sheet1),
            ("xl/worksheets/other.xml", sheet2),
        ]
        let folder = try TemporaryFolder()
        let path = folder.path("book.xlsx")
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                                 provider: { (position: Int64, size: Int) -> Data in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let rows = try XLSXReader.rows(path: path)
        #expect(rows.map(\.line) == [1, 3, 4])
        #expect(rows[0].fields == ["名称", "金额", "", "日期"])
        #expect(rows[1].fields == ["甲公司", "0.3", "1", "2025-01-01"])
        #expect(rows[2].fields == ["公式", "5245", "", "2025-01-02", "a\u{01}b"])
        #expect(rows[2].hasControlCharacters && !rows[1].hasControlCharacters)
        #expect(try XLSXReader.rows(path: path, sheet: "另一页").map(\.fields) == [["第二页"]])
        #expect(throws: XLSXProblem.self) { try XLSXReader.rows(path: path, sheet: "没有") }
    }

    /// What the writer writes, the reader reads back as the same rows.
    @Test func readsBackWhatTheWriterWrites() throws {
        let rows = [["名称", "金额", "日期", "代码"], ["甲 & <乙>", "0.5", "2025-03-01", "0012"], ["丙", "130602", "2025年3月1日", "91130602MA0000001X"]]
        let folder = try TemporaryFolder()
        let path = try folder.write("x.xlsx", bytes: [UInt8](try XLSXWriter.workbook(rows)))
        #expect(try XLSXReader.rows(path: path).map(\.fields) == rows)
    }

    /// An `.xls` workbook gets a clear error with the conversion command.
    @Test func legacyExcelGetsTheConversionHint() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("行政处罚.xls", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        let report = Importer(database: try CreditDatabase.inMemory()).run([path])
        #expect(report.files.first?.fileRejected == true)
        #expect(report.errors.first?.reason.contains("soffice --headless --convert-to xlsx") == true)
    }
}
