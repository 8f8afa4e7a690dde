import Foundation
import Messages

/// An event as a subscriber receives it: the envelope's header, and its payload decoded in the same parse straight
/// into the type its topic's subscription declared (no `JSONValue` tree in between, as `IncomingRequest` does for
/// parameters).
public struct ReceivedEvent: SequencedEvent, Decodable {
    public let source: String
    public let seq: Int64
    public let topic: String
    public let at: String
    public let traceId: String?
    let payload: Payload

    enum Payload: Sendable {
        case decoded(any Sendable)
        /// The subscription's type did not fit: the event is skipped (and logged), never retried forever.
        case undecodable(String)
        /// No subscription for this topic: applied as a no-op, so the cursor moves on.
        case unsubscribed
    }

    enum CodingKeys: String, CodingKey { case source, seq, topic, at, traceId, event }

    static let subscriptionsKey = CodingUserInfoKey(rawValue: "jg.subscriptions")!

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        seq = try container.decode(Int64.self, forKey: .seq)
        topic = try container.decode(String.self, forKey: .topic)
        at = try container.decode(String.self, forKey: .at)
        traceId = try container.decodeIfPresent(String.self, forKey: .traceId)
        guard let subscriptions = decoder.userInfo[Self.subscriptionsKey] as? Subscriptions, let subscription = subscriptions.entries[topic] else {
            payload = .unsubscribed
            return
        }
        do {
            payload = .decoded(try subscription.decode(try container.superDecoder(forKey: .event)))
        } catch {
            payload = .undecodable(Dispatcher.summary(of: error))
        }
    }

    /// A decoder that types each payload by `subscriptions`.
    static func decoder(for subscriptions: Subscriptions) -> JSONDecoder {
        let decoder = Wire.decoder
        decoder.userInfo[subscriptionsKey] = subscriptions
        return decoder
    }

    /// The same event received from an already decoded envelope (tests, tools): one encode and one typed parse.
    public init(_ envelope: EventEnvelope, subscriptions: Subscriptions) throws {
        self = try Self.decoder(for: subscriptions).decode(Self.self, from: Wire.encode(envelope))
    }
}
