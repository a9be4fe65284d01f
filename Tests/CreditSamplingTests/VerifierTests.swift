import CreditCore
import CreditRules
import CreditSampling
import Foundation
import Testing

/// Two small consecutive version-2 draws (class strata only, to keep the receipts short);
/// the second chains to the first.
struct SmallBundles {
    static let text = planText.replacingOccurrences(of: "strata: [region]", with: "strata: []")
    let first: DrawBundle
    let second: DrawBundle

    init() throws {
        let frame = (0..<10).map { member($0, [.a, .b, .b, .c, .d][$0 % 5], region: $0 % 2 == 0 ? "130602" : "130606") }
        let roster = inspectors(2) + inspectors(2, area: "130606") + inspectors(1, area: nil)
        let plan = try plan(Self.text)
        first = draw(inputs(frame: frame, roster: roster, plan: plan, id: "2026-10", asOf: "2026-10-27", planText: Self.text), randomness: "27182")
        second = draw(inputs(frame: frame, roster: roster, plan: plan, conflicts: [("C130602-1", code(0))], triggers: [trigger(2, .complaint)],
                             previousReceipt: first.files[DrawFiles.receipt], planText: Self.text))
    }
}

/// A changed copy of a bundle's text file.
func edited(_ files: [String: [UInt8]], _ path: String, _ change: (String) -> String) -> [String: [UInt8]] {
    var files = files
    files[path] = Array(change(String(decoding: files[path]!, as: UTF8.self)).utf8)
    return files
}

/// The public assignment with the first task's two inspectors swapped.
func swappingInspectors(_ files: [String: [UInt8]]) -> [String: [UInt8]] {
    edited(files, DrawFiles.publicAssignment) { text in
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[0].split(separator: "\t").map(String.init)
        fields.swapAt(2, 3)
        lines[0] = fields.joined(separator: "\t")
        return lines.joined(separator: "\n")
    }
}

func failure(_ files: [String: [UInt8]], salt: DrawSalt? = nil) throws -> DrawVerifier.Failure {
    try #require(throws: DrawVerifier.Failure.self) { try DrawVerifier.verify(files, salt: salt) }
}

@Suite struct VerifierTests {
    @Test func passesOnAnHonestBundle() throws {
        let bundles = try SmallBundles()
        let verified = try DrawVerifier.verify(bundles.second.files)
        #expect(verified.tasks == bundles.second.tasks.count)
        #expect(verified.receiptSHA256 == bundles.second.receiptSHA256)
        #expect(verified.previousReceiptSHA256 == bundles.first.receiptSHA256)
        #expect(bundles.second.tasks.contains { $0.targeted })
        // K from the auditor instead of audit/salt.txt.
        var withoutSalt = bundles.second.files
        withoutSalt[DrawFiles.salt] = nil
        #expect(try DrawVerifier.verify(withoutSalt, salt: testSalt).receiptSHA256 == bundles.second.receiptSHA256)
        let missing = try failure(withoutSalt)
        #expect(missing.file == DrawFiles.salt)
    }

    /// Every single-byte change to every file of the bundle — inputs, outputs, commitment,
    /// both receipts, the previous receipt and K — is caught.
    @Test func failsOnEveryByteFlipOfEveryFile() throws {
        let files = try SmallBundles().second.files
        #expect(files.count == 16)
        for path in files.keys.sorted() {
            let original = files[path]!
            #expect(!original.isEmpty || path == DrawFiles.exclusions, "\(path)")
            for offset in original.indices {
                var tampered = files
                var bytes = original
                bytes[offset] ^= 0x01
                tampered[path] = bytes
                #expect(throws: DrawVerifier.Failure.self, "byte \(offset) of \(path)") { try DrawVerifier.verify(tampered) }
            }
        }
    }

