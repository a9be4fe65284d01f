import CreditCharts
import CreditCore
import CreditRules
@testable import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditIngest
import CreditTestSupport

/// The quality series over months, read in one read-only transaction of a database file.
@Suite struct QualitySeriesTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let calendar: WorkingDayCalendar

    /// A synthetic city in a file (a pool: its reads use read-only connections), plus rows
    /// that are rejected (a bad code) or duplicated, in two months of 2026.
    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.open(path: folder.path("credit.db"))
        calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: 600, seed: 31, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in files[file, default: ""] += line }
        for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
        try folder.write("extra/行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,数据来源单位,上报日期,处罚类别
            甲,\(codeA),质1,2026-02-09,测试局,测试局,2026-02-12,警告
            甲,91350100M000100Y42,质2,2026-02-10,测试局,测试局,,警告
            甲,\(codeA),质3,2026-04-01,测试局,测试局,2026-04-30,警告
            甲,\(codeA),质3,2026-04-01,测试局,测试局,2026-04-30,警告

            """)
        _ = Importer(database: database).run([folder.path("city"), folder.path("extra")], at: t0)
    }

    /// Each month of the series is that month's quality report, its rows summed per agency.
    @Test func theSeriesEqualsThePerMonthReportForEachMonth() throws {
        let (from, to) = (CalendarMonth("2025-11")!, CalendarMonth("2026-10")!)
        let series = try QualitySeries.read(database, from: from, to: to, calendar: calendar)
        #expect(series.months.map(\.month) == ["2025-11", "2025-12"] + (1...10).map { "2026-\($0 < 10 ? "0" : "")\($0)" })
        var agenciesSeen = Set<String>()
        for month in series.months {
            let report = try database.writer.write { db in try QualityReport.compute(db, month: CalendarMonth(month.month), calendar: calendar) }
            #expect(report.totals == month.totals, "\(month.month)")
            let units = Set(report.rows.compactMap(\.sourceUnit))
            #expect(Set(month.rows.compactMap(\.sourceUnit)) == units, "\(month.month)")
            for unit in units {
                let rows = report.rows.filter { $0.sourceUnit == unit }
                let summed = try #require(month.rows.first { $0.sourceUnit == unit })
                #expect(summed.category == nil)
                #expect(summed.submitted == rows.map(\.submitted).reduce(0, +))
                #expect(summed.compliant == rows.map(\.compliant).reduce(0, +))
                #expect(summed.withReportDate == rows.map(\.withReportDate).reduce(0, +))
                #expect(summed.onTime == rows.map(\.onTime).reduce(0, +))
                #expect(summed.duplicates == rows.map(\.duplicates).reduce(0, +))
                #expect(summed.usccErrors == rows.map(\.usccErrors).reduce(0, +))
            }
            agenciesSeen.formUnion(units)
        }
        // The city reports in every month, and the hand-made rows land in theirs.
        #expect(series.months.allSatisfy { $0.totals.submitted > 0 })
        #expect(agenciesSeen.count > 3)
        let february = try #require(series.months.first { $0.month == "2026-02" }?.rows.first { $0.sourceUnit == "测试局" })
        #expect((february.submitted, february.compliant, february.withReportDate, february.onTime, february.usccErrors) == (2, 1, 1, 1, 1))
        let april = try #require(series.months.first { $0.month == "2026-04" }?.rows.first { $0.sourceUnit == "测试局" })
        #expect((april.submitted, april.compliant, april.onTime, april.duplicates) == (1, 1, 0, 1))
    }

    /// The report needs no write: it runs inside a read of a pool (a read-only connection) and
    /// of a queue (`PRAGMA query_only`, where a temporary table cannot be created).
    @Test func theMonthlyReportRunsInAReadTransaction() throws {
        let memory = try CreditDatabase.inMemory()
        _ = Importer(database: memory).run([folder.path("city"), folder.path("extra")], at: t0)
        let month = CalendarMonth("2026-02")!
        for database in [database, memory] {
            let read = try database.writer.read { db in try QualityReport.compute(db, month: month, calendar: calendar, details: true) }
            let written = try database.writer.write { db in try QualityReport.compute(db, month: month, calendar: calendar, details: true) }
            #expect(read.rows == written.rows && read.totals == written.totals && read.late == written.late)
            #expect(read.totals.submitted > 0 && read.late != nil)
            let all = try database.writer.read { db in try QualityReport.compute(db, month: nil, calendar: calendar) }
            #expect(all.totals.submitted > read.totals.submitted)
        }
        let series = try QualitySeries.read(memory, from: month, to: month, calendar: calendar)
        #expect(series.months.first?.totals.submitted ?? 0 > 0)
    }

    @Test func aReversedOrTooLongRangeIsRefusedWithTheReason() throws {
        #expect(throws: QualitySeriesError.reversed(from: "2026-05", to: "2026-03")) {
            try QualitySeries.read(database, from: CalendarMonth("2026-05")!, to: CalendarMonth("2026-03")!, calendar: calendar)
        }
        #expect(throws: QualitySeriesError.tooLong(months: 121, limit: 120)) {
            try QualitySeries.months(from: CalendarMonth("2016-01")!, to: CalendarMonth("2026-01")!)
        }
        #expect(try QualitySeries.months(from: CalendarMonth("2016-02")!, to: CalendarMonth("2026-01")!).count == 120)
        #expect(try QualitySeries.months(from: CalendarMonth("2025-12")!, to: CalendarMonth("2026-01")!).map(\.description) == ["2025-12", "2026-01"])
        #expect(QualitySeriesError.reversed(from: "2026-05", to: "2026-03").description == "起始月份 2026-05 晚于截止月份 2026-03")
    }

    /// The chart shows the series' numbers: every agency and month, the total first.
    @Test func theQualityChartCarriesTheSeries() throws {
        let series = try QualitySeries.read(database, from: CalendarMonth("2026-01")!, to: CalendarMonth("2026-04")!, calendar: calendar)
        let table = Chart.quality(QualityTrendChart(series)).table
        #expect(table.rows.count == (series.agencies.count + 1) * 4)
        for month in series.months {
            let total = try #require(table.rows.first { $0[0] == "合计" && $0[1] == month.month })
            #expect(total[2] == "\(month.totals.submitted)" && total[6] == "\(month.totals.onTime)")
            for row in month.rows {
                let line = try #require(table.rows.first { $0[0] == row.sourceUnit && $0[1] == month.month })
                func percent(_ rate: Rate) -> String { rate.basisPointsOfPercent == nil ? "-" : rate.description + "%" }
                #expect(Array(line[2...7]) == ["\(row.submitted)", "\(row.compliant)", percent(row.complianceRate), "\(row.withReportDate)",
                                               "\(row.onTime)", percent(row.timelinessRate)])
            }
        }
        // An agency silent in a month shows zeros and no rate there.
        let testAgencyMarch = try #require(table.rows.first { $0[0] == "测试局" && $0[1] == "2026-03" })
        #expect(Array(testAgencyMarch[2...7]) == ["0", "0", "-", "0", "0", "-"])
    }
}

@Suite struct StoredRunChartTests {
    /// The summary read back from a stored run equals the one the run printed.
    @Test func theStoredSummaryEqualsTheRunsSummary() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.inMemory()
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: 500, seed: 32, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in files[file, default: ""] += line }
        for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
        _ = Importer(database: database).run([folder.path("city")], at: t0)
        let rules = try LoadedRuleSet(text: String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8),
                                      file: "classification.yaml")
        let runner = ClassificationRunner(database: database)
        #expect(try runner.storedSummary() == nil)
        let first = try runner.run(rules, asOf: CalendarDate(iso: "2026-01-31")!, knownBy: nil, now: t0, store: true)
        let second = try runner.run(rules, asOf: CalendarDate(iso: "2026-10-31")!, knownBy: nil, now: t1, store: true)
        for (summary, id) in [(second, nil), (first, first.runID), (second, second.runID)] {
            let stored = try #require(try runner.storedSummary(run: id))
            #expect(stored.runID == summary.runID && stored.asOf == summary.asOf && stored.rulesetSHA256 == summary.rulesetSHA256)
            #expect(stored.counts == summary.counts)
            #expect(stored.byRegion == summary.byRegion)
            #expect(stored.byIndustry == summary.byIndustry)
        }
        #expect(try runner.storedSummary(run: 99) == nil)
        // The charts of a run: its counts and regions.
        let distribution = Chart.classDistribution(ClassDistributionChart(second)).table
        #expect(distribution.rows.last == ["合计", "\(second.counts.total)", "100.00%"])
        let regions = Chart.regions(RegionClassChart(second)).table
        #expect(regions.rows.map { $0[0] } == second.byRegion.keys.sorted())
        // An enterprise's history: both runs, oldest first; nothing for a code not in the register.
        let code = try #require(try database.writer.read { db in try String.fetchOne(db, sql: "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 1") })
        let history = try #require(try runner.historyChart(code))
        #expect(Chart.history(history).table.rows.map { $0[0] } == ["2026-01-31", "2026-10-31"])
        #expect(try runner.historyChart("91350100M000100Y43") == nil)
    }
}
