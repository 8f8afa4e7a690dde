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

extension RequestEnvelope where Params == SystemMessages.Empty {
    /// This envelope as bytes with `json` for its parameters: JSON the caller has checked to be one object (a
    /// gateway's HTTP body), set in byte for byte rather than parsed into a tree and encoded again. Only on an
    /// envelope without parameters of its own, so that none are silently replaced.
    public func encoded(params json: Data) throws -> Data {
        let header = try Wire.encode(RequestHeader(v: v, id: id, method: method, token: token, actor: actor, deadlineMs: deadlineMs, traceId: traceId))
        // {"params":<json>,<the header's fields>}: the header is a non-empty object, so its fields follow its "{".
        var body = Data(#"{"params":"#.utf8)
        body.reserveCapacity(body.count + json.count + header.count)
        body.append(json)
        body.append(UInt8(ascii: ","))
        body.append(header.dropFirst())
        return body
    }
}

/// W3C trace-context ids: 16 random bytes as 32 lowercase hex digits.
public enum TraceID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
