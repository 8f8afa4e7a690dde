import Foundation
import GRDB
import Messages
import Synchronization

/// A service's one SQLite database (DESIGN §5): its migrations, and the outbox, inbox and idempotency tables
/// every service shares.
///
/// Opened once per process: a WAL `DatabasePool` on disk in production, an in-memory queue in unit tests.
public final class ServiceDatabase: Sendable {
    public let service: String
    public let writer: any DatabaseWriter
    private let commitListeners = Mutex<[@Sendable () -> Void]>([])
    /// On disk only: moves checkpoints off the writer (see `Checkpointer`).
    private let checkpointer: Checkpointer?
    /// Requests' changes that arrive together commit together (see `GroupCommit`).
    let groupCommit: GroupCommit

    /// Opens (creating if needed) `<directory>/<service>.sqlite` and migrates it.
    public convenience init(service: String, directory: String, migrations: (inout DatabaseMigrator) -> Void) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL survives a killed process (only an OS crash can lose the last commits); see README.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Checkpointer.backstopPages)")
            // Under steady load the log can reach the backstop before a checkpoint finds no reader in its way; once
            // it restarts, the file is cut back to 16 MiB rather than keeping its largest size on disk.
            try db.execute(sql: "PRAGMA journal_size_limit = 16777216")
            // Reads of large stores (grade look-ups over a million entities) go through the page cache directly.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        let path = "\(directory)/\(service).sqlite"
        let pool = try DatabasePool(path: path, configuration: configuration)
        // The writer alone gets a 32 MiB page cache, so that a large batch's dirty pages are not spilled into the
        // log before its commit; readers keep SQLite's 2 MiB and read through the memory map.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
        try self.init(service: service, writer: pool, checkpointer: try Checkpointer(path: path), migrations: migrations)
    }

    /// An in-memory database, for unit tests.
    public static func inMemory(service: String, migrations: (inout DatabaseMigrator) -> Void) throws -> ServiceDatabase {
        try ServiceDatabase(service: service, writer: DatabaseQueue(), migrations: migrations)
    }

    public convenience init(service: String, writer: any DatabaseWriter, migrations: (inout DatabaseMigrator) -> Void) throws {
        try self.init(service: service, writer: writer, checkpointer: nil, migrations: migrations)
    }

    private init(service: String, writer: any DatabaseWriter, checkpointer: Checkpointer?, migrations: (inout DatabaseMigrator) -> Void) throws {
        self.service = service
        self.writer = writer
        self.checkpointer = checkpointer
        groupCommit = GroupCommit(writer: writer)
        var migrator = DatabaseMigrator()
        FoundationMigrations.register(in: &migrator)
        migrations(&migrator)
        FoundationMigrations.registerLater(in: &migrator)
        try migrator.migrate(writer)
    }

    /// Called (on the writing thread) after every commit that appended events, so the relay can publish at once.
    public func onEventsCommitted(_ listener: @escaping @Sendable () -> Void) {
        commitListeners.withLock { $0.append(listener) }
    }

    func notifyEventsCommitted() {
        for listener in commitListeners.withLock({ $0 }) { listener() }
    }

    // MARK: Reads and writes

    /// Runs a read on the calling thread. A request's handler runs on its MDP worker's I/O thread (MDPWorker starts
    /// it there with `Task.immediate`); WAL readers never wait for the writer, and a read of a few hundred
    /// microseconds cost less than the two thread hops of GRDB's async read (measured on catalog `items.get`: about a
    /// fifth of the service's CPU per request). A long read delays only that worker connection.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try readHere(body)
    }

    /// Not `async`, so that it binds GRDB's blocking `read`, not the one that hops to a reader queue.
    private func readHere<T>(_ body: (Database) throws -> T) throws -> T { try writer.read(body) }

    /// One write transaction; events appended to the outbox commit with it.
    public func write<T: Sendable>(traceId: String? = nil, _ body: @Sendable (Database, Outbox) throws -> T) async throws -> T {
        let (value, appended) = try await writer.write { db in
            let outbox = Outbox(db: db, traceId: traceId)
            let value = try body(db, outbox)
            return (value, outbox.appended)
        }
        if appended > 0 { notifyEventsCommitted() }
        return value
    }

    /// The reply stored for `requestId`, if it was answered before: for a handler that must check before slow work
    /// outside the transaction (a draw gathers its pool over the bus first). Same rule as `mutate`.
    public func storedReply(requestId: String, method: String) async throws -> Data? {
        try await read { db in try Self.storedReply(db, requestId: requestId, method: method) }
    }

    static func storedReply(_ db: Database, requestId: String, method: String) throws -> Data? {
        guard let stored = try Row.fetchOneCached(db, sql: "SELECT method, reply FROM idempotency WHERE request_id = ?", arguments: [requestId])
        else { return nil }
        // The same id for another method is a client's mistake, not a repeat: its stored reply has another shape.
        let first: String = stored["method"]
        guard first == method else { throw RequestIdReused(requestId: requestId, firstMethod: first, method: method) }
        return Data((stored["reply"] as String).utf8)
    }

    /// A state change requested by a client: runs once per request id. The change, its events and the reply are
    /// written in one transaction, so a retried request (same id) gets the first reply and changes nothing again.
    /// Requests arriving together may share that transaction (`GroupCommit`); `body` must therefore keep to the
    /// database (and to state that follows its transaction's rollback), since it may run again after a rollback.
    public func mutate<R: Codable & Sendable>(
        requestId: String, method: String, traceId: String? = nil, _ body: @escaping @Sendable (Database, Outbox) throws -> R
    ) async throws -> Mutation<R> {
        let (mutation, appended) = try await groupCommit.write { db -> (Mutation<R>, Int) in
            if let stored = try Self.storedReply(db, requestId: requestId, method: method) { return (.replayed(stored), 0) }
            let outbox = Outbox(db: db, traceId: traceId)
            let value = try body(db, outbox)
            let json = try Wire.encode(value)
            try db.executeCached(
                sql: "INSERT INTO idempotency (request_id, method, reply, created_at) VALUES (?, ?, ?, ?)",
                arguments: [requestId, method, String(decoding: json, as: UTF8.self), Wire.timestamp(Date())])
            return (.fresh(value, json: json), outbox.appended)
        }
        if appended > 0 { notifyEventsCommitted() }
        return mutation
    }

    // MARK: Backup

    /// A consistent copy of the whole database taken while the service keeps running (SQLite's online backup,
    /// read from one snapshot), written to `path` atomically. Returns the file's size in bytes.
    public func backup(to path: String) throws -> Int64 {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let destination = try DatabaseQueue(path: temporary)
            try writer.backup(to: destination)
            try destination.close()
        }
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return size
    }

    // MARK: Outbox

    /// Events after `after`, oldest first, for `events.since` and the relay.
    public func events(after: Int64, limit: Int) async throws -> SystemMessages.EventBatch {
        let service = service
        return try await writer.read { db in
            let rows = try Row.fetchAllCached(
                db, sql: "SELECT seq, topic, payload, at, trace_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [after, limit])
            let events = try rows.map { row in
                EventEnvelope(
                    source: service, seq: row["seq"], topic: row["topic"], at: row["at"], traceId: row["trace_id"],
                    event: try Wire.decode(JSONValue.self, from: Data((row["payload"] as String).utf8)))
            }
            let last = try Int64.fetchOneCached(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM outbox") ?? 0
            return SystemMessages.EventBatch(events: events, lastSeq: last)
        }
    }

    /// Outbox rows after `after` as the relay publishes them: each event's wire envelope, built around the payload
    /// JSON as stored rather than decoded and encoded again (the same envelope `events` gives, keys in another order).
    public func publishable(after: Int64, limit: Int) async throws -> [PublishableEvent] {
        let service = service
        return try await writer.read { db in
            let rows = try Row.fetchAllCached(
                db, sql: "SELECT seq, topic, payload, at, trace_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
            return try rows.map { row in
                let seq: Int64 = row["seq"]
                let topic: String = row["topic"]
                let head = try Wire.encode(EventHead(v: Wire.protocolVersion, source: service, seq: seq, topic: topic, at: row["at"], traceId: row["trace_id"]))
                // {"event":<payload>,<head's fields>}: the head is a non-empty JSON object, so after its "{" come its fields.
                var envelope = Data(#"{"event":"#.utf8)
                envelope.append(contentsOf: (row["payload"] as String).utf8)
                envelope.append(UInt8(ascii: ","))
                envelope.append(head.dropFirst())
                return PublishableEvent(seq: seq, topic: topic, envelope: envelope)
            }
        }
    }

    /// An `EventEnvelope` without its event, for `publishable`.
    private struct EventHead: Encodable {
        var v: Int
        var source: String
        var seq: Int64
        var topic: String
        var at: String
        var traceId: String?
    }

    /// The last outbox row the relay has handed to the hub.
    public func relayPosition() async throws -> Int64 {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT published_seq FROM outbox_relay WHERE id = 1") ?? 0 }
    }

    public func setRelayPosition(_ seq: Int64) async throws {
        try await writer.write { db in
            try db.executeCached(
                sql: "INSERT INTO outbox_relay (id, published_seq) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET published_seq = excluded.published_seq",
                arguments: [seq])
        }
    }

    // MARK: Inbox

    /// The last applied `seq` of every source this service consumes.
    public func inboxCursors() async throws -> [String: Int64] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT source, seq FROM inbox_cursor")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["source"] as String, $0["seq"] as Int64) })
        }
    }

    /// How many events of every source this service has applied (each exactly once, so it equals the cursor
    /// while every source numbers its events 1, 2, 3 …).
    public func inboxApplied() async throws -> [String: Int64] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT source, applied FROM inbox_cursor")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["source"] as String, $0["applied"] as Int64) })
        }
    }

    /// Applies an event exactly once: the effect and the cursor move commit together, or neither does. A batch of
    /// one, so it shares a transaction with whatever else is waiting for the writer.
    public func apply(
        _ event: some SequencedEvent, _ effect: @escaping @Sendable (Database, Outbox) throws -> Void
    ) async throws -> InboxOutcome {
        try await apply([event]) { _, db, outbox in try effect(db, outbox) }[0]  // one outcome per event
    }

    /// Applies events in order in one transaction (possibly shared with requests' changes, see `GroupCommit`), each
    /// exactly once as `apply` does; the outcomes are in the events' order. If any effect throws, nothing of the
    /// batch is written and the error is thrown: apply them one by one then, so the others still land.
    public func apply<Event: SequencedEvent>(
        _ events: [Event], _ effect: @escaping @Sendable (Event, Database, Outbox) throws -> Void
    ) async throws -> [InboxOutcome] {
        let (outcomes, appended) = try await groupCommit.write { db -> ([InboxOutcome], Int) in
            var outcomes: [InboxOutcome] = []
            outcomes.reserveCapacity(events.count)
            var appended = 0
            // Each source's cursor is read once and written once per batch, not twice per event: under load a batch
            // holds hundreds of one source's events, most of which a subscriber only steps over.
            var cursors: [String: (seq: Int64, applied: Int)] = [:]
            for event in events {
                let cursor = try cursors[event.source]?.seq ?? Self.cursor(db, source: event.source)
                if event.seq <= cursor {
                    outcomes.append(.duplicate)
                } else if event.seq > cursor + 1 {
                    outcomes.append(.gap(cursor: cursor))
                    cursors[event.source] = (cursor, cursors[event.source]?.applied ?? 0)
                } else {
                    let outbox = Outbox(db: db, traceId: event.traceId)
                    try effect(event, db, outbox)
                    appended += outbox.appended
                    outcomes.append(.applied)
                    cursors[event.source] = (event.seq, (cursors[event.source]?.applied ?? 0) + 1)
                }
            }
            let now = Wire.timestamp(Date())
            for (source, cursor) in cursors where cursor.applied > 0 {
                try db.executeCached(
                    sql: """
                        INSERT INTO inbox_cursor (source, seq, updated_at, applied) VALUES (?, ?, ?, ?)
                        ON CONFLICT(source) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at, applied = applied + excluded.applied
                        """,
                    arguments: [source, cursor.seq, now, cursor.applied])
            }
            return (outcomes, appended)
        }
        if appended > 0 { notifyEventsCommitted() }
        return outcomes
    }

    private static func cursor(_ db: Database, source: String) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: "SELECT seq FROM inbox_cursor WHERE source = ?", arguments: [source]) ?? 0
    }
}

