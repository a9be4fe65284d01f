import ArgumentParser
import CreditCore
import CreditSynthetic
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic city in the data-format.md files (for demos and benchmarks).")

    @Option(help: "Number of enterprises.") var enterprises = 5_000
    @Option(help: "Random seed: the same seed gives the same files.") var seed: UInt64 = 2023
    @Option(help: "Output directory.") var out: String
    @Option(name: .customLong("as-of"), help: "Last decision date generated (YYYY-MM-DD).") var asOf = "2026-10-31"

    func validate() throws {
        guard enterprises > 0 else { throw ValidationError("--enterprises must be positive") }
        guard CalendarDate(iso: asOf) != nil else { throw ValidationError("--as-of '\(asOf)' is not YYYY-MM-DD") }
    }

    func run() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: (out as NSString).appendingPathComponent("corrections"), withIntermediateDirectories: true)
        var buffers: [SyntheticCity.File: [UInt8]] = [:]
        var handles: [SyntheticCity.File: FileHandle] = [:]
        for file in SyntheticCity.File.allCases {
            let path = (out as NSString).appendingPathComponent(file.rawValue)
            guard fm.createFile(atPath: path, contents: nil) else { throw CLIError("cannot create \(path)") }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("cannot write \(path)") }
            handles[file] = handle
            buffers[file] = []
        }
        let city = SyntheticCity(enterpriseCount: enterprises, seed: seed, asOf: CalendarDate(iso: asOf)!)
        var lines = 0
        city.generate { file, line in
            buffers[file]!.append(contentsOf: line.utf8)
            lines += 1
            if buffers[file]!.count > 1 << 20 {
                handles[file]!.write(Data(buffers[file]!))
                buffers[file]!.removeAll(keepingCapacity: true)
            }
        }
        for (file, handle) in handles {
            handle.write(Data(buffers[file]!))
            try handle.close()
        }
        print("wrote \(lines) lines for \(enterprises) enterprises into \(out) (seed \(seed))")
    }
}
