import Foundation

/// The one JSON configuration every message on the bus uses: ISO-8601 UTC dates, sorted keys for stable bytes.
public enum Wire {
    public static let protocolVersion = 1

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public static func encode(_ value: some Encodable) throws -> Data { try encoder.encode(value) }
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T { try decoder.decode(type, from: data) }

    /// ISO-8601 UTC text of a date, as it appears on the wire.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
