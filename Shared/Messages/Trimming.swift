extension StringProtocol {
    /// The text without the characters at either end for which `isPadding` holds. Only the padding is looked at, and
    /// there is no NSString round trip (Foundation's `trimmingCharacters(in:)` has one, on hot paths a visible cost).
    public func trimmed(while isPadding: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isPadding($0) }), let last = lastIndex(where: { !isPadding($0) }) else { return "" }
        return String(self[first...last])
    }
}
