import Foundation

/// One published event (DESIGN §3.3): sent after its topic frame on PUB/SUB, and returned by `events.since`.
public struct EventEnvelope: Codable, Sendable, Hashable {
    public var v: Int
    /// The service whose outbox holds the event.
    public var source: String
    /// Position in that service's outbox; consecutive, starting at 1.
    public var seq: Int64
    public var topic: String
    public var at: String
    public var traceId: String?
    public var event: JSONValue

    public init(source: String, seq: Int64, topic: String, at: String, traceId: String?, event: JSONValue) {
        self.v = Wire.protocolVersion
        self.source = source
        self.seq = seq
        self.topic = topic
        self.at = at
        self.traceId = traceId
        self.event = event
    }
}

/// An event's place and provenance, whatever form its payload takes: whose outbox holds it, where, under which
/// topic, when, and the trace it carries on. What the inbox needs to apply it exactly once.
public protocol SequencedEvent: Sendable {
    var source: String { get }
    var seq: Int64 { get }
    var topic: String { get }
    var at: String { get }
    var traceId: String? { get }
}

extension EventEnvelope: SequencedEvent {}
