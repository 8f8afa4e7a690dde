import GRDB
import Messages
import Store

/// The events a service consumes, by topic, each with its payload type and an effect applied exactly once
/// (DESIGN §3.3).
public struct Subscriptions: Sendable {
    /// What a subscriber does with one event: its typed payload, where it came from, inside the inbox's transaction.
    public typealias Effect<Payload> = @Sendable (Payload, ReceivedEvent, Database, Outbox) throws -> Void

    struct Entry: Sendable {
        let decode: @Sendable (any Decoder) throws -> any Sendable
        let apply: @Sendable (any Sendable, ReceivedEvent, Database, Outbox) throws -> Void
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Applies `effect` to every event on `topic` (`<source>.<noun>.<verb>`), in the source's order, its payload
    /// decoded as `Payload`. An event whose payload is not a `Payload` is skipped and logged: it can never become
    /// one, and retrying it would hold back every event behind it.
    public mutating func on<Payload: Decodable & Sendable>(_ topic: String, as type: Payload.Type, _ effect: @escaping Effect<Payload>) {
        entries[topic] = Entry(
            decode: { decoder in try Payload(from: decoder) },
            apply: { payload, event, db, outbox in
                // Decoded by `decode` above for this very topic, so the cast holds; anything else is not applied.
                guard let payload = payload as? Payload else { return }
                try effect(payload, event, db, outbox)
            })
    }

    /// The services whose outboxes are followed: the first part of each topic.
    public var sources: [String] {
        Array(Set(entries.keys.compactMap { $0.split(separator: ".").first.map(String.init) })).sorted()
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Runs the effect of one received event (nothing for an undecodable or unsubscribed one).
    func effect(_ event: ReceivedEvent, _ db: Database, _ outbox: Outbox) throws {
        guard case .decoded(let payload) = event.payload, let entry = entries[event.topic] else { return }
        try entry.apply(payload, event, db, outbox)
    }
}

extension Subscriptions {
    /// Applies one event exactly once through the inbox cursor (also used by the test harness).
    public func apply(_ event: ReceivedEvent, to database: ServiceDatabase) async throws -> InboxOutcome {
        try await database.apply(event) { db, outbox in try effect(event, db, outbox) }
    }

    /// Applies an already decoded envelope (tests, tools): its payload is typed first, as a delivery's is.
    public func apply(_ envelope: EventEnvelope, to database: ServiceDatabase) async throws -> InboxOutcome {
        try await apply(try ReceivedEvent(envelope, subscriptions: self), to: database)
    }

    /// Applies events in order in one transaction, each exactly once (`ServiceDatabase.apply(_:_:)` for events).
    public func apply(_ events: [ReceivedEvent], to database: ServiceDatabase) async throws -> [InboxOutcome] {
        try await database.apply(events) { event, db, outbox in try effect(event, db, outbox) }
    }
}
