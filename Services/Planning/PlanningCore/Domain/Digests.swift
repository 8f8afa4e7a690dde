import Crypto
import Foundation
import Messages

/// A SHA-256 digest read as a 256-bit big-endian number, for ordering candidates.
struct Rank: Comparable, Hashable, Sendable {
    var a: UInt64
    var b: UInt64
    var c: UInt64
    var d: UInt64

    init(_ digest: SHA256.Digest) {
        (a, b, c, d) = digest.withUnsafeBytes { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
    }

    static func < (lhs: Rank, rhs: Rank) -> Bool {
        (lhs.a, lhs.b, lhs.c, lhs.d) < (rhs.a, rhs.b, rhs.c, rhs.d)
    }
}

/// The hashing the draw rules name: ranks, pool digests, and the 128-bit modulo of RFC 3797.
public enum Digests {
    /// SHA-256(prefix ‖ s) for each string, as ranks.
    static func ranks(prefix: String, of strings: [String]) -> [Rank] {
        var base = SHA256()
        base.update(data: Array(prefix.utf8))
        return strings.map { string in
            var hasher = base
            update(&hasher, with: string)
            return Rank(hasher.finalize())
        }
    }

    /// Lowercase hex SHA-256 of `text` (UTF-8).
    public static func sha256Hex(_ text: String) -> String {
        Hex.string(SHA256.hash(data: Array(text.utf8)))
    }

    /// The pool digest: SHA-256 of every id in ascending UTF-8 order, each followed by `\n`, as lowercase hex.
    /// `ids` must already be in that order.
    public static func poolDigest(_ ids: [String]) -> String {
        var hasher = SHA256()
        let newline: [UInt8] = [0x0A]
        for id in ids {
            update(&hasher, with: id)
            hasher.update(data: newline)
        }
        return Hex.string(hasher.finalize())
    }

    /// The 16 (or more) digest bytes as an unsigned big-endian number, modulo `divisor` (> 0), by long division.
    static func bigEndianModulo(_ digest: some Sequence<UInt8>, _ divisor: Int) -> Int {
        let modulus = UInt64(max(divisor, 1))
        var remainder: UInt64 = 0
        for byte in digest {
            // remainder × 256 + byte, in 128 bits; its high half is below the modulus, as dividingFullWidth needs.
            let (high, low) = remainder.multipliedFullWidth(by: 256)
            let (sum, carry) = low.addingReportingOverflow(UInt64(byte))
            remainder = modulus.dividingFullWidth((high + (carry ? 1 : 0), sum)).remainder
        }
        return Int(remainder)
    }

    /// Ascending UTF-8 byte order: the order the pool is sorted in and digested (Python's `sorted` on str agrees).
    public static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func update(_ hasher: inout SHA256, with string: String) {
        var string = string
        string.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }
}
