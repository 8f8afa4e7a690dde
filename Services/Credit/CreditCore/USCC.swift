/// The shape of a unified social credit code (统一社会信用代码, GB 32100): 18 characters from `0-9A-HJ-NPQRTUWXY`.
///
/// Only the shape is checked here; the catalog validates the check character when it registers entities.
public enum USCC {
    public static let length = 18

    /// Whether every byte is one of the 31 characters GB 32100 allows (no I, O, S, V, Z).
    public static func isWellFormed(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= length, allowed(byte) else { return false }
        }
        return count == length
    }

    @inline(__always)
    static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "A")...UInt8(ascii: "H"): true
        case UInt8(ascii: "J")...UInt8(ascii: "N"): true
        case UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "R"), UInt8(ascii: "T"), UInt8(ascii: "U"), UInt8(ascii: "W"), UInt8(ascii: "X"),
            UInt8(ascii: "Y"):
            true
        default: false
        }
    }

    /// Throws `INVALID_ARGUMENT` naming `field` unless `text` is well formed.
    static func validate(_ text: String, field: String = "params.uscc") throws {
        guard isWellFormed(text) else {
            throw CreditError.invalidArgument(
                field: field, "\(field) \(text.debugDescription) is not a unified social credit code: 18 characters from 0-9A-HJ-NPQRTUWXY")
        }
    }
}
