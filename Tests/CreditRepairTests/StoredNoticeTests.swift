import CreditCore
@testable import CreditRepair
import Foundation
import Testing

/// `RepairNotice.storedJSON` is what `repair_notice.content` holds: it must stay exactly the
/// bytes `JSONEncoder` (`.sortedKeys`) wrote for the notices issued before it, or a stored
/// notice and a newly issued one of the same penalty would differ.
@Suite struct StoredNoticeTests {
    static func encoderText(_ notice: RepairNotice) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(notice), as: UTF8.self)
    }

    /// Notices under both regimes: published from the export's 公示日期 or from the decision date,
    /// repairable or not, low fine or not, served with the decision or afterwards.
    @Test func noticesAreStoredAsJSONEncoderWritesThem() throws {
        let records = [
            penalty("2024-12-10", [.fine], fineYuan: 80_000, domain: .food),
            penalty("2024-12-10", [.revokeLicence]),
            penalty("2024-12-10", [.fine], fineYuan: 20_000, kind: .individualBusiness),
            penalty("2025-08-31", [.fine], fineYuan: 80_000, number: "保市监罚〔2025〕12号", published: "2025-09-05"),
            penalty("2025-06-01", [.circulatedCriticism]),
            penalty("2026-05-10", [.fine, .confiscateIllegalGains], fineYuan: 300_000, severity: .serious, declaredEnd: "2029-01-01"),
            penalty("2026-06-15", [.warning, .fine], fineYuan: 5_000, severity: .ordinary, agency: "保定市竞秀区市场监督管理局"),
        ]
        var checked = 0
        for record in records {
            for issued in [record.decisionDate, d("2026-11-30")] {
                let notice = try #require(rules.notice(for: record, number: "保市监信修告〔2026〕7号", subjectName: "示例有限公司",
                                                       issuedOn: issued, calendar: calendar))
                #expect(notice.storedJSON == (try Self.encoderText(notice)))
                #expect(try RepairNotice.decode(stored: notice.storedJSON) == notice)
                checked += 1
            }
        }
        #expect(checked == 14)
    }

    /// Every optional filled, then every optional empty, with text that JSON escapes: quotes,
    /// backslashes, slashes (`\/`, as `JSONEncoder` writes them), control characters, non-ASCII.
    @Test func everyFieldAndEveryEscapeAreWrittenAsJSONEncoderWritesThem() throws {
        let hostile = "a/b\\c\"d\n\t\r\u{8}\u{C}\u{1}\u{1F}\u{7F}😀\u{2028}é〔2026〕</script>"
        var notice = try #require(rules.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000), number: "保市监信修告〔2026〕7号",
                                               subjectName: hostile, issuedOn: d("2026-11-30"), calendar: calendar))
        notice.title += hostile
        notice.sections[0].paragraphs.append(hostile)
        notice.sections.append(.init(heading: hostile, paragraphs: []))
        notice.copiesTo = ["河北省市场监督管理局", hostile]
        notice.service = .withDecision
        notice.servedOn = d("2025-08-31")
        notice.latestPublication = WorkingDayDeadline(date: d("2027-01-08"), provisional: true)
        notice.assessment.notPublishedReason = hostile
        notice.assessment.tier = .serious
        notice.assessment.severity = .minor
        notice.assessment.periodMonths = -36
        notice.assessment.startBasis = .publicationDate
        notice.assessment.notRepairableReason = hostile
        notice.assessment.declaredEnd = d("2028-09-01")
        notice.assessment.declaredEndDisagrees = true
        #expect(notice.storedJSON == (try Self.encoderText(notice)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(notice.storedJSON.utf8)) as? [String: Any])
        #expect(Set(object.keys) == Set(RepairNotice.CodingKeys.allCases.map(\.stringValue)))
        let assessment = try #require(object["assessment"] as? [String: Any])
        #expect(Set(assessment.keys) == Set(PublicationAssessment.CodingKeys.allCases.map(\.stringValue)))
        #expect(try RepairNotice.decode(stored: notice.storedJSON) == notice)

        notice.copiesTo = nil
        notice.service = nil
        notice.servedOn = nil
        notice.latestPublication = nil
        notice.assessment = PublicationAssessment(documentNumber: hostile, regimeID: "samr-2021", published: false, notPublishedReason: nil,
                                                  tier: nil, severity: nil, lowAmount: true, periodMonths: nil, start: nil, startBasis: nil,
                                                  end: nil, earliestRepair: nil, repairable: false, notRepairableReason: nil,
                                                  declaredEnd: nil, declaredEndDisagrees: nil)
        #expect(notice.storedJSON == (try Self.encoderText(notice)))
        #expect(try RepairNotice.decode(stored: notice.storedJSON) == notice)
    }
}
