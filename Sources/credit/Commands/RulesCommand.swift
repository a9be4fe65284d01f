import ArgumentParser
import CreditCore
import CreditRepair
import CreditRules
import CreditStore
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Rule files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Static checks: load errors (file:line:column), class-band gaps and overlaps, dead indicators, monotonicity; calendar coverage and the repair regime choice.")

        @Argument(help: "A rules directory or a classification rule file.") var path: String = RulesDirectory.defaultPath

        func run() throws {
            let directory = RulesDirectory(path: path)
            var failed = false
            for file in try directory.classificationFiles() {
                let name = (file as NSString).lastPathComponent
                guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
                do {
                    let loaded = try LoadedRuleSet(text: String(decoding: data, as: UTF8.self), file: name)
                    let findings = RuleChecks.check(loaded.rules)
                    for finding in findings { print(finding) }
                    if findings.isEmpty {
                        print("\(name): ok — \(loaded.rules.id) \(loaded.rules.version), \(loaded.rules.indicators.count) indicators, \(loaded.rules.overrides.count) overrides; bands contiguous; every indicator can fire; monotone")
                    }
                    failed = failed || !findings.isEmpty
                } catch {
                    print(error.description)
                    failed = true
                }
            }
            let today = Timestamp.now.chinaDate
            if exists("calendar.yaml") {
                do { for line in Self.calendarReport(try directory.calendar(), thisYear: today.year) { print(line) } }
                catch { print("\(error)"); failed = true }
            }
            if exists("repair.yaml") {
                do { for line in Self.regimeReport(try directory.repairRules()) { print(line) } }
                catch { print("\(error)"); failed = true }
            }
            if exists("eligibility.yaml") {
                do { for line in Self.eligibilityReport(try directory.eligibilityRules()) { print(line) } } catch { print("\(error)"); failed = true }
            }
            if failed { throw ExitCode.failure }
        }

        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name)) }

        /// Which years have a published schedule, what covers the others, and a warning for this
        /// year and next when only the statutory holidays cover them.
        static func calendarReport(_ calendar: WorkingDayCalendar, thisYear: Int) -> [String] {
            var lines = ["calendar.yaml: published State Council schedules for \(yearRanges(calendar.publishedYears.sorted()))"]
            if let latest = calendar.statutory.edition(for: thisYear + 1) {
                lines.append("calendar.yaml: other years use the statutory holidays of \(latest.basis)"
                             + (calendar.statutory.substituteWeekendDays ? " with 补假 for weekend holidays" : "")
                             + " and no make-up workdays; every date counted through them is provisional (暂定)")
            } else {
                lines.append("warning: calendar.yaml: no statutory holidays (statutory:) — years without a schedule count weekends only")
            }
            for year in [thisYear, thisYear + 1] where !calendar.publishedYears.contains(year) {
                let days = calendar.statutoryDaysOff(in: year)
                let substitutes = days.values.filter { $0.hasSuffix("补假") }.count
                lines.append("warning: calendar.yaml: \(year) is covered only by the statutory holidays (\(days.count - substitutes) days off"
                             + (substitutes > 0 ? " + \(substitutes) 补假" : "") + ", first \(days.keys.min().map(\.description) ?? "-")); "
                             + "deadlines in \(year) are provisional (暂定) — add the 国务院办公厅 notice for \(year) once published")
            }
            return lines
        }

        /// The regimes and which one applies to penalties decided from the choice's date.
        static func regimeReport(_ rules: RepairRules) -> [String] {
            var lines = rules.regimes.map { r in
                "repair.yaml: regime \(r.id) (\(r.name))" + (r.from.map { " from \($0)" } ?? "") + (r.until.map { " until \($0)" } ?? "")
                    + "; materials: \(r.materials.joined(separator: "、"))"
            }
            if let choice = rules.regimeChoice {
                let others = rules.regimes.filter { $0.id != choice.regimeID && $0.applies(to: choice.from) }.map(\.id)
                lines.append("repair.yaml: penalties decided from \(choice.from) → \(choice.regimeID) (regime_choice; basis: \(choice.basis))"
                             + (others.isEmpty ? "" : "; a city may switch to \(others.joined(separator: " or ")) with regime_choice.regime"))
            }
            for kind in ListKind.allCases {
                guard let l = rules.lists[kind] else { continue }
                lines.append("repair.yaml: \(l.name): repair from \(l.repairAfterMonths) months after listing (\(l.repairBasis))"
                             + (l.removedAfterMonths.map { "; ends by itself after \($0) months (\(l.removalBasis ?? ""))" } ?? "; no term")
                             + "; notices \(rules.listingNoticeNumber(agency: rules.issuer.agency, list: kind, year: Timestamp.now.chinaDate.year, sequence: 1)) for the issuing agency")
            }
            let f = rules.falseCommitment
            lines.append("repair.yaml: \(f.name): repair from \(f.repairAfterMonths) months after the check (\(f.repairBasis))")
            return lines
        }

        /// The approval items that allow 告知承诺制 and when their follow-up check is due.
        static func eligibilityReport(_ rules: EligibilityRules) -> [String] {
            rules.items.keys.sorted().map { code in
                let i = rules.items[code]!
                return "eligibility.yaml: \(code) \(i.name): check within \(i.checkWithinMonths) month(s) of the commitment (\(i.checkBasis))"
                    + (i.blockAbnormalList ? "; refuses enterprises on the 经营异常名录" : "")
            } + ["eligibility.yaml: an unrepaired 虚假承诺 \(rules.blockFalseCommitment ? "refuses" : "does not refuse") 告知承诺制"]
        }

        static func yearRanges(_ years: [Int]) -> String {
            var parts: [String] = []
            var i = 0
            while i < years.count {
                var j = i
                while j + 1 < years.count, years[j + 1] == years[j] + 1 { j += 1 }
                parts.append(i == j ? "\(years[i])" : "\(years[i])–\(years[j])")
                i = j + 1
            }
            return parts.isEmpty ? "no year" : parts.joined(separator: ", ")
        }
    }
}
