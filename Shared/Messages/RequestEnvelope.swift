import Foundation

/// The request body of every bus call (DESIGN §3.2), generic over its parameters.
public struct RequestEnvelope<Params: Encodable & Sendable>: Encodable, Sendable {
    public var v: Int
    public var id: String
    public var method: String
    public var token: String?
    public var actor: Actor?
    public var deadlineMs: Int?
    public var traceId: String?
    public var params: Params

    public init(
        id: String = TimeOrderedID.make(), method: String, params: Params, actor: Actor? = nil, token: String? = nil,
        deadlineMs: Int? = nil, traceId: String? = nil
    ) {
        self.v = Wire.protocolVersion
        self.id = id
        self.method = method
        self.token = token
        self.actor = actor
        self.deadlineMs = deadlineMs
        self.traceId = traceId ?? TraceID.make()
        self.params = params
    }
}

extension RequestEnvelope: Decodable where Params: Decodable {}

/// Everything of a request but its parameters: decoded first, so a handler decodes typed params only once routed.
public struct RequestHeader: Codable, Sendable {
    public var v: Int
    public var id: String
    public var method: String
    public var token: String?
    public var actor: Actor?
    public var deadlineMs: Int?
    public var traceId: String?
}

/// W3C trace-context ids: 16 random bytes as 32 lowercase hex digits.
public enum TraceID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