    /// The edits that version 1's verifier let through (issue 14), each named by file, field
    /// or line, with both values.
    @Test func namesTamperedReceiptFields() throws {
        let files = try SmallBundles().second.files
        let previous = "\"previous_receipt_sha256\":\""
        var f = try failure(edited(files, DrawFiles.receipt) { $0.replacingOccurrences(of: previous, with: previous + "0") })
        #expect(f.file == DrawFiles.receipt && f.field == "previous_receipt_sha256" && f.expected != f.found && f.found != nil)
        f = try failure(edited(files, DrawFiles.receipt) { $0.replacingOccurrences(of: "previous_receipt_sha256", with: "previous_receipt_sha257") })
        #expect(f.file == DrawFiles.receipt && f.field == "previous_receipt_sha256" && f.found == nil)
        f = try failure(edited(files, DrawFiles.receipt) { $0.replacingOccurrences(of: "\"rules_sha256\":\"0", with: "\"rules_sha256\":\"1") })
        #expect(f.file == DrawFiles.receipt && f.field == "rules_sha256")
        f = try failure(edited(files, DrawFiles.receipt) { $0.replacingOccurrences(of: "2026-11-27", with: "2026-11-26") })
        #expect(f.file == DrawFiles.receipt && f.field == "as_of" && f.expected == "\"2026-11-27\"" && f.found == "\"2026-11-26\"")
        f = try failure(edited(files, DrawFiles.publicReceipt) { $0.replacingOccurrences(of: "\"receipt_sha256\":\"", with: "\"receipt_sha256\":\"f") })
        #expect(f.file == DrawFiles.publicReceipt && f.field == "receipt_sha256")
        f = try failure(edited(files, DrawFiles.publicReceipt) { $0.replacingOccurrences(of: "\"public_randomness\":\"31415\"", with: "\"public_randomness\":\"31416\"") })
        #expect(f.file == DrawFiles.publicReceipt && f.field == "public_randomness" && f.expected == "31415")
    }

    @Test func namesTamperedPublicLines() throws {
        let files = try SmallBundles().second.files
        // An inspector swapped on the public assignment.
        let swapped = swappingInspectors(files)
        var f = try failure(swapped)
        #expect(f.file == DrawFiles.publicAssignment && f.line == 1 && f.expected != nil && f.found != nil)
        // A name, and an inspection item, changed on the public selection.
        f = try failure(edited(files, DrawFiles.publicSelection) { $0.replacingOccurrences(of: "\t企业", with: "\t公司") })
        #expect(f.file == DrawFiles.publicSelection && f.line == 1)
        f = try failure(edited(files, DrawFiles.publicSelection) { $0.replacingOccurrences(of: "年度报告公示信息的检查", with: "食品安全检查") })
        #expect(f.file == DrawFiles.publicSelection)
        // Deleted public files.
        for path in [DrawFiles.publicReceipt, DrawFiles.publicAssignment, DrawFiles.publicSelection, DrawFiles.commitment] {
            var deleted = files
            deleted[path] = nil
            #expect(try failure(deleted).file == path, "\(path)")
        }
        // An added file would be published unchecked.
        var extra = files
        extra["public/extra.tsv"] = Array("x\n".utf8)
        #expect(try failure(extra).file == "public/extra.tsv")
    }

    @Test func checksKAgainstTheCommitment() throws {
        let files = try SmallBundles().second.files
        var other = SeededGenerator(seed: 99)
        let wrong = DrawSalt(using: &other)
        var withoutSalt = files
        withoutSalt[DrawFiles.salt] = nil
        let f = try failure(withoutSalt, salt: wrong)
        #expect(f.file == "--salt" && f.expected == testSalt.sha256 && f.found == wrong.sha256)
        // A forger who knows a K of their own rewrites salt.txt, the commitment's salt_sha256,
        // the receipt's… and is caught at the commitment, whose hash the receipt states.
        var forged = edited(files, DrawFiles.salt) { _ in wrong.hex + "\n" }
        forged = edited(forged, DrawFiles.commitment) { $0.replacingOccurrences(of: testSalt.sha256, with: wrong.sha256) }
        #expect(try failure(forged).file == DrawFiles.receipt)
        #expect(try failure(files, salt: wrong).file == DrawFiles.salt)
    }

