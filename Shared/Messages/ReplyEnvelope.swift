import Foundation

/// The reply body of every bus call (DESIGN §3.2): `result` when `status` is OK, `error` otherwise.
public struct ReplyEnvelope<Result: Sendable>: Sendable {
    public var v: Int
    public var id: String
    public var status: Status
    public var result: Result?
    public var error: ErrorBody?

    public init(id: String, status: Status, result: Result? = nil, error: ErrorBody? = nil) {
        self.v = Wire.protocolVersion
        self.id = id
        self.status = status
        self.result = result
        self.error = error
    }

    public static func failure(id: String, _ status: Status, _ message: String, details: JSONValue? = nil) -> Self {
        ReplyEnvelope(id: id, status: status, error: ErrorBody(message: message, details: details))
    }
}

extension ReplyEnvelope: Encodable where Result: Encodable {}
extension ReplyEnvelope: Decodable where Result: Decodable {}

/// What went wrong, in words a user can act on, with structured details where they help.
public struct ErrorBody: Codable, Sendable, Hashable {
    public var message: String
    public var details: JSONValue?

    public init(message: String, details: JSONValue? = nil) {
        self.message = message
        self.details = details
    }
}

/// A reply whose result is kept untyped, as the broker, the gateway and `jg` see it.
public typealias AnyReply = ReplyEnvelope<JSONValue>
