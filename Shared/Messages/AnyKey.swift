/// A coding key for any name: for reading an object whose keys are not all known in advance (a request's
/// parameters, a reading's fields), so that one container both decodes the known ones and lists the others.
public struct AnyKey: CodingKey, Hashable, Sendable {
    public let stringValue: String
    public init(stringValue: String) { self.stringValue = stringValue }
    public init(_ key: some CodingKey) { stringValue = key.stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}
