import CreditCore
@testable import CreditIngest
@testable import CreditStore
import Foundation
import Synchronization
import Testing
import CreditTestSupport

@Suite struct CSVReaderTests {
    func rows(_ text: String) throws -> [CSVRow] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var result: [CSVRow] = []
        while let row = try reader.next() { result.append(row) }
        return result
    }

    @Test func readsQuotedCommasQuotesAndNewlines() throws {
        let rows = try rows("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line1\nline2\"\nlast,,\n")
        #expect(rows.count == 3)
        #expect(rows[1].fields == ["x, y", "say \"hi\"", "line1\nline2"])
        #expect(rows[2].fields == ["last", "", ""])
        #expect(rows[2].line == 4)  // the quoted newline moved it one line down
    }

    @Test func handlesCRLFAndBlankLinesAndTrimsFullWidthSpaces() throws {
        let rows = try rows("a,b\r\n\r\n\u{3000}名称\u{3000}, 2 \r\n")
        #expect(rows.count == 2)
        #expect(rows[1].fields == ["名称", "2"])
        #expect(rows[1].line == 3)
    }

    /// Random rows written the RFC 4180 way (fields with separators, quotes or line breaks
    /// quoted, some others quoted anyway, spaces around fields, LF or CRLF, blank lines between
    /// rows) read back field for field, each row at the line it starts on.
    @Test func readsBackRandomRowsWrittenAsCSV() throws {
        var generator = SeededGenerator(seed: 20261127)
        let pieces = ["a", "Z9", "保定", "有限公司", " ", "\u{3000}", ",", "\"", "\n", "\r\n", "x y", "-", "（注）"]
        var text = "", expected: [(line: Int, fields: [String])] = [], line = 1
        for _ in 0..<400 {
            if Int.random(in: 0..<6, using: &generator) == 0 { text += "\n"; line += 1 }  // a blank line
            var fields: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                var field = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                field = field.trimmingCharacters(in: CharacterSet(charactersIn: " \u{3000}\r\n"))
                fields.append(field)
            }
            if fields == [""] { fields = ["x"] }  // a lone empty field is a blank line
            expected.append((line, fields))
            let cells = fields.map { field -> String in
                let quote = field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) || Bool.random(using: &generator)
                let cell = quote ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                return Bool.random(using: &generator) ? " " + cell + " " : cell
            }
            text += cells.joined(separator: ",") + (Bool.random(using: &generator) ? "\n" : "\r\n")
            line += 1 + fields.map { $0.filter { $0 == "\n" || $0 == "\r\n" }.count }.reduce(0, +)
        }
        let read = try rows(text)
        #expect(read.count == expected.count)
        for (row, want) in zip(read, expected) {
            #expect(row.fields == want.fields)
            #expect(row.line == want.line)
        }
    }

    @Test func reportsAnUnclosedQuoteWithItsLine() throws {
        #expect(throws: CSVProblem.self) { try rows("a,b\n1,\"open\n2,3\n") }
        do { _ = try rows("a,b\n1,\"open\n2,3\n") } catch let problem as CSVProblem { #expect(problem.line == 2) }
    }
}

