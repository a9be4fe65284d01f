/// Values for a few enterprises of the register (listings and commitments, repair
/// exclusions), found while the snapshot visits every enterprise in code order: a walk along
/// the values sorted by code instead of a hash lookup per enterprise. A million lookups of
/// 18-byte code strings in a table of ~80,000 missed the cache on every probed key (each a heap
/// string compared with `memcmp`) and took about a second of a classification's CPU.
struct CodeOrderedValues<Value: Sendable>: Sendable {
    private let codes: [ClassificationSource.CodeKey]
    private let values: [Value]
    /// The first entry not yet passed by the walk.
    private var next = 0

    /// - Parameter byCode: values by enterprise code; a code that is not 18 bytes long can be
    ///   no register entry's and is left out.
    init(_ byCode: [String: Value]) {
        var entries: [(code: ClassificationSource.CodeKey, value: Value)] = []
        entries.reserveCapacity(byCode.count)
        for (code, value) in byCode {
            var text = code  // `withUTF8` is mutating: it may first make the string's bytes contiguous.
            guard let key = text.withUTF8({ ClassificationSource.CodeKey($0) }) else { continue }
            entries.append((key, value))
        }
        entries.sort { $0.code < $1.code }
        codes = entries.map(\.code)
        values = entries.map(\.value)
    }

    var isEmpty: Bool { codes.isEmpty }

    /// The value for `code`. Codes must be asked for in ascending order (a code lower than the
    /// last one asked for is not found).
    mutating func value(for code: ClassificationSource.CodeKey) -> Value? {
        while next < codes.count, codes[next] < code { next += 1 }
        guard next < codes.count, codes[next] == code else { return nil }
        return values[next]
    }
}
