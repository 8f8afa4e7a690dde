import Messages

/// The key string of a draw (RFC 3797 §4): each seed source's numbers in ascending numeric order, each written in
/// decimal without leading zeros and followed by `.`, each source ended by `/`.
///
/// `[[9319], [2, 5, 12, 8, 10]]` → `9319./2.5.8.10.12./`.
public enum KeyString {
    /// The key of `sources`, in the order the sources were announced.
    public static func make(_ sources: [[PlanningMessages.SeedNumber]]) throws -> String {
        guard !sources.isEmpty else { throw PlanningError.invalidSeeds("seeds must list at least one seed source, e.g. [[9319],[2,5,12,8,10]]") }
        var key = ""
        for (index, source) in sources.enumerated() {
            guard !source.isEmpty else { throw PlanningError.invalidSeeds("seed source \(index + 1) has no numbers; publish at least one per source") }
            for number in source.map(\.digits).sorted(by: numericallyPrecedes) {
                key += number
                key += "."
            }
            key += "/"
        }
        return key
    }

    /// Decimal texts without leading zeros compare as numbers by length, then digit by digit.
    static func numericallyPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