/// A request id already answered for a different method: refused, since its stored reply does not answer this one.
public struct RequestIdReused: ServiceError, Equatable {
    public let requestId: String
    public let firstMethod: String
    public let method: String

    public var status: Status { .invalidArgument }
    public var message: String {
        "request id \(requestId.debugDescription) was already used for \(firstMethod); every request needs its own id (\(method) was not run)"
    }
    public var details: JSONValue? { ["field": "id", "firstMethod": .string(firstMethod)] }
}

/// What happened to an incoming event.
public enum InboxOutcome: Equatable, Sendable {
    case applied
    /// Already applied before (its seq is at or below the cursor).
    case duplicate
    /// Events between the cursor and this one are missing: fetch them with `events.since` first.
    case gap(cursor: Int64)
}

/// A result that already holds its wire JSON, so the reply around it does not encode it a second time.
public protocol EncodedResult: Sendable {
    var json: Data { get }
}

/// The result of `ServiceDatabase.mutate`: the handler's value (and the JSON stored for it), or the reply stored for
/// a repeated request id.
public enum Mutation<R: Codable & Sendable>: Encodable, EncodedResult {
    case fresh(R, json: Data)
    case replayed(Data)

    public var json: Data {
        switch self {
        case .fresh(_, let json), .replayed(let json): json
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .fresh(let value, _): try value.encode(to: encoder)
        case .replayed(let stored): try Wire.decode(JSONValue.self, from: stored).encode(to: encoder)
        }
    }

    /// The typed value, decoding the stored reply when the request was a repeat.
    public func value() throws -> R {
        switch self {
        case .fresh(let value, _): value
        case .replayed(let stored): try Wire.decode(R.self, from: stored)
        }
    }
}

/// One outbox row ready for the hub: its topic frame and its envelope's bytes.
public struct PublishableEvent: Sendable {
    public var seq: Int64
    public var topic: String
    public var envelope: Data
}