@Suite struct TextDecodingTests {
    /// The validator agrees with the standard library on random text with random damage
    /// (truncated, overlong, surrogate and stray bytes), and finds the first bad byte.
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        var generator = SeededGenerator(seed: 7)
        let samples = ["保定市市场监督管理局", "a,b\n", "𠀀𝄞", "é", "（注）", "12345678", "\u{3000}"].map { Array($0.utf8) }
        let damage: [[UInt8]] = [[0xE4, 0xBF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { bytes += samples.randomElement(using: &generator)! }
            var firstDamage: Int?
            if Bool.random(using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                // Only at a character boundary, so the bad sequence starts exactly there.
                if at == bytes.count || bytes[at] & 0xC0 != 0x80 {
                    bytes.insert(contentsOf: damage.randomElement(using: &generator)!, at: at)
                    firstDamage = at
                }
            }
            let result = TextDecoding.firstInvalidUTF8(bytes)
            #expect((result.offset == nil) == (String(validating: bytes, as: UTF8.self) != nil))
            if let firstDamage { #expect(result.offset == firstDamage, "\(bytes)") }
        }
    }

    @Test func detectsGB18030AndConvertsExactly() throws {
        let text = "名称,日期\n保定示例有限公司,2025年3月1日\n"
        let gb = try #require(gb18030(text))
        #expect(gb != Array(text.utf8))
        let decoded = try TextDecoding.utf8Bytes(gb)
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
    }

    @Test func stripsTheUTF8ByteOrderMark() throws {
        let decoded = try TextDecoding.utf8Bytes([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8))
        #expect(decoded.bytes == Array("a,b\n".utf8))
        #expect(decoded.encoding == .utf8)
    }

    @Test func namesTheLineOfADamagedUTF8Sequence() throws {
        let bytes = Array("名称\n好\n".utf8) + [0xE5, 0x41] + Array("\n".utf8)
        #expect(throws: EncodingProblem.self) { try TextDecoding.utf8Bytes(bytes) }
        do { _ = try TextDecoding.utf8Bytes(bytes) } catch { #expect(error.line == 3) }
    }

    @Test func forcedUTF8RejectsAGB18030File() throws {
        let gb = try #require(gb18030("名称\n"))
        #expect(throws: EncodingProblem.self) { try TextDecoding.utf8Bytes(gb, forced: .utf8) }
    }
}

/// Converts with the system's iconv command, independent of the code under test.
func gb18030(_ text: String) -> [UInt8]? { systemGB18030(text) }

/// Converts with the system's iconv command, independent of the code under test.
func systemGB18030(_ text: String) -> [UInt8]? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    guard (try? process.run()) != nil else { return nil }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? [UInt8](data) : nil
}

@Suite struct FilePreparationTests {
    /// What `take` hands the importer, reduced to comparable values.
    func summary(_ prepared: PreparedFile) -> String {
        switch prepared {
        case .unreadable(let reason): "unreadable \(reason)"
        case .text(let text, let sha, let size):
            "\(text.encoding) \(size) \(sha) \(String(decoding: text.bytes, as: UTF8.self))" + (text.damage.map { " damaged \($0)" } ?? "")
        case .sheet(let rows, let sha, let size): "xlsx \(size) \(sha) \(rows.map(\.fields))"
        }
    }

    /// Files prepared ahead in the background come out as preparing each on the spot does:
    /// a large one, the small ones before it, a GB18030 one, a broken one and a missing one.
    @Test func preparingAheadGivesWhatPreparingEachOnTheSpotGives() throws {
        let folder = try TemporaryFolder()
        let large = String(repeating: "保定示例有限公司,91130602MA0000001X\n", count: Importer.parallelParsingSize / 40 + 1)
        let paths = [
            try folder.write("a.csv", "名称\n甲\n"),
            try folder.write("b.csv", bytes: try #require(gb18030("名称\n乙\n"))),
            try folder.write("c.csv", bytes: Array("名称\n".utf8) + [0xE4, 0xB8] + Array("\n".utf8) + Array("名称\n".utf8) + [0xFF]),
            folder.path("missing.csv"),
            try folder.write("large.csv", large),
            try folder.write("d.csv", "名称\n丁\n"),
        ]
        let expected = paths.map { summary(PreparedFile.prepare($0, encoding: nil, hashAlongside: true)) }
        #expect(expected[1].hasPrefix("gb18030"))
        #expect(expected[2].hasSuffix("damaged line 2: invalid UTF-8 byte sequence (use --encoding to override detection)"))
        #expect(expected[3] == "unreadable cannot be read")
        #expect(expected[4].hasPrefix("utf8 \(large.utf8.count) "))

        let preparations = FilePreparations(paths: paths, encoding: nil)
        var taken: [String] = []
        for index in paths.indices {
            taken.append(summary(preparations.take(index)))
            preparations.startAhead(of: index)  // files after it start in the background
        }
        #expect(taken == expected)
        // Taken without any background start, each is prepared on the spot.
        let unstarted = FilePreparations(paths: paths, encoding: nil)
        #expect(paths.indices.map { summary(unstarted.take($0)) } == expected)
    }

    /// A background start and `take` racing for the same file: whichever claims it prepares
    /// it, and `take` always gets it.
    @Test func takeRacingABackgroundStartGetsTheFile() throws {
        let folder = try TemporaryFolder()
        let paths = [try folder.write("a.csv", "名称\n甲\n"), try folder.write("b.csv", "名称\n乙\n")]
        let expected = paths.map { summary(PreparedFile.prepare($0, encoding: nil, hashAlongside: true)) }
        for _ in 0..<300 {
            let preparations = FilePreparations(paths: paths, encoding: nil)
            let taken = Mutex<String?>(nil)
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                if worker == 0 { preparations.startAhead(of: -1) } else { taken.withLock { $0 = summary(preparations.take(0)) } }
            }
            #expect(taken.withLock { $0 } == expected[0])
            #expect(summary(preparations.take(1)) == expected[1])
        }
    }
}
