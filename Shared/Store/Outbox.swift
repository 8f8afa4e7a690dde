import Foundation
import GRDB
import Messages

/// Appends events to the transactional outbox inside the write transaction that caused them (DESIGN §3.3).
public final class Outbox {
    let db: Database
    let traceId: String?
    private(set) var appended = 0

    init(db: Database, traceId: String?) {
        self.db = db
        self.traceId = traceId
    }

    /// Adds one event; it is published only if the surrounding transaction commits.
    public func append(topic: String, _ event: some Encodable) throws {
        let payload = String(decoding: try Wire.encode(event), as: UTF8.self)
        try db.executeCached(
            sql: "INSERT INTO outbox (topic, payload, at, trace_id) VALUES (?, ?, ?, ?)",
            arguments: [topic, payload, Wire.timestamp(Date()), traceId])
        appended += 1
    }
}