    @Test func aForgerWhoAdjustsTheHashesIsStillCaughtByRecomputation() throws {
        let bundle = try SmallBundles().second
        var lines = text(bundle, DrawFiles.selection).split(separator: "\n").map(String.init)
        lines.swapAt(0, 1)
        let forged = Array((lines.joined(separator: "\n") + "\n").utf8)
        var files = bundle.files
        files[DrawFiles.selection] = forged
        files = edited(files, DrawFiles.receipt) {
            $0.replacingOccurrences(of: DrawFiles.sha256(bundle.files[DrawFiles.selection]!), with: DrawFiles.sha256(forged))
        }
        let f = try failure(files)
        #expect(f.file == DrawFiles.selection)
        #expect(f.line == 1)
    }

    /// The chain: the previous receipt must be another draw's.
    @Test func thePreviousReceiptIsAnotherDraws() throws {
        let bundles = try SmallBundles()
        let same = edited(bundles.first.files, DrawFiles.receipt) { $0.replacingOccurrences(of: "\"draw_id\":\"2026-10\"", with: "\"draw_id\":\"2026-11\"") }
        let frame = (0..<10).map { member($0, [.a, .b, .b, .c, .d][$0 % 5], region: $0 % 2 == 0 ? "130602" : "130606") }
        let chained = draw(inputs(frame: frame, roster: inspectors(3) + inspectors(3, area: "130606"), plan: try plan(SmallBundles.text),
                                  previousReceipt: same[DrawFiles.receipt], planText: SmallBundles.text))
        let f = try failure(chained.files)
        #expect(f.file == DrawFiles.previousReceipt && f.field == "draw_id" && f.found == "2026-11")
    }

    /// A prepared draw's commitment checks against its frozen inputs before anything is run.
    @Test func aPreparedBundleChecksItsCommitment() throws {
        let files = try SmallBundles().second.files.filter { DrawBundle.outputs.contains($0.key) == false && $0.key != DrawFiles.salt }
        let verified = try DrawVerifier.verify(files)
        #expect(!verified.isRun && verified.commitmentSHA256 != nil)
        let f = try failure(edited(files, DrawFiles.inspectors) { $0.replacingOccurrences(of: "检查员1", with: "检查员9") })
        #expect(f.file == DrawFiles.inspectors && f.field?.contains("inspectors_sha256") == true)
    }
}

/// Bundles written by version 1 (before commit-then-reveal) still verify.
@Suite struct Version1BundleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/draw-v1")

    func bundle(_ id: String) throws -> [String: [UInt8]] {
        let base = Self.fixtures.appendingPathComponent(id)
        var files: [String: [UInt8]] = [:]
        for sub in ["", "audit", "public"] {
            let folder = sub.isEmpty ? base : base.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !["audit", "public"].contains(name) {
                files[sub.isEmpty ? name : "\(sub)/\(name)"] = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            }
        }
        return files
    }

    @Test(arguments: ["2026-11", "2026-12"])
    func verifies(_ id: String) throws {
        let verified = try DrawVerifier.verify(try bundle(id))
        #expect(verified.drawID == id && verified.algorithm == DrawBundle.version1Algorithm)
        #expect(verified.tasks == (id == "2026-11" ? 16 : 13))
    }

    /// Edits the version-1 verifier let through are caught now.
    @Test func catchesWhatVersionOneMissed() throws {
        let files = try bundle("2026-12")
        let swapped = swappingInspectors(files)
        #expect(try failure(swapped).file == DrawFiles.publicAssignment)
        #expect(try failure(edited(files, DrawFiles.publicReceipt) { $0.replacingOccurrences(of: "\"receipt_sha256\":\"", with: "\"receipt_sha256\":\"0") }).file
                == DrawFiles.publicReceipt)
        var deleted = files
        deleted[DrawFiles.publicReceipt] = nil
        #expect(try failure(deleted).file == DrawFiles.publicReceipt)
        #expect(try failure(edited(files, DrawFiles.receipt) { $0.replacingOccurrences(of: "\"seed\":\"2026-12|27182\"", with: "\"seed\":\"2026-12|27183\"") }).field == "seed")
    }
}
