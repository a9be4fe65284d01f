import CreditCore
import CreditIngest
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

@Suite struct ImportTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    var importer: Importer { Importer(database: database) }

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        try folder.write("enterprises.csv", enterprisesCSV)
        _ = importer.run([folder.path("enterprises.csv")])
    }

    @Test func loadsTheRegister() throws {
        #expect(try database.count("SELECT COUNT(*) FROM enterprise") == 3)
        #expect(try database.count("SELECT COUNT(*) FROM enterprise WHERE uscc = '\(codeC)' AND region = '130602'") == 1)
    }

    /// The national 双公示 field codes load as the canonical names do.
    @Test func acceptsTheNationalStandardAliases() throws {
        let penalty = try folder.write("penalty.csv", """
            CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_WSH,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,报送日期,BZ,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_NR_WFFF,CF_NR_ZKDX,CF_GSJZQ
            福州示例有限公司,法人及非法人组织,\(codeA),罚1号,2025-03-03,某局,11350100000000000X,某中心,2025-03-05,无,虚假广告,事实,依据,罚款；没收违法所得,内容,0.5,0.01,无,2025-06-03

            """)
        let licensing = try folder.write("行政许可.csv", """
            XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_WSH,XK_JDRQ,XK_XKJG,XK_XKJGDM,XK_LYDW,XK_XKWS,XK_XKLB,XK_XKZS,XK_XKBH,XK_NR,XK_YXQZ,XK_YXQZI,XK_ZT
            福州示例有限公司,个体工商户,\(codeA),许1号,20250303,审批局,,审批中心,决定书,特许,许可证,JY1,内容,2025-03-03,2099-12-31,吊销

            """)
        let alt = try folder.write("x.csv", """
            相对人名称,行政相对人代码_1,行政处罚决定书文号,处罚决定日期,处罚机关,处罚类别
            福州示例有限公司,\(codeA),罚2号,2025年3月3日,某局,警告

            """)
        let report = importer.run([penalty, licensing])
        #expect(report.errors.isEmpty, "\(report.errors)")
        let altReport = importer.run([alt], kind: .records(.penalty))
        #expect(altReport.errors.isEmpty, "\(altReport.errors)")
        let row = try #require(try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM record WHERE document_no = '罚1号'") })
        #expect(row["pen_types"] as String == "罚款;没收违法所得")
        #expect(row["pen_fine_fen"] as Int64 == 500_000)
        #expect(row["pen_confiscation_fen"] as Int64 == 10_000)
        #expect(row["source_unit"] as String == "某中心")
        #expect(row["report_date"] as String == "2025-03-05")
        #expect(row["pen_declared_end"] as String == "2025-06-03")
        let lic = try #require(try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM record WHERE document_no = '许1号'") })
        #expect(lic["lic_status"] as String == "吊销")
        #expect(lic["lic_valid_to"] as String == "2099-12-31")
        #expect(lic["subject_kind"] as String == "个体工商户")
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE document_no = '罚2号' AND source_unit = '某局' AND decision_date = '2025-03-03'") == 1)
    }

    @Test func loadsEveryCategoryWithTypedFields() throws {
        let files: [(String, String)] = [
            ("行政强制.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,强制措施类型,强制期限至,当前状态\n甲,\(codeA),强1,2025-01-02,局,扣押财物,2025-02-01,执行中\n"),
            ("行政奖励.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,奖励名称,奖励级别\n甲,\(codeA),奖1,2025-01-02,局,守合同重信用,省级\n"),
            ("行政确认.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项,确认结果\n甲,\(codeA),确1,2025-01-02,局,商标认定,予以确认\n"),
            ("行政裁决.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,争议事项,是否责任方\n甲,\(codeA),裁1,2025-01-02,局,消费争议,Y\n"),
            ("行政检查.csv", "行政相对人名称,统一社会信用代码,文书号,检查日期,实施机关,检查类型,检查结果\n甲,\(codeA),检1,2025-01-02,局,双随机抽查,通过登记的住所(经营场所)无法联系\n"),
        ]
        let paths = try files.map { try folder.write($0.0, $0.1) }
        let report = importer.run(paths)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.files.map(\.loaded) == [1, 1, 1, 1, 1])
        let records = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM record ORDER BY category") }
        let byCategory = Dictionary(uniqueKeysWithValues: records.map { ($0["category"] as String, $0) })
        #expect(byCategory["coercion"]?["coe_measure"] == "扣押财物")
        #expect(byCategory["reward"]?["rew_level"] == "省级")
        #expect(byCategory["adjudication"]?["adj_at_fault"] == 1)
        #expect(byCategory["inspection"]?["ins_result"] == "通过登记的住所（经营场所）无法联系")
        #expect(byCategory["confirmation"]?["con_result"] == "予以确认")
    }

    /// Records naming a code the register lacks load, and are counted in a warning; once the
    /// register has the code (an enterprise file earlier in the same run), they no longer count.
    @Test func countsRecordsWhoseCodeIsNotInTheRegister() throws {
        let unregistered = try #require(UnifiedSocialCreditCode.completing("91130602MA0000002"))
        let header = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,奖励名称\n"
        let first = try folder.write("行政奖励.csv", header + """
            甲,\(codeA),奖1,2025-01-02,局,守合同重信用
            乙,\(unregistered),奖2,2025-01-02,局,守合同重信用
            乙,\(unregistered),奖3,2025-01-03,局,守合同重信用
            乙,\(unregistered),奖3,2025-01-03,局,守合同重信用

            """)
        let report = importer.run([first])
        #expect(report.files.first?.loaded == 3)
        #expect(report.files.first?.notInRegister == 2)  // the repeated 奖3 is a duplicate, not a new record
        #expect(report.warnings.contains { $0.reason.hasPrefix("2 record(s) name a code not in the enterprise register") })

        let register = try folder.write("more/enterprises.csv", "统一社会信用代码,企业名称,行业代码,登记状态\n\(unregistered),乙公司,C13,存续\n")
        let second = try folder.write("more/行政奖励.csv", header + "乙,\(unregistered),奖4,2025-01-04,局,守合同重信用\n")
        let both = importer.run([second, register], at: t1)
        #expect(both.files.map(\.file) == ["enterprises.csv", "行政奖励.csv"])
        #expect(both.files.map(\.notInRegister) == [0, 0])
        #expect(try database.count("SELECT COUNT(*) FROM record r WHERE NOT EXISTS (SELECT 1 FROM enterprise e WHERE e.uscc = r.uscc)") == 0)
    }

    @Test func rejectsBadRowsButLoadsTheValidOnes() throws {
        let file = try folder.write("行政处罚.csv", """
            行政相对人名称,行政相对人类别,统一社会信用代码,决定文书号,决定日期,实施机关,上报日期,处罚类别,罚款金额（万元）
            好,,\(codeA),1号,2025-03-03,局,2025-03-04,罚款,0.5
            坏码,,91350100M000100Y42,2号,2025-03-03,局,,警告,
            坏日期,,\(codeA),3号,2025-02-30,局,,警告,
            未来,,\(codeA),4号,2030-01-01,局,,警告,
            坏类别,,\(codeA),5号,2025-03-03,局,,没收房产,
            缺金额,,\(codeA),6号,2025-03-03,局,,罚款,
            张三,自然人,,7号,2025-03-03,局,,罚款,0.01
            早报,,\(codeA),8号,2025-03-03,局,2025-03-01,警告,
            ,,\(codeA),9号,2025-03-03,局,,警告,
            无文号,,\(codeA),,2025-03-03,局,,警告,
            坏类别,,\(codeA),11号,2025-03-03,局,,警告,abc
            短行,,\(codeA)

            """)
        let report = importer.run([file])
        let f = try #require(report.files.first)
        #expect(f.rows == 12)
        #expect(f.loaded == 1)
        #expect(f.skipped == 1)
        #expect(f.rejected == 10)
        #expect(report.hasRejections)
        let got = report.errors.map { "\($0.line) \($0.field)" }
        #expect(got == ["3 统一社会信用代码", "4 决定日期", "5 决定日期", "6 处罚类别", "7 罚款金额（万元）", "9 上报日期",
                        "10 行政相对人名称", "11 决定文书号", "12 罚款金额（万元）", "13 (row)"])
        #expect(report.errors[0].description == "行政处罚.csv:3: 统一社会信用代码: check character is 3, found 2")
        #expect(try database.count("SELECT COUNT(*) FROM rejected_row") == 10)
        #expect(try database.count("SELECT COUNT(*) FROM record") == 1)
    }

    @Test func strictLoadsNothingFromAFileWithErrors() throws {
        let file = try folder.write("行政奖励.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,奖励名称,奖励级别
            甲,\(codeA),奖1,2025-01-02,局,守合同重信用,省级
            乙,\(codeA),奖2,2025-01-02,局,守合同重信用,乡级

            """)
        let report = importer.run([file], strict: true)
        #expect(report.files.first?.fileRejected == true)
        #expect(report.files.first?.loaded == 0)
        #expect(try database.count("SELECT COUNT(*) FROM record") == 0)
        #expect(report.errors.contains { $0.line == 3 && $0.field == "奖励级别" })
    }

    @Test func aMissingRequiredColumnRejectsTheWholeFile() throws {
        let file = try folder.write("行政强制.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关\n甲,\(codeA),强1,2025-01-02,局\n")
        let report = importer.run([file])
        #expect(report.errors.map(\.description) == ["行政强制.csv:1: (header): missing required column(s): 强制措施类型"])
        #expect(report.hasRejections)
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let file = try folder.write("行政确认.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项\n甲,\(codeA),确1,2025-01-02,局,认定\n乙,\(codeB),确2,2025-01-03,局,认定\n")
        _ = importer.run([file])
        let before = try database.writer.read { db in
            try (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch")!, Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")!,
                 String.fetchAll(db, sql: "SELECT known_from || version FROM record ORDER BY id"))
        }
        let again = importer.run([file], at: t1)
        #expect(again.files.first?.unchanged == 2)
        #expect(again.files.first?.alreadyImported == true)
        let after = try database.writer.read { db in
            try (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch")!, Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")!,
                 String.fetchAll(db, sql: "SELECT known_from || version FROM record ORDER BY id"))
        }
        #expect(before == after)
        // The same content in another format (other date form, reordered columns) is unchanged too.
        let reformatted = try folder.write("confirmation.csv", "实施机关,确认事项,决定日期,决定文书号,统一社会信用代码,行政相对人名称\n局,认定,2025年1月2日,确1,\(codeA),甲\n")
        let third = importer.run([reformatted], at: t1)
        #expect(third.files.first?.unchanged == 1)
        #expect(try database.count("SELECT COUNT(*) FROM record_history") == 0)
    }

    @Test func aChangedRowIsACorrectionWithHistoryKept() throws {
        let v1 = try folder.write("penalty.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）\n甲,\(codeA),罚9号,2025-01-02,局,罚款,1\n")
        _ = importer.run([v1], at: t0)
        let v2 = try folder.write("v2/penalty.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）\n甲,\(codeA),罚9号,2025-01-02,局,罚款,0.5\n")
        let report = importer.run([v2], at: t1)
        #expect(report.files.first?.corrected == 1)
        let current = try #require(try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM record") })
        #expect(current["pen_fine_fen"] as Int64 == 500_000)
        #expect(current["version"] as Int == 2)
        #expect(current["known_from"] as String == t1.description)
        let old = try #require(try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM record_history") })
        #expect(old["pen_fine_fen"] as Int64 == 1_000_000)
        #expect(old["version"] as Int == 1)
        #expect(old["known_from"] as String == t0.description)
        #expect(old["known_until"] as String == t1.description)
    }

    @Test func repeatedKeysInOneFileAreDuplicatesOrErrors() throws {
        let file = try folder.write("行政确认.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项\n甲,\(codeA),确1,2025-01-02,局,认定\n甲,\(codeA),确1,2025-01-02,局,认定\n甲,\(codeA),确1,2025-01-02,局,另一事项\n")
        let report = importer.run([file])
        #expect(report.files.first?.loaded == 1)
        #expect(report.files.first?.duplicates == 1)
        #expect(report.files.first?.rejected == 1)
        #expect(report.errors.first?.line == 4)
    }

    @Test func keepsUnknownColumnsAndWarnsOnce() throws {
        let file = try folder.write("行政确认.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项,内部编号,经办人\n甲,\(codeA),确1,2025-01-02,局,认定,A-1,王\n乙,\(codeA),确2,2025-01-02,局,认定,A-2,\n")
        let report = importer.run([file])
        #expect(report.warnings.filter { $0.field == "(header)" }.count == 1)
        let extras = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT extra FROM record ORDER BY document_no") }
        #expect(extras == [#"{"内部编号":"A-1","经办人":"王"}"#, #"{"内部编号":"A-2"}"#])
    }

    @Test func importsAGB18030File() throws {
        let text = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,奖励名称\r\n保定示例有限公司,\(codeC),奖〔2025〕1号,2025年3月1日,保定市市场监督管理局,守合同重信用企业\r\n"
        let path = try folder.write("行政奖励.csv", bytes: try #require(gb18030(text)))
        let report = importer.run([path])
        #expect(report.files.first?.encoding == "gb18030")
        #expect(report.files.first?.loaded == 1)
        #expect(try database.count("SELECT COUNT(*) FROM record WHERE subject_name = '保定示例有限公司' AND rew_name = '守合同重信用企业'") == 1)
    }

    @Test func conflictsMustNameKnownInspectorsAndEnterprises() throws {
        let inspectors = try folder.write("inspectors.csv", "执法证号,姓名,所属部门,专业领域\n13060000011,王伟,市场监管局,F；H\n")
        let conflicts = try folder.write("conflicts.csv", "执法证号,统一社会信用代码,原因\n13060000011,\(codeA),亲属\n99999,\(codeA),亲属\n13060000011,\(UnifiedSocialCreditCode.completing("91130602MA0000002")!),亲属\n")
        let report = importer.run([conflicts, inspectors])  // order fixed by kind, not by argument order
        #expect(report.files.map(\.category) == ["inspectors", "conflicts"])
        #expect(report.errors.map { "\($0.line) \($0.field)" } == ["3 执法证号", "4 统一社会信用代码"])
        #expect(try database.count("SELECT COUNT(*) FROM conflict") == 1)
        #expect(try database.count("SELECT COUNT(*) FROM inspector WHERE fields = 'FH'") == 1)
    }

    @Test func theAuditChainDetectsATamperedRow() throws {
        _ = importer.run([try folder.write("行政确认.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项\n甲,\(codeA),确1,2025-01-02,局,认定\n")])
        let intact = try database.writer.read { db in try AuditLog.verify(db) }
        #expect(intact.checked == 2)
        #expect(intact.firstBreak == nil)
        // Updates are refused by a trigger…
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE audit_event SET actor = 'x' WHERE seq = 1") }
        }
        // …so an attacker with the file drops it first; the chain still shows the change.
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET payload = replace(payload, '\"rows\":1', '\"rows\":2') WHERE seq = 2")
        }
        let broken = try database.writer.read { db in try AuditLog.verify(db) }
        #expect(broken.firstBreak?.seq == 2)
        #expect(broken.checked == 1)
    }
}

@Suite struct LargeFileImportTests {
    /// Files over 4 MiB are parsed on a second thread; the outcome must be the same as inline.
    @Test func aLargeFileLoadsWithTheSameChecksAndCounts() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        var lines = ["行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项,确认结果"]
        let filler = String(repeating: "说明", count: 30)
        for i in 0..<50_000 {
            switch i {
            case 100: lines.append("甲,91350100M000100Y42,确\(i),2025-01-02,局,认定,\(filler)")      // bad check character
            case 30_000: lines.append("甲,\(codeA),确\(i),2025-02-30,局,认定,\(filler)")           // bad date
            case 40_000: lines.append("甲,\(codeA),确5,2025-01-02,局,认定,\(filler)")              // repeats 确5
            default: lines.append("甲,\(codeA),确\(i),2025-01-02,局,认定,\(filler)")
            }
        }
        let path = try folder.write("行政确认.csv", lines.joined(separator: "\n") + "\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) > 4 << 20)
        let report = Importer(database: database).run([path])
        let file = try #require(report.files.first)
        #expect((file.rows, file.loaded, file.rejected, file.duplicates) == (50_000, 49_997, 2, 1))
        #expect(report.errors.map(\.line) == [102, 30_002])
        #expect(try database.count("SELECT COUNT(*) FROM record") == 49_997)
        // And again: nothing changes.
        let again = Importer(database: database).run([path], at: t1)
        #expect(again.files.first?.alreadyImported == true)
        // (the repeated 确5 line now matches the stored version, so it counts as unchanged too)
        #expect(again.files.first?.unchanged == 49_998)
    }
}

@Suite struct ManyFileImportTests {
    /// Importing many files into a database file checkpoints each file on another connection
    /// while the next one loads: the store ends up with exactly what an in-memory import holds,
    /// the file checks out, and the writer's automatic checkpoints are back afterwards.
    @Test func aDirectoryLoadsTheSameIntoAFileWithBackgroundCheckpoints() throws {
        let folder = try TemporaryFolder()
        let sample = repositoryRoot.appendingPathComponent("SampleData").path
        let onFile = try CreditDatabase.open(path: folder.path("sample.db"))
        let inMemory = try CreditDatabase.inMemory()
        let fileReport = Importer(database: onFile).run([sample])
        let memoryReport = Importer(database: inMemory).run([sample])
        #expect(fileReport.files.count > 5)
        #expect(fileReport.files.map(\.loaded) == memoryReport.files.map(\.loaded))
        for table in ["enterprise", "inspector", "record", "conflict", "inspection_trigger", "audit_event"] {
            let stored = try onFile.count("SELECT COUNT(*) FROM \(table)"), expected = try inMemory.count("SELECT COUNT(*) FROM \(table)")
            #expect(stored == expected, "\(table)")
        }
        let (autocheckpoint, check) = try onFile.writer.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"), try String.fetchOne(db, sql: "PRAGMA quick_check"))
        }
        #expect(autocheckpoint == 256)
        #expect(check == "ok")
    }
}
