/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character set
/// (digits and capitals without I, O, S, V, Z), the last one a check character over the first 17.
///
/// Check: with weights wᵢ = 3^(i−1) mod 31 for positions i = 1…17 and each character's value its index in the
/// set, the check value is 31 − (Σ valueᵢ·wᵢ mod 31), where 31 becomes 0.
public enum USCC {
    /// The character set in value order.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights: [Int] = (0..<17).map { power in (0..<power).reduce(1) { value, _ in value * 3 % 31 } }
    /// Value of each byte in the set, -1 outside it.
    private static let table: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character.asciiValue ?? 0)] = value }
        return table
    }()

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
            let value = table[Int(byte)]
            guard value >= 0 else { return nil }
            sum += value * weights[index]
        }
        let check = 31 - sum % 31
        return alphabet[check == 31 ? 0 : check]
    }

    /// Nil when `code` is a valid USCC, else the first problem found.
    public static func problem(in code: String) -> Problem? {
        let bytes = Array(code.utf8)
        guard bytes.count == 18, bytes.allSatisfy({ $0 < 0x80 }) else {
            let characters = Array(code)
            guard characters.count == 18 else { return .length(characters.count) }
            // 18 characters, some not ASCII.
            for (index, character) in characters.enumerated() where !character.isASCII || table[Int(character.asciiValue ?? 0)] < 0 {
                return .character(position: index + 1, character)
            }
            return .length(characters.count)
        }
        for (index, byte) in bytes.enumerated() where table[Int(byte)] < 0 {
            return .character(position: index + 1, Character(Unicode.Scalar(byte)))
        }
        guard let expected = checkCharacter(for: code.prefix(17)) else { return .length(18) }
        let found = Character(Unicode.Scalar(bytes[17]))
        return expected == found ? nil : .checkCharacter(expected: expected, found: found)
    }

    public static func isValid(_ code: String) -> Bool { problem(in: code) == nil }

    /// Only the shape: 18 characters of the set (no I, O, S, V, Z), check character not verified — for codes
    /// that arrive in events and look-ups, where the catalog already validated them on registration.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count == 18 && bytes.allSatisfy { table[Int($0)] >= 0 }
    }
}
