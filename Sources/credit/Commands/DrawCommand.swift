import ArgumentParser
import CreditCharts
import CreditCore
import CreditRules
import CreditSampling
import CreditStore
import Foundation

struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "双随机、一公开: commit-then-reveal draws of enterprises and inspectors, publication and results.",
        discussion: """
            A draw is first prepared (inputs frozen, a secret K drawn, the commitment published), then run with the
            public randomness the commitment named. The seed is draw_id|randomness|hex(K); auditors get K with the
            bundle and check it with `credit draw verify DIR`.
            """,
        subcommands: [Prepare.self, Run.self, Verify.self, Void.self, List.self, Show.self, Plan.self, Results.self])

    /// `--id` checked before anything runs (exit code 2).
    static func validateID(_ id: String) throws {
        do throws(DrawID.Invalid) { _ = try DrawID(id) } catch { throw ValidationError(error.description) }
    }

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prepare a draw: freeze its inputs, draw the secret K and write the commitment to publish (DIR/public/commitment.json).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Draw id: 1–64 of 0-9 A-Z a-z . _ - (no '..'), e.g. 2026-11.") var id: String
        @Option(name: .customLong("as-of"), help: "Draw date: not in the future, not before the latest valid draw (default: today).") var asOf: String?
        @Option(name: .customLong("randomness-source"),
                help: "The future public value the run will use, e.g. \"福利彩票双色球 2026-11-30 开奖号码\" or a beacon round.")
        var randomnessSource: String
        @Option(help: "Sampling plan file (default: RULES/sampling.yaml).") var plan: String?
        @Option(help: "Output directory (default: draws/ID).") var out: String?

        func validate() throws {
            try DrawCommand.validateID(id)
            guard !randomnessSource.trimmingDataWhitespace().isEmpty else { throw ValidationError("--randomness-source must not be empty") }
        }

        func run() throws {
            let date = try parseAsOf(asOf)
            let (samplingPlan, planText) = try options.rulesDirectory.samplingPlan(file: plan)
            let started = Date()
            let prepared: PreparedDraw
            do {
                prepared = try DrawStore(database: try options.open()).prepare(
                    id: id, asOf: date, randomnessSource: randomnessSource, plan: samplingPlan, planText: planText, now: .now, actor: "cli")
            } catch let error as DrawError { throw CLIError(error.description) }
            let directory = out ?? "draws/\(id)"
            try DrawStore.write(prepared.files, to: directory)
            if prepared.alreadyPrepared { print("draw \(id) was already prepared (commitments are immutable); rewrote its commitment") }
            print("draw \(id) prepared as of \(prepared.asOf): frame \(prepared.frameCount) enterprises (classification run \(prepared.classificationRunID))"
                  + (prepared.unclassified > 0 ? ", \(prepared.unclassified) active enterprises without a class left out (classify again)" : ""))
            print("commitment sha256 \(prepared.commitment.sha256)")
            print("randomness source: \(prepared.commitment.randomnessSource)")
            print("wrote \(directory)/\(DrawFiles.commitment) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s — publish it now, before the randomness exists;")
            print("then: credit draw run --id \(id) --randomness VALUE")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a prepared draw with its public randomness and record it (immutable); write DIR/receipt.json, DIR/public/, DIR/audit/.",
            discussion: "Run again with the same randomness to write the files of a recorded draw again.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Draw id (prepared with `credit draw prepare`).") var id: String
        @Option(help: "The public value the commitment's randomness source gave.") var randomness: String
        @Option(help: "Output directory (default: draws/ID).") var out: String?

        func validate() throws {
            try DrawCommand.validateID(id)
            guard !randomness.trimmingDataWhitespace().isEmpty else { throw ValidationError("--randomness must not be empty") }
        }

        func run() throws {
            let started = Date()
            let outcome: DrawOutcome
            do { outcome = try DrawStore(database: try options.open()).run(id: id, randomness: randomness, now: .now, actor: "cli") }
            catch let error as DrawError { throw CLIError(error.description) }
            let directory = out ?? "draws/\(id)"
            try DrawStore.write(outcome.files, to: directory)
            if outcome.alreadyRecorded {
                print("draw \(id) was already run with this randomness (recorded draws are immutable); rewrote its bundle to \(directory)")
            } else {
                print("draw \(id) as of \(outcome.asOf): randomness \"\(randomness)\""
                      + (outcome.unclassified > 0 ? ", \(outcome.unclassified) active enterprises without a class left out (classify again)" : ""))
                print(outcome.inputsFromPreparedFiles
                      ? "inputs: the ones frozen at prepare (nothing wrote to the register, the classes, the draws, the roster, the conflicts or the triggers since)"
                      : "inputs: read again from the tables (they were written since prepare, or the draw was prepared before they were all watched)")
            }
            DrawCommand.printOutcome(outcome, directory: directory)
            print("wrote \(directory)/receipt.json, \(directory)/public/, \(directory)/audit/ (K in audit/salt.txt: auditors only) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }

    /// Counts, the unassigned tasks and the receipt of a run.
    static func printOutcome(_ outcome: DrawOutcome, directory: String) {
        if !outcome.strata.isEmpty {
            var table = TextTable(["类别", "层", "名录", "可抽", "本月任务"], rightAligned: [2, 3, 4])
            for s in outcome.strata { table.add([s.riskClass.rawValue, s.stratum, "\(s.frame)", "\(s.eligible)", "\(s.k)"]) }
            print(table.render() + "\n（内部信息：类别从不公开）")
        }
        print("\(outcome.tasks) tasks (\(outcome.tasks - outcome.targeted) random, \(outcome.targeted) targeted), "
              + "\(outcome.exclusions) excluded by the minimum interval, \(outcome.unassigned.count) unassigned")
        for task in outcome.unassigned.prefix(10) { print("  UNASSIGNED \(task.uscc): \(task.reason)") }
        if outcome.unassigned.count > 10 { print("  … \(outcome.unassigned.count - 10) more in \(directory)/audit/assignment.tsv") }
        print("receipt sha256 \(outcome.receiptSHA256) (previous \(outcome.previousReceiptSHA256 ?? "none"))")
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a draw from its bundle (a directory, or a draw id in --db); exit 1 naming the file, field or line and both values.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The draw directory, or the id of a recorded draw.") var draw: String
        @Option(help: "K, the draw's secret salt (64 hex digits; default: DIR/audit/salt.txt).") var salt: String?

        func run() throws {
            var key: DrawSalt?
            if let salt {
                do throws(DrawSalt.Invalid) { key = try DrawSalt(hex: salt.lowercased()) } catch { throw ValidationError(error.description) }
            }
            var isDirectory: ObjCBool = false
            let fromDirectory = FileManager.default.fileExists(atPath: draw, isDirectory: &isDirectory) && isDirectory.boolValue
            // The database is only read when it exists (verification needs none).
            let store = FileManager.default.fileExists(atPath: options.db) ? DrawStore(database: try options.open()) : nil
            let files: [String: [UInt8]]
            if fromDirectory { files = try DrawStore.read(directory: draw) } else {
                guard let store else { throw CLIError("\(draw) is not a directory, and there is no database \(options.db) to read draw \(draw) from") }
                do { files = try store.files(drawID: draw) } catch let error as DrawError { throw CLIError(error.description) }
            }
            let started = Date()
            let verified: DrawVerifier.Verified
            do { verified = try DrawVerifier.verify(files, salt: key, parallelism: ProcessInfo.processInfo.activeProcessorCount) }
            catch {
                printError("verification FAILED: \(error.description)")
                throw ExitCode.failure
            }
            let status = (try? store?.summary(id: verified.drawID)).flatMap { $0 }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            if verified.isRun {
                print("draw \(verified.drawID) verified (\(verified.algorithm)): \(verified.frameCount) frame members, \(verified.tasks) tasks; receipt sha256 \(verified.receiptSHA256 ?? "")"
                      + (verified.commitmentSHA256.map { ", commitment sha256 \($0)" } ?? "") + " (\(seconds) s)")
            } else {
                print("draw \(verified.drawID) prepared, not yet run: commitment sha256 \(verified.commitmentSHA256 ?? "") matches its \(verified.frameCount)-member frame and every input (\(seconds) s)")
            }
            if let status, status.status == .void, status.receiptSHA256 == verified.receiptSHA256 {
                print("VOID since \(status.voidedAt ?? ""): \(status.voidReason ?? "") — the files check out, but the draw is void")
            }
        }
    }

    struct Void: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Void a prepared or recorded draw (logged; listed publicly as 已作废); the month's redraw needs new public randomness.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Draw id.") var id: String
        @Option(help: "Why the draw is void.") var reason: String

        func run() throws {
            do { try DrawStore(database: try options.open()).void(id: id, reason: reason, now: .now, actor: "cli") }
            catch let error as DrawError { throw CLIError(error.description) }
            print("draw \(id) voided: \(reason)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List draws: prepared, valid and void.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let draws = try DrawStore(database: try options.open()).list()
            let header = ["编号", "月份", "基准日", "任务", "未分配", "公共随机数", "承诺摘要", "回执摘要", "状态"]
            var table = TextTable(header, rightAligned: [3, 4]), full = TextTable(header)
            for d in draws {
                table.add([d.id, d.month, d.asOf, "\(d.tasks)", "\(d.unassigned)", d.publicRandomness ?? "-", String((d.commitmentSHA256 ?? "-").prefix(16)),
                           String((d.receiptSHA256 ?? "-").prefix(16)), DrawCommand.statusLine(d)])
                full.add([d.id, d.month, d.asOf, "\(d.tasks)", "\(d.unassigned)", d.publicRandomness ?? "", d.commitmentSHA256 ?? "",
                          d.receiptSHA256 ?? "", DrawCommand.statusLine(d)])
            }
            try printListing(table, csv: full, json: draws, format: format)
        }
    }

    /// `valid`, `prepared` or `VOID since …: reason`.
    static func statusLine(_ d: DrawSummary) -> String {
        switch d.status {
        case .valid: "valid"
        case .prepared: "prepared (source: \(d.randomnessSource ?? ""))"
        case .void: "VOID \(d.voidedAt ?? ""): \(d.voidReason ?? "")"
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a draw's status, commitment, receipt and public list; --out writes its bundle again.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Draw id.") var id: String
        @Option(help: "Write the bundle (receipt, public/, audit/ with K) to this directory.") var out: String?

        func run() throws {
            let store = DrawStore(database: try options.open())
            let files: [String: [UInt8]], summary: DrawSummary
            do { (files, summary) = (try store.files(drawID: id), try store.summary(id: id)) }
            catch let error as DrawError { throw CLIError(error.description) }
            print("draw \(id): \(DrawCommand.statusLine(summary))")
            if let out { try DrawStore.write(files, to: out); print("wrote \(out)") }
            for path in [DrawFiles.commitment, DrawFiles.receipt] {
                if let bytes = files[path] { print("\(path):\n" + String(decoding: bytes, as: UTF8.self), terminator: "") }
            }
            if let selection = files[DrawFiles.publicSelection] {
                print("\(DrawFiles.publicSelection) (统一社会信用代码, 名称, 随机/定向, 定向依据, 抽查事项):")
                print(String(decoding: selection, as: UTF8.self), terminator: "")
            }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The sampling plan with, per class, the expected tasks this month and the chance of inspection within 12 months.")
        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "Date whose classification is used (default: today).") var asOf: String?
        @Option(help: "Sampling plan file.") var plan: String?
        @Option(help: "Write the 12-month inspection chance per class as an SVG chart to FILE.") var chart: String?
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let (samplingPlan, planText) = try options.rulesDirectory.samplingPlan(file: plan)
            let date = try parseAsOf(asOf)
            do {
                let preview = try DrawStore(database: try options.open()).preview(asOf: date, plan: samplingPlan, planText: planText)
                if format == .table {
                    print("抽查计划 \(samplingPlan.id) \(samplingPlan.version)——\(samplingPlan.source)")
                    print("基准日 \(date) 的检查对象名录：\(preview.frame) 户在营企业（分类批次 \(preview.runID)）")
                    print(Self.transparency(samplingPlan, strata: preview.strata))
                } else {
                    try printListing(Self.transparencyTable(samplingPlan, strata: preview.strata),
                                     json: PlanPreview(plan: samplingPlan, strata: preview.strata), format: format)
                }
                if let chart { try writeChart(.inspectionChance(InspectionChanceChart(PlanPreview(plan: samplingPlan, strata: preview.strata), asOf: date)), to: chart) }
            } catch let error as DrawError { throw CLIError(error.description) }
        }

        /// Per class: frame, eligible, expected tasks, and the chance an enterprise of the
        /// class is inspected at least once in 12 monthly draws, 1 − (1 − rate)^12.
        static func transparency(_ plan: SamplingPlan, strata: [StratumCount]) -> String {
            transparencyTable(plan, strata: strata).render() + "\n（随机抽查按类别比例；定向抽查针对投诉举报、大数据监测、转办交办和法律法规要求，适用于任何类别）"
        }

        static func transparencyTable(_ plan: SamplingPlan, strata: [StratumCount]) -> TextTable {
            var table = TextTable(["类别", "抽查比例", "最短间隔(月)", "名录", "可抽", "本月任务", "12个月内至少被抽查一次的概率"],
                                  rightAligned: [1, 2, 3, 4, 5, 6])
            for line in PlanPreview(plan: plan, strata: strata).classes {
                table.add([line.riskClass, Double(line.rate).map { String(format: "%g%%", $0 * 100) } ?? line.rate, "\(line.minimumIntervalMonths)", "\(line.frame)", "\(line.eligible)", "\(line.tasks)",
                           String(format: "%.1f%%", line.chanceWithin12Months * 100)])
            }
            return table
        }
    }
}
