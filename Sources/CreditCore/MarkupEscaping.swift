/// Text made safe inside XML or HTML (documents, pages, DOCX runs, SVG charts): `&`, `<`, `>`
/// and `"` become entities, and characters XML 1.0 forbids (C0 controls other than tab, LF and
/// CR; U+FFFE and U+FFFF) are replaced by `replacement`, or dropped when it is nil, so a stray
/// control character in stored data can never make the markup unreadable.
/// - Parameters:
///   - text: any text, e.g. an enterprise or agency name from an import.
///   - replacement: what a forbidden character becomes; nil drops it.
public func xmlEscaped(_ text: String, replacingForbiddenWith replacement: Unicode.Scalar? = nil) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
            if let replacement { out.unicodeScalars.append(replacement) }
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

extension String {
    /// The text with `escape` written before each scalar of `special`. Works scalar by scalar:
    /// a quote followed by an emoji modifier or a combining mark, or `\r\n`, is one `Character`
    /// that `replacingOccurrences` and `contains` do not see, but CSV readers and SQLite's
    /// parsers still do.
    public func escapingScalars(_ special: Set<Unicode.Scalar>, with escape: Unicode.Scalar) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if special.contains(scalar) { scalars.append(escape) }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
