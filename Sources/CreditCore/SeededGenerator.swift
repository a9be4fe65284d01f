/// SplitMix64: a small, fast, seeded generator. Its output is fixed by the seed on every
/// platform and Swift version, which `SystemRandomNumberGenerator` and the standard
/// library's range sampling do not promise; use `int(below:)` for reproducible draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<n` (n > 0), by multiply-shift (Lemire), stable across platforms.
    public mutating func int(below n: Int) -> Int {
        Int((UInt128(next()) &* UInt128(n)) >> 64)
    }

    /// True with probability `perMille / 1000`.
    public mutating func chance(perMille: Int) -> Bool { int(below: 1000) < perMille }

    /// An element chosen by integer weights.
    public mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var pick = int(below: total)
        for (value, weight) in choices {
            if pick < weight { return value }
            pick -= weight
        }
        return choices[choices.count - 1].0
    }

    public mutating func element<T>(_ array: [T]) -> T { array[int(below: array.count)] }
}
