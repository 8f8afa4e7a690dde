import Foundation

/// Shapes of identifiers and codes the catalog accepts, each check returning a reason or nil.
public enum Validation {
    /// Department codes: `hy-market` — lowercase letters, digits, hyphens; 1…64 characters.
    public static func deptCode(_ text: String) -> String? {
        matches(text, max: 64, first: lowerDigit, rest: lowerDigit.union(["-"])) ? nil
            : "must be 1…64 lowercase letters, digits or hyphens, starting with a letter or digit (e.g. hy-market)"
    }

    /// Item codes: `HY-2025-01` — letters, digits, `-`, `_`, `.`; 1…64 characters.
    public static func itemCode(_ text: String) -> String? {
        matches(text, max: 64, first: alnum, rest: alnum.union(["-", "_", "."])) ? nil
            : "must be 1…64 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. HY-2025-01)"
    }

    /// Domain tags: `gas-safety` — lowercase letters, digits, hyphens.
    public static func domain(_ text: String) -> String? {
        matches(text, max: 64, first: lowerDigit, rest: lowerDigit.union(["-"])) ? nil
            : "must be 1…64 lowercase letters, digits or hyphens (e.g. gas-safety)"
    }

    /// Tags, qualifications, expertise: any text of 1…64 characters without `;` `,` or line breaks.
    public static func label(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 64 else { return "must be 1…64 characters" }
        return text.contains(where: { $0 == ";" || $0 == "," || $0.isNewline }) ? "must not contain ';', ',' or line breaks" : nil
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
        cell.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Sorted, without duplicates.
    public static func normalized(_ values: [String]) -> [String] { Array(Set(values)).sorted() }

    private static let lowerDigit = Set("abcdefghijklmnopqrstuvwxyz0123456789")
    private static let alnum = lowerDigit.union("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func matches(_ text: String, max: Int, first: Set<Character>, rest: Set<Character>) -> Bool {
        guard let head = text.first, text.count <= max, first.contains(head) else { return false }
        return text.dropFirst().allSatisfy { rest.contains($0) }
    }
}
