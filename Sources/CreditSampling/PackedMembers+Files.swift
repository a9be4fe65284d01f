import CreditCore
import Foundation

extension PackedMembers {
    /// The members a draw froze, read back from the `audit/frame.tsv` and
    /// `audit/enterprises.tsv` it wrote itself (one member a line in both, in code order):
    /// for the run of a draw whose inputs were not written since it was prepared
    /// (`FrozenDraw.stored`). Nil for files not in that layout.
    ///
    /// Not a verifier: only the layout is checked (four fields and three, the same code on
    /// the same line of both, a class), which is all reading them needs. The run uses them
    /// only after comparing the files with the commitment; `DrawVerifier` is what checks every
    /// field of files someone else wrote.
    public init?(frameFile frame: [UInt8], enterprisesFile enterprises: [UInt8]) {
        guard let (members, _) = Self.read(frameFile: frame, enterprisesFile: enterprises) else { return nil }
        self = members
    }

    /// `init?(frameFile:enterprisesFile:)` with each member's stratum as the frame file gives it
    /// (one `String` per distinct stratum, shared by its members).
    package static func read(frameFile frame: [UInt8], enterprisesFile enterprises: [UInt8]) -> (members: PackedMembers, strata: [String])? {
        // Classes by their letter's byte.
        var classOfByte = [RiskClass?](repeating: nil, count: 256)
        for riskClass in RiskClass.allCases { classOfByte[Int(riskClass.rawValue.utf8.first!)] = riskClass }
        return frame.withUnsafeBufferPointer { frame -> (PackedMembers, [String])? in
            enterprises.withUnsafeBufferPointer { enterprises -> (PackedMembers, [String])? in
                /// The position of the next `byte` in `text` from `start`, if any.
                func next(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
                    guard start < text.count, let found = memchr(text.baseAddress! + start, Int32(byte), text.count - start) else { return nil }
                    return text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
                var lines = 0, position = 0
                while let end = next(0x0A, in: frame, from: position) { lines += 1; position = end + 1 }
                guard position == frame.count else { return nil }
                // Written in place into buffers of their final size: a member's fields are the
                // enterprises line's bytes without its separators, so they take fewer bytes than
                // the file; appended field by field, the copies cost three times the reading.
                var classes: [RiskClass] = [], complete = true, bytes: [UInt8] = []
                classes.reserveCapacity(lines)
                // Strata are few: each distinct one is decoded once, its members share the String.
                var strata: [String] = [], known: [(bytes: [UInt8], name: String)] = []
                strata.reserveCapacity(lines)
                let ends = [Int](unsafeUninitializedCapacity: 4 * lines + 1) { ends, endsCount in
                    bytes = [UInt8](unsafeUninitializedCapacity: enterprises.count) { bytes, bytesCount in
                        var packed = 0, inFrame = 0, inEnterprises = 0
                        ends[0] = 0
                        func pack(_ from: Int, _ to: Int, at field: Int) {
                            if to > from { memcpy(bytes.baseAddress! + packed, enterprises.baseAddress! + from, to - from) }
                            packed += to - from
                            ends[field] = packed
                        }
                        for line in 0..<lines {
                            // enterprises.tsv: code, area, section, name; frame.tsv: code, class, stratum.
                            guard let codeEnd = next(0x09, in: enterprises, from: inEnterprises),
                                  let areaEnd = next(0x09, in: enterprises, from: codeEnd + 1),
                                  let sectionEnd = next(0x09, in: enterprises, from: areaEnd + 1),
                                  let lineEnd = next(0x0A, in: enterprises, from: sectionEnd + 1),
                                  inFrame + codeEnd - inEnterprises + 2 < frame.count,
                                  frame[inFrame + codeEnd - inEnterprises] == 0x09, frame[inFrame + codeEnd - inEnterprises + 2] == 0x09,
                                  memcmp(frame.baseAddress! + inFrame, enterprises.baseAddress! + inEnterprises, codeEnd - inEnterprises) == 0,
                                  let riskClass = classOfByte[Int(frame[inFrame + codeEnd - inEnterprises + 1])],
                                  let frameLineEnd = next(0x0A, in: frame, from: inFrame + codeEnd - inEnterprises + 3) else {
                                complete = false
                                break
                            }
                            // A member's fields in PackedMembers' order: code, name, area, section.
                            pack(inEnterprises, codeEnd, at: 4 * line + 1)
                            pack(sectionEnd + 1, lineEnd, at: 4 * line + 2)
                            pack(codeEnd + 1, areaEnd, at: 4 * line + 3)
                            pack(areaEnd + 1, sectionEnd, at: 4 * line + 4)
                            classes.append(riskClass)
                            let stratum = UnsafeBufferPointer(rebasing: frame[(inFrame + codeEnd - inEnterprises + 3)..<frameLineEnd])
                            if let shared = known.first(where: { $0.bytes.elementsEqual(stratum) }) {
                                strata.append(shared.name)
                            } else {
                                known.append((Array(stratum), String(decoding: stratum, as: UTF8.self)))
                                strata.append(known.last!.name)
                            }
                            inFrame = frameLineEnd + 1; inEnterprises = lineEnd + 1
                        }
                        complete = complete && inEnterprises == enterprises.count
                        bytesCount = packed
                    }
                    endsCount = complete ? 4 * lines + 1 : 0
                }
                guard complete else { return nil }
                return (PackedMembers(bytes: bytes, ends: ends, rows: (0..<Int32(lines)).map { $0 }, classes: classes), strata)
            }
        }
    }
}
