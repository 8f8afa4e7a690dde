import Foundation
import GRDB
import Messages
import Store

/// Where a write puts its events: the transactional outbox of a request, or the same table written directly by
/// the demo loader at start (which runs before any request, outside `ServiceDatabase.write`).
protocol EventSink {
    func append(topic: String, _ event: some Encodable) throws
}

extension Outbox: EventSink {}

/// Writes outbox rows directly in the caller's transaction; the relay publishes them like any other.
struct DirectOutbox: EventSink {
    let db: Database

    func append(topic: String, _ event: some Encodable) throws {
        try db.execute(
            sql: "INSERT INTO outbox (topic, payload, at, trace_id) VALUES (?, ?, ?, NULL)",
            arguments: [topic, String(decoding: try Wire.encode(event), as: UTF8.self), Wire.timestamp(Date())])
    }
}

/// Catalog event topics.
enum Topic {
    static let itemPublished = "catalog.item.published"
    static let itemAmended = "catalog.item.amended"
    static let itemRepealed = "catalog.item.repealed"
    static let entityUpserted = "catalog.entity.upserted"
}
