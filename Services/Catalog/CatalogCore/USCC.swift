/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character set
/// (digits and capitals without I, O, S, V, Z), the last one a check character over the first 17.
///
/// Check: with weights wᵢ = 3^(i−1) mod 31 for positions i = 1…17 and each character's value its index in the
/// set, the check value is 31 − (Σ valueᵢ·wᵢ mod 31), where 31 becomes 0.
public enum USCC {
    /// The character set in value order.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights: [Int] = (0..<17).map { power in (0..<power).reduce(1) { value, _ in value * 3 % 31 } }
    private static let values: [UInt8: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { (UInt8($0.element.asciiValue ?? 0), $0.offset) })

    /// What is wrong with a candidate code.
    public enum Problem: Equatable, Sendable {
        case length(Int)
        /// A character outside the set at this 1-based position.
        case character(position: Int, Character)
        case checkCharacter(expected: Character, found: Character)
    }

    /// The check character for 17 leading characters, or nil if they are not 17 characters of the set.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        let bytes = Array(body.utf8)
        guard bytes.count == 17 else { return nil }
        var sum = 0
        for (index, byte) in bytes.enumerated() {
            guard let value = values[byte] else { return nil }
            sum += value * weights[index]
        }
        let check = 31 - sum % 31
        return alphabet[check == 31 ? 0 : check]
    }

    /// Nil when `code` is a valid USCC, else the first problem found.
    public static func problem(in code: String) -> Problem? {
        let characters = Array(code)
        guard characters.count == 18, code.utf8.count == 18 else { return .length(characters.count) }
        for (index, character) in characters.enumerated() where values[UInt8(character.asciiValue ?? 0)] == nil {
            return .character(position: index + 1, character)
        }
        guard let expected = checkCharacter(for: code.prefix(17)) else { return .length(characters.count) }
        return expected == characters[17] ? nil : .checkCharacter(expected: expected, found: characters[17])
    }

    public static func isValid(_ code: String) -> Bool { problem(in: code) == nil }
}
