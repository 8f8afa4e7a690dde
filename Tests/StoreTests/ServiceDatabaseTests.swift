import Foundation
import GRDB
import Messages
@testable import ServiceRunner
@testable import Store
import Synchronization
import Testing

/// The outbox, inbox cursor and idempotency rules of DESIGN §3.3 and §5, on a real SQLite database.
@Suite struct ServiceDatabaseTests {
    static func database() throws -> ServiceDatabase {
        try ServiceDatabase.inMemory(service: "test") { migrator in
            migrator.registerMigration("test-v1") { db in
                try db.execute(sql: "CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0);")
            }
        }
    }

    struct Bumped: Codable, Sendable, Equatable { var value: Int }

    static func bump(_ database: ServiceDatabase, id: String) async throws -> Mutation<Bumped> {
        try await database.mutate(requestId: id, method: "counter.bump") { db, outbox in
            try db.execute(sql: "UPDATE counter SET value = value + 1")
            let value = try Int.fetchOne(db, sql: "SELECT value FROM counter") ?? -1
            try outbox.append(topic: "test.counter.bumped", Bumped(value: value))
            return Bumped(value: value)
        }
    }

    @Test func aRepeatedRequestIdChangesNothingAndGetsTheFirstReply() async throws {
        let database = try Self.database()
        #expect(try await Self.bump(database, id: "r1").value() == Bumped(value: 1))
        #expect(try await Self.bump(database, id: "r1").value() == Bumped(value: 1))
        #expect(try await Self.bump(database, id: "r2").value() == Bumped(value: 2))
        let value = try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") }
        #expect(value == 2)
        let events = try await database.events(after: 0, limit: 100)
        #expect(events.events.map(\.seq) == [1, 2])
        #expect(events.lastSeq == 2)
    }

