import CreditCore
import CreditIngest
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// `credit generate --mode realistic` (issue 21): the same facts as the classic city, in the
/// shape of real exports, and every row of it loads.
@Suite struct RealisticCityTests {
    func rows(_ mode: SyntheticCity.Mode) -> [SyntheticCity.File: [[String]]] {
        var rows: [SyntheticCity.File: [[String]]] = [:]
        SyntheticCity(enterpriseCount: 600, seed: 19, asOf: CalendarDate(iso: "2026-10-31")!, mode: mode).generate { file, fields in
            rows[file, default: []].append(fields)
        }
        return rows
    }

    @Test func realisticFilesLookLikeRealExports() throws {
        let classic = rows(.classic), realistic = rows(.realistic)
        #expect(realistic[.enterprises]?.count == classic[.enterprises]?.count)
        // Codes in no particular order: the classic generator's come out nearly sorted per prefix.
        let codes = realistic[.enterprises]!.dropFirst().map { $0[0] }
        #expect(codes.allSatisfy { (try? UnifiedSocialCreditCode($0)) != nil })
        #expect(Set(codes).count == codes.count)
        let ascending = zip(codes, codes.dropFirst()).filter { $0 < $1 }.count
        #expect(abs(Double(ascending) / Double(codes.count - 1) - 0.5) < 0.1, "codes in generation order: \(ascending) of \(codes.count - 1) ascending")
        // Every optional penalty column, long facts, natural persons, many agencies.
        let penalties = realistic[.penalty]!
        #expect(penalties[0].suffix(4) == ["CF_CFJGDM", "公示日期", "CF_GSJZQ", "BZ"])
        let body = penalties.dropFirst()
        #expect(body.allSatisfy { $0.count == penalties[0].count && (100...400).contains($0[9].count) })
        #expect(body.contains { $0[1] == "自然人" })
        let agencies = Set(realistic.filter { $0.key != .enterprises && $0.key != .inspectors }.values.flatMap { $0.dropFirst() }.compactMap { row in
            row.first { $0.hasSuffix("市场监管所") }
        })
        #expect(agencies.count > 100, "\(agencies.count) agencies")
    }

    @Test func everyRealisticRowLoads() throws {
        let folder = try TemporaryFolder()
        for (file, rows) in rows(.realistic) where file != .penaltyCorrections {
            _ = try folder.write("city/\(file.rawValue)", rows.map { SyntheticCity.csv($0) }.joined())
        }
        let database = try CreditDatabase.open(path: folder.path("realistic.db"))
        let report = Importer(database: database).run([folder.path("city")], at: t0)
        #expect(report.errors.isEmpty, "\(report.errors.prefix(5))")
        #expect(!report.hasRejections)
        let penaltiesWithPublication = try database.count("SELECT COUNT(*) FROM record WHERE category = 'penalty' AND pen_publication_date IS NOT NULL")
        #expect(penaltiesWithPublication > 0)
    }
}
