import Foundation

/// Shapes of identifiers and codes the catalog accepts, each check returning a reason or nil.
public enum Validation {
    /// Department codes: `hy-market` — lowercase letters, digits, hyphens; 1…64 characters.
    public static func deptCode(_ text: String) -> String? {
        matches(text, max: 64, first: lowerDigit, rest: lowerDigitHyphen) ? nil
            : "must be 1…64 lowercase letters, digits or hyphens, starting with a letter or digit (e.g. hy-market)"
    }

    /// Item codes: `HY-2025-01` — letters, digits, `-`, `_`, `.`; 1…64 characters.
    public static func itemCode(_ text: String) -> String? {
        matches(text, max: 64, first: alnum, rest: alnumPunct) ? nil
            : "must be 1…64 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. HY-2025-01)"
    }

    /// Domain tags: `gas-safety` — lowercase letters, digits, hyphens.
    public static func domain(_ text: String) -> String? {
        matches(text, max: 64, first: lowerDigit, rest: lowerDigitHyphen) ? nil
            : "must be 1…64 lowercase letters, digits or hyphens (e.g. gas-safety)"
    }

    /// Tags, qualifications, expertise: any text of 1…64 characters without `;` `,` or line breaks.
    public static func label(_ text: String) -> String? {
        guard !text.isEmpty, text.unicodeScalars.count <= 64 else { return "must be 1…64 characters" }
        return text.utf8.contains(where: { $0 == 0x3B || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }) ? "must not contain ';', ',' or line breaks" : nil
    }

    /// GB/T 4754 industry code: a section letter A…T, optionally 2, 3 or 4 digits (`F`, `F52`, `F525`, `F5251`); or empty.
    public static func industry(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        guard (UInt8(ascii: "A")...UInt8(ascii: "T")).contains(bytes[0]), [1, 3, 4, 5].contains(bytes.count),
            bytes.dropFirst().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return "must be a GB/T 4754 code: a section letter A…T and 0, 2, 3 or 4 digits (e.g. F5251)" }
        return nil
    }

    /// Administrative division code: 2…12 digits (`41`, `411627`, `411627100`), or empty.
    public static func region(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        return (2...12).contains(text.utf8.count) && text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            ? nil : "must be an administrative division code of 2…12 digits (e.g. 411627)"
    }

    /// Entity ids given by callers: 1…64 letters, digits, `-`, `_`, `.`.
    public static func entityId(_ text: String) -> String? { itemCode(text) == nil ? nil : "must be 1…64 letters, digits, '-', '_' or '.'" }

    /// Splits a `;`-separated CSV cell into trimmed, non-empty parts.
    public static func list(_ cell: String) -> [String] {
        guard !cell.isEmpty else { return [] }
        return cell.split(separator: ";").map { String($0).trimmedBlanks }.filter { !$0.isEmpty }
    }

    /// Sorted, without duplicates.
    public static func normalized(_ values: [String]) -> [String] { values.count < 2 ? values : Array(Set(values)).sorted() }

    /// ASCII classes as byte sets.
    private struct Bytes {
        var allowed = [Bool](repeating: false, count: 256)
        init(_ characters: String) { for byte in characters.utf8 { allowed[Int(byte)] = true } }
        func contains(_ byte: UInt8) -> Bool { allowed[Int(byte)] }
    }

    private static let lowerDigit = Bytes("abcdefghijklmnopqrstuvwxyz0123456789")
    private static let lowerDigitHyphen = Bytes("abcdefghijklmnopqrstuvwxyz0123456789-")
    private static let alnum = Bytes("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let alnumPunct = Bytes("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.")

    private static func matches(_ text: String, max: Int, first: Bytes, rest: Bytes) -> Bool {
        let utf8 = text.utf8
        guard let head = utf8.first, utf8.count <= max, first.contains(head) else { return false }
        return utf8.dropFirst().allSatisfy { rest.contains($0) }
    }
}
