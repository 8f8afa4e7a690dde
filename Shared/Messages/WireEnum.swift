/// A closed set of wire words (an outcome, a status, a source …). An unknown word is refused with the words that
/// are allowed, rather than Swift's "Cannot initialize ClueSource from invalid String value", which names a type
/// the caller never sees and leaves them guessing.
public protocol WireEnum: RawRepresentable, CaseIterable, Codable where RawValue == String {}

extension WireEnum {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let value = Self(rawValue: word) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(word.debugDescription) is not one of \(Self.allCases.map(\.rawValue).joined(separator: " | "))")
        }
        self = value
    }
}
