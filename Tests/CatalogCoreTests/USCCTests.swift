import Messages
import CatalogCore
import Testing

/// Expected values come from an independent computation, not from `USCC`:
///
/// ```python
/// C = "0123456789ABCDEFGHJKLMNPQRTUWXY"
/// W = [pow(3, i, 31) for i in range(17)]   # 3^(i-1) mod 31 for positions 1..17
/// def check(body):
///     s = sum(C.index(ch) * w for ch, w in zip(body, W))
///     c = 31 - s % 31
///     return C[0 if c == 31 else c]
/// for b in ["91411627MA9XXXXXX", "91350100M000100Y4", "91110000600037341",
///           "52411627MJY123456", "92411627MA40AB12C", "12100000400000624", "91411627MA0000028"]:
///     print(b + check(b))
/// # 91411627MA9XXXXXX6  91350100M000100Y43  91110000600037341L  52411627MJY123456N
/// # 92411627MA40AB12CL  12100000400000624D  91411627MA00000280  (the last: sum ≡ 0, check 31 → 0)
/// ```
struct USCCTests {
    static let valid = [
        "91411627MA9XXXXXX6", "91350100M000100Y43", "91110000600037341L", "52411627MJY123456N", "92411627MA40AB12CL", "12100000400000624D",
        "91411627MA00000280",
    ]

    @Test(arguments: valid)
    func acceptsValidCodes(_ code: String) {
        #expect(USCC.isValid(code))
        #expect(USCC.checkCharacter(for: code.prefix(17)) == code.last)
    }

    @Test func weightsArePowersOfThreeModulo31() {
        // 3^0 … 3^16 mod 31, by hand: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
        #expect(USCC.checkCharacter(for: "00000000000000001") == "3")  // 31 − 28
    }

    @Test func reportsTheExpectedCheckCharacter() {
        #expect(USCC.problem(in: "91350100M000100Y44") == .checkCharacter(expected: "3", found: "4"))
        #expect(USCC.problem(in: "91411627MA00000281") == .checkCharacter(expected: "0", found: "1"))
    }

    @Test func rejectsBadShapes() {
        #expect(USCC.problem(in: "91350100M000100Y4") == .length(17))
        #expect(USCC.problem(in: "91350100M000100Y433") == .length(19))
        // I, O, S, V, Z are not in the set.
        #expect(USCC.problem(in: "91350100I000100Y43") == .character(position: 9, "I"))
        #expect(USCC.problem(in: "9135010OM000100Y43") == .character(position: 8, "O"))
        #expect(USCC.problem(in: "91350100m000100y43") == .character(position: 9, "m"))
    }
}
