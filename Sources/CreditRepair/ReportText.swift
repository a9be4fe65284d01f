import Foundation
import ZIPFoundation

/// Reads the report number printed in a presented report file (HTML or DOCX), to tell an
/// altered copy of an issued report from a file the register has never seen.
public enum ReportText {
    /// The first `PREFIX〔YYYY〕N号` in the file's text, if any.
    public static func number(in bytes: Data, prefix: String) -> String? {
        let text = bytes.starts(with: [0x50, 0x4B]) ? docxText(bytes) : String(decoding: bytes, as: UTF8.self)
        guard let text, let start = text.range(of: prefix + "〔") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: "号"), text.distance(from: start.lowerBound, to: end) < 40 else { return nil }
        return String(text[start.lowerBound...end])
    }

    /// The text of a DOCX's main part (runs concatenated), or nil when it is not one. The
    /// part's size is capped before it is read, so a crafted archive cannot exhaust memory.
    static func docxText(_ bytes: Data) -> String? {
        let archive: Archive
        do { archive = try Archive(data: bytes, accessMode: .read) } catch { return nil }
        guard let entry = archive["word/document.xml"], entry.uncompressedSize <= 16 << 20 else { return nil }
        var xml = Data()
        guard (try? archive.extract(entry, consumer: { xml.append($0) })) != nil, xml.count <= 16 << 20 else { return nil }
        return String(decoding: xml, as: UTF8.self).replacing(/<[^>]*>/, with: "")
    }
}
