import Foundation
import Messages

/// Shapes of identifiers the service accepts.
enum Validation {
    /// A unified social credit code's shape (GB 32100): 18 characters from `0-9A-HJ-NPQRTUWXY`. The catalog checks
    /// the check character when it registers entities; a clue may name an entity the catalog does not know yet.
    static func isUSCC(_ text: String) -> Bool {
        text.utf8.count == 18 && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "H"), UInt8(ascii: "J")...UInt8(ascii: "N"): true
            case UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "R"), UInt8(ascii: "T"), UInt8(ascii: "U"), UInt8(ascii: "W"), UInt8(ascii: "X"),
                UInt8(ascii: "Y"):
                true
            default: false
            }
        }
    }

    static func uscc(_ text: String, field: String) throws {
        guard isUSCC(text) else {
            throw ReferralError.invalidArgument(
                field: field, "\(field) \(text.debugDescription) is not a unified social credit code: 18 characters from 0-9A-HJ-NPQRTUWXY")
        }
    }

    /// A document or attachment digest, normalised to `sha256:<64 lowercase hex>`; accepts the bare 64 hex digits.
    static func digest(_ text: String, field: String) throws -> String {
        let hex = (text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text).lowercased()
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw ReferralError.invalidArgument(field: field, "\(field) must be a SHA-256 digest: sha256:<64 hex digits>, got \(text.debugDescription)")
        }
        return "sha256:" + hex
    }

    /// `text` without the white space around it: Unicode's, so full-width U+3000 and line breaks too.
    static func trimmed(_ text: String) -> String { text.trimmed(while: \.isWhitespace) }

    /// Trimmed text, or `missing` naming the field.
    static func text(_ value: String?, field: String, max: Int = 10_000) throws -> String {
        let trimmed = value.map(Self.trimmed) ?? ""
        guard !trimmed.isEmpty else { throw ReferralError.missing(field) }
        guard trimmed.count <= max else { throw ReferralError.invalidArgument(field: field, "\(field) is longer than \(max) characters") }
        return trimmed
    }
}
