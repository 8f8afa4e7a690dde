import Messages

extension USCC {
    /// Throws `INVALID_ARGUMENT` naming `field` unless `text` has the shape of a USCC (the catalog checks the
    /// check character when it registers entities).
    static func validate(_ text: String, field: String = "params.uscc") throws {
        guard isWellFormed(text) else {
            throw CreditError.invalidArgument(
                field: field, "\(field) \(text.debugDescription) is not a unified social credit code: 18 characters from 0-9A-HJ-NPQRTUWXY")
        }
    }
}