    @Test func aRequestIdReusedForAnotherMethodIsRefusedNotReplayed() async throws {
        // Found while building the fuzz campaign (it reuses ids): the first method's stored reply was decoded as the second's result type,
        // which failed and came back INTERNAL.
        let database = try Self.database()
        #expect(try await Self.bump(database, id: "r1").value() == Bumped(value: 1))
        struct Other: Codable, Sendable { var name: String }
        let refusal = await #expect(throws: RequestIdReused.self) {
            _ = try await database.mutate(requestId: "r1", method: "counter.rename") { _, _ in Other(name: "x") }
        }
        #expect(refusal?.status == .invalidArgument)
        #expect(refusal?.firstMethod == "counter.bump")
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 1)
        #expect(try await Self.bump(database, id: "r1").value() == Bumped(value: 1), "the same method still replays")
    }

    /// The dispatcher sends a mutation's stored JSON inside the reply instead of encoding the value again: the bytes
    /// must be what encoding the typed value gives, for the first answer and for a replay.
    @Test func aMutationsReplyIsItsStoredJSONByteForByte() async throws {
        let database = try Self.database()
        let fresh = try await Self.bump(database, id: "r1")
        let replayed = try await Self.bump(database, id: "r1")
        let typed = try Wire.encode(SuccessReply(id: "r1", result: Bumped(value: 1)))
        #expect(try SuccessReply.wrapping(id: "r1", json: fresh.json) == typed)
        #expect(try SuccessReply.wrapping(id: "r1", json: replayed.json) == typed)
        // A handler checking before slow work (planning's draw) sees the same stored reply, under the same rule.
        #expect(try await database.storedReply(requestId: "r1", method: "counter.bump") == fresh.json)
        await #expect(throws: RequestIdReused.self) { _ = try await database.storedReply(requestId: "r1", method: "counter.rename") }
    }

    @Test func aFailedMutationWritesNeitherStateNorEventsNorReply() async throws {
        let database = try Self.database()
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await database.mutate(requestId: "r1", method: "counter.bump") { db, outbox -> Bumped in
                try db.execute(sql: "UPDATE counter SET value = 99")
                try outbox.append(topic: "test.counter.bumped", Bumped(value: 99))
                throw Refused()
            }
        }
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 0)
        #expect(try await database.events(after: 0, limit: 10).events.isEmpty)
        // The id was not consumed: a retry runs for real.
        #expect(try await Self.bump(database, id: "r1").value() == Bumped(value: 1))
    }

    @Test func eventsApplyExactlyOnceInOrder() async throws {
        let database = try Self.database()
        func event(_ seq: Int64) -> EventEnvelope {
            EventEnvelope(source: "other", seq: seq, topic: "other.thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: ["n": .int(seq)])
        }
        let effect: @Sendable (Database, Outbox) throws -> Void = { db, _ in try db.execute(sql: "UPDATE counter SET value = value + 1") }
        #expect(try await database.apply(event(1), effect) == .applied)
        #expect(try await database.apply(event(1), effect) == .duplicate)
        #expect(try await database.apply(event(3), effect) == .gap(cursor: 1))
        #expect(try await database.apply(event(2), effect) == .applied)
        #expect(try await database.apply(event(3), effect) == .applied)
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 3)
        #expect(try await database.inboxCursors() == ["other": 3])
    }

    @Test func theAppliedCountGrowsOnlyWithEventsReallyApplied() async throws {
        let database = try Self.database()
        func event(_ source: String, _ seq: Int64) -> EventEnvelope {
            EventEnvelope(source: source, seq: seq, topic: "\(source).thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null)
        }
        let effect: @Sendable (Database, Outbox) throws -> Void = { _, _ in }
        // Given deliveries with a duplicate and a gap, from two sources.
        for (source, seq) in [("other", 1), ("other", 1), ("other", 3), ("other", 2), ("third", 1), ("other", 3), ("other", 2)] as [(String, Int64)] {
            _ = try await database.apply(event(source, seq), effect)
        }
        // Then only the three and the one applied events count; duplicates and the gap do not.
        #expect(try await database.inboxApplied() == ["other": 3, "third": 1])
        #expect(try await database.inboxCursors() == ["other": 3, "third": 1])
    }

    @Test func oneBatchOfTwoSourcesGivesWhatOneByOneGives() async throws {
        // The batch keeps each source's cursor in memory and writes it once: it must still see its own steps.
        let database = try Self.database()
        func event(_ source: String, _ seq: Int64) -> EventEnvelope {
            EventEnvelope(source: source, seq: seq, topic: "\(source).thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null)
        }
        let deliveries: [(String, Int64)] = [("other", 1), ("third", 1), ("other", 1), ("other", 3), ("other", 2), ("third", 2), ("other", 3), ("third", 2)]
        let outcomes = try await database.apply(deliveries.map { event($0.0, $0.1) }) { _, _, _ in }
        #expect(outcomes == [.applied, .applied, .duplicate, .gap(cursor: 1), .applied, .applied, .applied, .duplicate])
        #expect(try await database.inboxCursors() == ["other": 3, "third": 2])
        #expect(try await database.inboxApplied() == ["other": 3, "third": 2])
        // A second batch starts from what the first committed.
        #expect(try await database.apply([event("third", 2), event("third", 3), event("other", 5)]) { _, _, _ in } == [.duplicate, .applied, .gap(cursor: 3)])
        #expect(try await database.inboxApplied() == ["other": 3, "third": 3])
    }

    @Test func aStoreFromBeforeTheAppliedCountCountsItsPastEventsAsApplied() async throws {
        // Given a store migrated before the applied count existed, with a cursor at 7.
        let queue = try DatabaseQueue()
        var old = DatabaseMigrator()
        FoundationMigrations.register(in: &old)
        try old.migrate(queue)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO inbox_cursor (source, seq, updated_at) VALUES ('other', 7, '2026-01-01T00:00:00Z')")
        }
        // When the service opens it with today's migrations.
        let database = try ServiceDatabase(service: "test", writer: queue) { _ in }
        // Then the seven events it applied before are counted, and the next one adds to them.
        #expect(try await database.inboxApplied() == ["other": 7])
        let next = EventEnvelope(source: "other", seq: 8, topic: "other.thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null)
        #expect(try await database.apply(next) { _, _ in } == .applied)
        #expect(try await database.inboxApplied() == ["other": 8])
    }

    @Test func aFailingEffectLeavesTheCursorWhereItWas() async throws {
        let database = try Self.database()
        struct Broken: Error {}
        let event = EventEnvelope(source: "other", seq: 1, topic: "other.thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null)
        await #expect(throws: Broken.self) {
            _ = try await database.apply(event) { db, _ in
                try db.execute(sql: "UPDATE counter SET value = 42")
                throw Broken()
            }
        }
        #expect(try await database.inboxCursors().isEmpty)
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 0)
    }

    @Test func aBatchOfEventsAppliesEachExactlyOnceInOrderInOneCommit() async throws {
        let database = try Self.database()
        let counter = CommitCounter()
        database.writer.add(transactionObserver: counter, extent: .databaseLifetime)
        func event(_ seq: Int64) -> EventEnvelope {
            EventEnvelope(source: "other", seq: seq, topic: "other.thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: ["n": .int(seq)])
        }
        // value = value * 10 + n shows the order the effects ran in.
        let effect: @Sendable (EventEnvelope, Database, Outbox) throws -> Void = { event, db, _ in
            try db.execute(sql: "UPDATE counter SET value = value * 10 + ?", arguments: [event.event["n"]?.intValue ?? 0])
        }
        #expect(try await database.apply([event(1), event(2), event(3)], effect) == [.applied, .applied, .applied])
        #expect(counter.commits.withLock { $0 } == 1)
        // A repeat, the next one, and one after a hole.
        #expect(try await database.apply([event(3), event(4), event(6)], effect) == [.duplicate, .applied, .gap(cursor: 4)])
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 1_234)
        #expect(try await database.inboxCursors() == ["other": 4])
        #expect(try await database.inboxApplied() == ["other": 4])
    }

    @Test func aBatchWithAFailingEffectWritesNothingOfTheBatch() async throws {
        let database = try Self.database()
        struct Broken: Error {}
        let events = (1...3).map { EventEnvelope(source: "other", seq: $0, topic: "other.thing.done", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null) }
        await #expect(throws: Broken.self) {
            _ = try await database.apply(events) { event, db, _ in
                try db.execute(sql: "UPDATE counter SET value = value + 1")
                if event.seq == 2 { throw Broken() }
            }
        }
        #expect(try await database.inboxCursors().isEmpty)
        #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") } == 0)
    }

    /// The relay's envelopes are built around the stored payload; decoded they are exactly what `events.since` gives.
    @Test func publishedEnvelopesDecodeToTheSameEventsAsEventsSince() async throws {
        let database = try Self.database()
        struct Payload: Codable, Sendable { var name: String; var values: [Double]; var nested: [String: String]?; var empty: String? }
        _ = try await database.write(traceId: "trace-1") { _, outbox in
            try outbox.append(topic: "test.thing.done", Payload(name: "城镇燃气 \"quoted\" \\ slash", values: [1, 2.5, -3e-7], nested: ["k": "v"], empty: nil))
        }
        _ = try await database.write { _, outbox in try outbox.append(topic: "test.other.done", SystemMessages.Empty()) }
        let expected = try await database.events(after: 0, limit: 10).events
        let published = try await database.publishable(after: 0, limit: 10)
        #expect(published.map(\.seq) == [1, 2])
        #expect(published.map(\.topic) == ["test.thing.done", "test.other.done"])
        let decoded = try published.map { try Wire.decode(EventEnvelope.self, from: $0.envelope) }
        #expect(decoded == expected)
        #expect(decoded.first?.traceId == "trace-1" && decoded.last?.traceId == nil)
        #expect(try await database.publishable(after: 2, limit: 10).isEmpty)
    }

    @Test func theDatabaseFileUsesWALAndHasTheSharedTables() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ServiceDatabase(service: "probe", directory: directory) { _ in }
        let mode = try await database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try await database.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(Set(tables).isSuperset(of: ["idempotency", "inbox_cursor", "outbox", "outbox_relay"]))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/probe.sqlite"))
    }

    /// Committed pages reach the database file without any commit crossing SQLite's own checkpoint threshold: the
    /// background checkpointer copied them. 4 MiB of rows is far below the writer's backstop (16,384 pages = 64 MiB),
    /// so without it the main file would keep its size from before the writes.
    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ServiceDatabase(service: "probe", directory: directory) { migrator in
            migrator.registerMigration("probe-v1") { db in try db.execute(sql: "CREATE TABLE blob (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        }
        let path = "\(directory)/probe.sqlite"
        func size() throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0 }
        try await Task.sleep(for: .milliseconds(200))  // the migrations' own pages are checkpointed first
        let before = try size()
        for _ in 0..<16 {
            try await database.write { db, _ in
                for _ in 0..<64 { try db.execute(sql: "INSERT INTO blob (body) VALUES (zeroblob(4096))") }
            }
        }
        var after = try size()
        for _ in 0..<100 where after < before + 4 * 1_048_576 {
            try await Task.sleep(for: .milliseconds(20))
            after = try size()
        }
        #expect(after >= before + 4 * 1_048_576, "main file \(before) → \(after) bytes")
        // The writer's own threshold is the large backstop, not SQLite's default of 1,000 pages.
        let threshold = try await database.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(threshold == 16_384)
    }

    // MARK: Group commit

    /// Counts commits of the database it observes.
    final class CommitCounter: TransactionObserver, Sendable {
        let commits = Mutex(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    /// Holds the writer in a first request until `count` more wait behind it (or 10 s pass).
    static func holdWriter(_ database: ServiceDatabase, until count: Int) async throws -> Task<Mutation<Bumped>, any Error> {
        let started = Mutex(false)
        let first = Task {
            try await database.mutate(requestId: "hold", method: "counter.bump") { db, _ in
                started.withLock { $0 = true }
                let deadline = Date().addingTimeInterval(10)
                while database.groupCommit.waiting < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
                try db.execute(sql: "UPDATE counter SET value = value + 1")
                return Bumped(value: try Int.fetchOne(db, sql: "SELECT value FROM counter") ?? -1)
            }
        }
        // The others must queue behind it, not join its group.
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        return first
    }

    @Test func requestsWaitingTogetherShareOneCommitAndEachGetsItsOwnReply() async throws {
        let database = try Self.database()
        let counter = CommitCounter()
        database.writer.add(transactionObserver: counter, extent: .databaseLifetime)
        let first = try await Self.holdWriter(database, until: 10)
        let replies = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 { group.addTask { try await Self.bump(database, id: "r\(index)").value().value } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(try await first.value.value().value == 1)
        // Serial order inside the shared transaction: the ten saw 2…11, each exactly once.
        #expect(replies.sorted() == Array(2...11))
        // One commit for the held request, one for the ten that waited behind it.
        #expect(counter.commits.withLock { $0 } == 2)
        let stored = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency") }
        #expect(stored == 11)
        let events = try await database.events(after: 0, limit: 100)
        #expect(events.events.count == 10)  // the held request appends none
    }

    @Test func aFailingRequestInAGroupIsRefusedAloneAndTheOthersCommit() async throws {
        let database = try Self.database()
        let first = try await Self.holdWriter(database, until: 5)
        struct Refused: Error {}
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<5 {
                group.addTask {
                    do {
                        _ = try await database.mutate(requestId: "g\(index)", method: "counter.bump") { db, outbox in
                            try db.execute(sql: "UPDATE counter SET value = value + 100")
                            try outbox.append(topic: "test.counter.bumped", Bumped(value: index))
                            if index == 2 { throw Refused() }  // after writing: its writes must not survive
                            return Bumped(value: index)
                        }
                        return (index, true)
                    } catch is Refused {
                        return (index, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        _ = try await first.value
        #expect(outcomes == [0: true, 1: true, 2: false, 3: true, 4: true])
        let value = try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") }
        #expect(value == 1 + 4 * 100)
        let topics = try await database.events(after: 0, limit: 100).events.count
        #expect(topics == 4)
        // The refused request left no stored reply: sent again, it runs again (and is refused again).
        let replies = try await database.read { db in try String.fetchAll(db, sql: "SELECT request_id FROM idempotency ORDER BY request_id") }
        #expect(replies == ["g0", "g1", "g3", "g4", "hold"])
    }

    @Test func theSameRequestIdTwiceInOneGroupRunsOnce() async throws {
        let database = try Self.database()
        let first = try await Self.holdWriter(database, until: 2)
        async let a = Self.bump(database, id: "same")
        async let b = Self.bump(database, id: "same")
        let (one, two) = try await (a, b)
        _ = try await first.value
        #expect(try one.value() == two.value())
        #expect(one.json == two.json)
        let value = try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter") }
        #expect(value == 2)
    }
}
