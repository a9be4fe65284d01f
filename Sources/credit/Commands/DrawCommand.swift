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
        abstract: "双随机、一公开: verifiable per-class draws of enterprises and inspectors, publication and results.",
        subcommands: [Run.self, Verify.self, Void.self, List.self, Show.self, Plan.self, Results.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run and record a draw (immutable), writing DIR/receipt.json, DIR/public/ and DIR/audit/.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Draw id, e.g. 2026-11.") var id: String
        @Option(help: "A public random value announced before it was known (beacon round, lottery result).") var randomness: String
        @Option(name: .customLong("as-of"), help: "Draw date (default: today).") var asOf: String?
        @Option(help: "Sampling plan file (default: RULES/sampling.yaml).") var plan: String?
        @Option(help: "Output directory (default: draws/ID).") var out: String?

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("--id must be letters, digits, '-', '_' or '.'")
            }
            guard !randomness.trimmingDataWhitespace().isEmpty else { throw ValidationError("--randomness must not be empty") }
        }

        func run() throws {
            let database = try options.open()
            let date = try parseAsOf(asOf)
            let (samplingPlan, planText) = try options.rulesDirectory.samplingPlan(file: plan)
            let store = DrawStore(database: database)
            do {
                try store.checkNewDraw(id: id, month: CalendarMonth(date), randomness: randomness)
                let started = Date()
                let (inputs, runID, unclassified) = try store.inputs(drawID: id, publicRandomness: randomness, asOf: date,
                                                                     plan: samplingPlan, planText: planText)
                let bundle = DrawBundle.build(inputs)
                try store.record(bundle, inputs: inputs, runID: runID, now: .now, actor: "cli")
                let directory = out ?? "draws/\(id)"
                try DrawStore.write(bundle.files, to: directory)
                let seconds = Date().timeIntervalSince(started)
                print("draw \(id) as of \(date): seed \"\(inputs.seed)\", frame \(inputs.frame.count) enterprises (classification run \(runID))"
                      + (unclassified > 0 ? ", \(unclassified) active enterprises without a class left out (classify again)" : ""))
                print(Plan.transparency(samplingPlan, strata: bundle.strata))
                let targeted = bundle.tasks.filter(\.targeted).count
                let unassigned = bundle.assignments.filter { if case .unassigned = $0 { true } else { false } }.count
                print("\n\(bundle.tasks.count) tasks (\(bundle.tasks.count - targeted) random, \(targeted) targeted A-class), \(bundle.exclusions.count) excluded by the minimum interval, \(unassigned) unassigned")
                let unassignedTasks = zip(bundle.tasks, bundle.assignments).compactMap { task, assignment -> String? in
                    if case .unassigned(let reason) = assignment { return "  UNASSIGNED \(task.uscc): \(reason)" }
                    return nil
                }
                for line in unassignedTasks.prefix(10) { print(line) }
                if unassignedTasks.count > 10 { print("  … \(unassignedTasks.count - 10) more in \(out ?? "draws/\(id)")/audit/assignment.tsv") }
                print("receipt sha256 \(bundle.receiptSHA256) (previous \(inputs.previousReceiptSHA256 ?? "none"))")
                print("wrote \(directory)/receipt.json, \(directory)/public/, \(directory)/audit/ in \(String(format: "%.1f", seconds)) s")
            } catch let error as DrawError {
                throw CLIError(error.description)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a draw from DIR/audit and DIR/receipt.json; exit 1 naming the first difference.")
        @Argument(help: "The draw directory.") var directory: String

        func run() throws {
            let files = try DrawStore.read(directory: directory)
            do {
                let started = Date()
                let verified = try DrawVerifier.verify(files)
                print("draw \(verified.drawID) verified: \(verified.frameCount) frame members, \(verified.tasks) tasks; receipt sha256 \(verified.receiptSHA256) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            } catch {
                printError("verification FAILED: \(error.description)")
                throw ExitCode.failure
            }
        }
    }

    struct Void: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Void a draw (logged); the month's redraw needs new public randomness.")
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
        static let configuration = CommandConfiguration(abstract: "List recorded draws.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            let draws = try DrawStore(database: try options.open()).list()
            if format == .json { try printJSON(draws); return }
            var table = TextTable(["id", "month", "as_of", "tasks", "unassigned", "randomness", "receipt", "status"], rightAligned: [3, 4])
            for d in draws {
                table.add([d.id, d.month, d.asOf, "\(d.tasks)", "\(d.unassigned)", d.publicRandomness, String(d.receiptSHA256.prefix(16)),
                           d.voidedAt.map { "VOID \($0): \(d.voidReason ?? "")" } ?? "valid"])
            }
            print(table.render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a draw's receipt and public list; --out rewrites its bundle.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Draw id.") var id: String
        @Option(help: "Write the bundle (receipt, public/, audit/) to this directory.") var out: String?

        func run() throws {
            let files: [String: [UInt8]]
            do { files = try DrawStore(database: try options.open()).files(drawID: id) } catch let error as DrawError { throw CLIError(error.description) }
            if let out { try DrawStore.write(files, to: out); print("wrote \(out)") }
            print(String(decoding: files["receipt.json"] ?? [], as: UTF8.self))
            print("public/selection.tsv (统一社会信用代码, 名称, ticket, random/targeted, 抽查事项):")
            print(String(decoding: files["public/selection.tsv"] ?? [], as: UTF8.self), terminator: "")
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The sampling plan with, per class, the expected tasks this month and the chance of inspection within 12 months.")
        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "Date whose classification is used (default: today).") var asOf: String?
        @Option(help: "Sampling plan file.") var plan: String?
        @Option(help: "Write the 12-month inspection chance per class as an SVG chart to FILE.") var chart: String?

        func run() throws {
            let (samplingPlan, planText) = try options.rulesDirectory.samplingPlan(file: plan)
            let date = try parseAsOf(asOf)
            let store = DrawStore(database: try options.open())
            do {
                let (inputs, runID, _) = try store.inputs(drawID: "preview", publicRandomness: "preview", asOf: date, plan: samplingPlan, planText: planText)
                let bundleStrata = PlanPreview.counts(inputs)
                print("plan \(samplingPlan.id) \(samplingPlan.version) — \(samplingPlan.source)")
                print("frame as of \(date): \(inputs.frame.count) active enterprises (classification run \(runID))")
                print(Self.transparency(samplingPlan, strata: bundleStrata))
                if let chart { try writeChart(.inspectionChance(InspectionChanceChart(PlanPreview(plan: samplingPlan, strata: bundleStrata), asOf: date)), to: chart) }
            } catch let error as DrawError { throw CLIError(error.description) }
        }

        /// Per class: frame, eligible, expected tasks, and the chance an enterprise of the
        /// class is inspected at least once in 12 monthly draws, 1 − (1 − rate)^12.
        static func transparency(_ plan: SamplingPlan, strata: [StratumCount]) -> String {
            var table = TextTable(["类别", "抽查比例", "最短间隔(月)", "名录", "可抽", "本月任务", "12个月内至少被抽查一次的概率"],
                                  rightAligned: [1, 2, 3, 4, 5, 6])
            for line in PlanPreview(plan: plan, strata: strata).classes {
                table.add([line.riskClass, line.rate, "\(line.minimumIntervalMonths)", "\(line.frame)", "\(line.eligible)", "\(line.tasks)",
                           String(format: "%.1f%%", line.chanceWithin12Months * 100)])
            }
            return table.render() + "\n(class A: 非请勿扰 — random checks only at the reduced rate, plus targeted checks on complaints, big-data hits, referrals and legal requirements)"
        }
    }
}
