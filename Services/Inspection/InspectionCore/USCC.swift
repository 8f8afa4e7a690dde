/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character.
enum USCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character of the first 17 characters, or nil if one is outside the alphabet.
    static func checkCharacter(_ body: some StringProtocol) -> Character? {
        var sum = 0
        for (character, weight) in zip(body, weights) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    static func isValid(_ code: String) -> Bool {
        guard code.count == 18, let check = checkCharacter(code.prefix(17)) else { return false }
        return code.last == check
    }

    /// Throws `INVALID_ARGUMENT` naming `field` unless `code` is a valid USCC.
    static func validate(_ code: String, field: String) throws {
        guard !code.isEmpty else { throw InspectionError.missing(field) }
        guard isValid(code) else {
            throw InspectionError.invalidArgument(
                field: field, "\(field) \(code.debugDescription) is not a valid unified social credit code (18 characters, GB 32100 check character)")
        }
    }
}
