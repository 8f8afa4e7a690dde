import GRDB
import Messages
import Store

/// The events a service consumes, by topic, each with the effect applied exactly once (DESIGN §3.3).
public struct Subscriptions: Sendable {
    public typealias Effect = @Sendable (EventEnvelope, Database, Outbox) throws -> Void

    private(set) var effects: [String: Effect] = [:]

    public init() {}

    /// Applies `effect` to every event on `topic` (`<source>.<noun>.<verb>`), in the source's order.
    public mutating func on(_ topic: String, _ effect: @escaping Effect) {
        effects[topic] = effect
    }

    /// The services whose outboxes are followed: the first part of each topic.
    public var sources: [String] {
        Array(Set(effects.keys.compactMap { $0.split(separator: ".").first.map(String.init) })).sorted()
    }

    public var isEmpty: Bool { effects.isEmpty }
}

extension Subscriptions {
    /// Applies one event exactly once through the inbox cursor (also used by the test harness).
    public func apply(_ event: EventEnvelope, to database: ServiceDatabase) async throws -> InboxOutcome {
        let effect = effects[event.topic]
        return try await database.apply(event) { db, outbox in try effect?(event, db, outbox) }
    }

    /// Applies events in order in one transaction, each exactly once (`ServiceDatabase.apply(_:_:)` for events).
    public func apply(_ events: [EventEnvelope], to database: ServiceDatabase) async throws -> [InboxOutcome] {
        let effects = effects
        return try await database.apply(events) { event, db, outbox in try effects[event.topic]?(event, db, outbox) }
    }
}
