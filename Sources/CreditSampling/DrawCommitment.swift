import CreditCore

/// A version-2 draw's commitment (`public/commitment.json`), published when the draw is
/// prepared — before the public randomness exists: the SHA-256 of every frozen input, of the
/// secret `K` and of the audit chain's head, and which future public value will be used.
public struct DrawCommitment: Sendable {
    public static let algorithm = "consistent-sampler-sha256/2"

    /// The file's bytes (canonical JSON and a line feed).
    public let bytes: [UInt8]
    public let document: JSONValue

    /// Commits to frozen inputs.
    /// - Parameters:
    ///   - salt: `K`; only its SHA-256 is written.
    ///   - auditHead: the audit chain's last hash when the draw is prepared.
    ///   - preparedAt: when it is prepared.
    ///   - randomnessSource: the future public value the run will use (a named lottery's draw
    ///     of a stated date, a beacon round), fixed now so it cannot be chosen later.
    public init(_ frozen: FrozenDraw, salt: DrawSalt, auditHead: String, preparedAt: Timestamp, randomnessSource: String) {
        self.init(document: Self.document(frozen, saltSHA256: salt.sha256, auditHead: auditHead, preparedAt: preparedAt.description,
                                          randomnessSource: randomnessSource))
    }

    init(document: JSONValue) {
        self.document = document
        bytes = DrawFiles.json(document)
    }

    /// Reads a stored or bundled commitment.
    public init(bytes: [UInt8]) throws(Unreadable) {
        guard let document = DrawFiles.parseJSON(bytes), case .object = document else {
            throw Unreadable()
        }
        self.bytes = bytes
        self.document = document
    }

    /// A commitment already parsed (the verifier's).
    init(bytes: [UInt8], document: JSONValue) {
        self.bytes = bytes
        self.document = document
    }

    /// The bytes are not a JSON object.
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var description: String { "commitment.json 不是 JSON 对象" }
    }

    /// The commitment's SHA-256, as the public page shows it and the receipt repeats it.
    public var sha256: String { DrawFiles.sha256(bytes) }

    public var randomnessSource: String { string("randomness_source") }
    public var saltSHA256: String { string("salt_sha256") }
    public var auditHead: String { string("audit_head_sha256") }
    public var preparedAt: String { string("prepared_at") }

    func string(_ key: String) -> String { if case .string(let s)? = document[key] { s } else { "" } }

    /// The commitment document of frozen inputs and the free values.
    static func document(_ frozen: FrozenDraw, saltSHA256: String, auditHead: String, preparedAt: String,
                         randomnessSource: String) -> JSONValue {
        var fields: [String: JSONValue] = [
            "algorithm": .string(algorithm), "draw_id": .string(frozen.drawID), "as_of": .string(frozen.asOf.description),
            "prepared_at": .string(preparedAt), "randomness_source": .string(randomnessSource),
            "salt_sha256": .string(saltSHA256), "audit_head_sha256": .string(auditHead),
        ]
        for (key, value, _) in frozen.committedValues { fields[key] = value }
        return .object(fields)
    }
}
