import ArgumentParser
import CreditCore
import CreditIngest
import CreditSynthetic
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic city in the data-format.md files, or in the shape of real exports (for demos, tests and benchmarks).",
        discussion: """
            --profile writes the files a profile describes in that export's shape (header, coded values, unit, quirks),
            named after the profile (e.g. 双公示2019-处罚.csv), so that an import picks the profile by the header.
            A family prefix selects every profile of the family (--profile 双公示2019).
            """)

    @Option(help: "Number of enterprises.") var enterprises = 5_000
    @Option(help: "Random seed: the same seed gives the same files.") var seed: UInt64 = 2023
    @Option(help: "Output directory.") var out: String
    @Option(name: .customLong("as-of"), help: "Last decision date generated (YYYY-MM-DD).") var asOf = "2026-10-31"
    @Option(help: "Write these files in an import profile's shape (a profile name, file name, or family prefix; repeatable).")
    var profile: [String] = []
    @Option(help: "File format: csv or xlsx.") var format: FileFormat = .csv
    @Option(help: "classic (this generator's own shape, as in SampleData/) or realistic (codes in no particular order, every optional column filled, natural persons, hundreds of agencies, long 违法事实: what real exports look like).")
    var mode: SyntheticCity.Mode = .classic
    @Option(help: "Text encoding of CSV files: utf8 or gb18030 (what Excel writes on Chinese Windows).")
    var encoding: SourceEncodingArgument?
    @OptionGroup var rules: RulesOption

    enum FileFormat: String, ExpressibleByArgument, CaseIterable { case csv, xlsx }

    func validate() throws {
        guard enterprises > 0 else { throw ValidationError("--enterprises must be positive") }
        guard CalendarDate(iso: asOf) != nil else { throw ValidationError("--as-of '\(asOf)' is not YYYY-MM-DD") }
        if format == .xlsx, encoding != nil { throw ValidationError("--encoding applies to CSV files only") }
    }

    func run() throws {
        let catalog = RulesDirectory(path: rules.rules).profiles()
        var formats: [ProfileFormat] = []
        for name in profile {
            let family = catalog.profiles.filter { $0.name.hasPrefix(name) }
            let chosen = catalog.named(name).map { [$0] } ?? family
            guard !chosen.isEmpty else {
                throw ValidationError("no import profile '\(name)' (known: \(catalog.profiles.map(\.name).joined(separator: ", ")))")
            }
            formats += chosen.map(ProfileFormat.init)
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: (out as NSString).appendingPathComponent("corrections"), withIntermediateDirectories: true)
        let ext = format.rawValue
        /// Where each generated file goes, and in which shape.
        struct Target { var path: String; var shape: ProfileFormat? }
        var targets: [SyntheticCity.File: Target] = [:]
        for file in SyntheticCity.File.allCases {
            let shape = file == .penaltyCorrections ? nil : formats.first { $0.formats(file) }
            let base = shape.map { $0.profile.name + "." + ext } ?? ((file.rawValue as NSString).deletingPathExtension + "." + ext)
            targets[file] = Target(path: (out as NSString).appendingPathComponent(base), shape: shape)
        }
        let writer = try FileWriter(targets: targets.mapValues(\.path), format: format, encoding: encoding?.value ?? .utf8)
        let city = SyntheticCity(enterpriseCount: enterprises, seed: seed, asOf: CalendarDate(iso: asOf)!, mode: mode)
        var canonicalHeaders: [SyntheticCity.File: [String]] = [:]
        var lines = 0
        city.generate { file, fields in
            guard let target = targets[file] else { return }
            var row = fields
            if let shape = target.shape {
                if let header = canonicalHeaders[file] {
                    guard let shaped = shape.row(fields, canonicalHeader: header) else { return }
                    row = shaped
                } else {
                    canonicalHeaders[file] = fields
                    row = shape.header
                }
            }
            writer.append(file, row)
            lines += 1
        }
        try writer.finish()
        let shaped = formats.isEmpty ? "" : " (\(formats.map(\.profile.name).joined(separator: ", ")) in their export shapes)"
        print("wrote \(lines) lines for \(enterprises) enterprises into \(out) as \(ext)\(shaped) (seed \(seed))")
    }
}

/// `--rules DIR` alone (the generator reads import profiles, not a database).
struct RulesOption: ParsableArguments {
    @Option(name: .long, help: "The rules directory (import profiles).")
    var rules: String = RulesDirectory.defaultPath
}

/// The generator's output files: CSV lines streamed to disk (UTF-8 or GB18030), or rows kept
/// for an Excel workbook written at the end.
final class FileWriter {
    private let format: GenerateCommand.FileFormat
    private let encoding: SourceEncoding
    private var handles: [SyntheticCity.File: FileHandle] = [:]
    private var buffers: [SyntheticCity.File: [UInt8]] = [:]
    private var sheets: [SyntheticCity.File: [[String]]] = [:]
    private let paths: [SyntheticCity.File: String]

    init(targets: [SyntheticCity.File: String], format: GenerateCommand.FileFormat, encoding: SourceEncoding) throws {
        paths = targets
        self.format = format
        self.encoding = encoding
        guard format == .csv else { return }
        for (file, path) in targets {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CLIError("cannot create \(path)") }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("cannot write \(path)") }
            handles[file] = handle
            buffers[file] = []
        }
    }

    func append(_ file: SyntheticCity.File, _ row: [String]) {
        if format == .xlsx { sheets[file, default: []].append(row); return }
        buffers[file]!.append(contentsOf: SyntheticCity.csv(row).utf8)
        if buffers[file]!.count > 1 << 20 { flush(file) }
    }

    private func flush(_ file: SyntheticCity.File) {
        let bytes = buffers[file]!
        // Line by line both encodings agree on the line breaks, so chunks convert alone.
        let encoded = encoding == .gb18030 ? (TextDecoding.gb18030Bytes(fromUTF8: bytes) ?? bytes) : bytes
        handles[file]!.write(Data(encoded))
        buffers[file]!.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        if format == .xlsx {
            for (file, path) in paths {
                try XLSXWriter.workbook(sheets[file] ?? []).write(to: URL(fileURLWithPath: path))
            }
            return
        }
        for (file, handle) in handles {
            flush(file)
            try handle.close()
        }
    }
}

extension SyntheticCity.Mode: ExpressibleByArgument {}
