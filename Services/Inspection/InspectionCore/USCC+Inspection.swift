import Messages

extension USCC {
    /// Throws `INVALID_ARGUMENT` naming `field` unless `code` is a valid USCC (GB 32100 check character included).
    static func validate(_ code: String, field: String) throws {
        guard !code.isEmpty else { throw InspectionError.missing(field) }
        guard isValid(code) else {
            throw InspectionError.invalidArgument(
                field: field, "\(field) \(code.debugDescription) is not a valid unified social credit code (18 characters, GB 32100 check character)")
        }
    }
}
