import CreditStore
import Foundation
import Testing

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

    @Test func reportsAnUnclosedQuoteWithItsLine() throws {
        #expect(throws: CSVProblem.self) { try rows("a,b\n1,\"open\n2,3\n") }
        do { _ = try rows("a,b\n1,\"open\n2,3\n") } catch let problem as CSVProblem { #expect(problem.line == 2) }
    }
}

@Suite struct TextDecodingTests {
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
func gb18030(_ text: String) -> [UInt8]? {
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
