import Bus
import Foundation
import GRDB
import JGTesting
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner
import Store
import Testing
import ZeroMQ

/// Events end to end with real sockets: outbox → relay → hub → subscriber → inbox, and catch-up over
/// `events.since` for what a stopped subscriber missed (DESIGN §3.3).
@Suite(.serialized) struct EventDeliveryTests {
    /// Publishes `source.thing.happened`; the test writes its outbox directly.
    struct SourceCore: ServiceCore {
        static let serviceName = "source"
        static func migrations(_ migrator: inout DatabaseMigrator) {}
        init(environment: ServiceEnvironment) throws {}
        func routes(_ router: inout MethodRouter) {}
    }

    /// Records every `source.thing.happened` it applies, with no uniqueness constraint, so a double apply shows.
    struct SinkCore: ServiceCore {
        static let serviceName = "sink"
        static func migrations(_ migrator: inout DatabaseMigrator) {
            migrator.registerMigration("sink-v1") { db in try db.execute(sql: "CREATE TABLE applied (seq INTEGER NOT NULL, n INTEGER NOT NULL)") }
        }
        init(environment: ServiceEnvironment) throws {}
        func routes(_ router: inout MethodRouter) {}
        func subscriptions(_ subscriptions: inout Subscriptions) {
            subscriptions.on("source.thing.happened", as: Thing.self) { thing, event, db, _ in
                try db.execute(sql: "INSERT INTO applied (seq, n) VALUES (?, ?)", arguments: [event.seq, thing.n])
            }
        }
    }

    struct Thing: Codable, Sendable { var n: Int }

    final class Running: Sendable {
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let runtime: ServiceRuntime

        init(_ runtime: ServiceRuntime, logger: Logger) {
            self.runtime = runtime
            group = ServiceGroup(configuration: .init(services: runtime.services, logger: logger))
            let group = group
            task = Task { try await group.run() }
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
            runtime.shutdown()
        }
    }

    @Test func aStoppedSubscriberCatchesUpOnAllItMissedExactlyOnce() async throws {
        let context = TestContext.shared
        let logger = Logger(label: "test.events")
        let brokerEndpoint = "tcp://127.0.0.1:\(Ports.free())"
        let publishers = "tcp://127.0.0.1:\(Ports.free())"
        let subscribers = "tcp://127.0.0.1:\(Ports.free())"
        var brokerConfiguration = MDPBroker.Configuration(endpoints: [brokerEndpoint])
        brokerConfiguration.heartbeatIntervalMs = 500
        let broker = MDPBroker(context: context, configuration: brokerConfiguration, logger: logger)
        try broker.start()
        defer { broker.stop() }
        let hub = try EventHub(context: context, publishersEndpoint: publishers, subscribersEndpoint: subscribers, logger: logger)
        defer { hub.stop() }
        let configuration = SuiteConfiguration(environment: [
            "JG_GATEWAY": brokerEndpoint, "JG_EVENTS_PUB": publishers, "JG_EVENTS_SUB": subscribers, "JG_CATCHUP_MS": "300",
            "JG_HEARTBEAT_MS": "500", "JG_WORKERS": "2",
        ])
        let sourceDatabase = try ServiceDatabase.inMemory(service: "source", migrations: SourceCore.migrations)
        let sinkDatabase = try ServiceDatabase.inMemory(service: "sink", migrations: SinkCore.migrations)
        let source = Running(
            try ServiceRuntime(core: SourceCore.self, configuration: configuration, context: context, logger: logger, database: sourceDatabase), logger: logger)
        defer { Task { try? await source.stop() } }

        func publish(_ range: Range<Int>) async throws {
            for n in range {
                try await sourceDatabase.write { _, outbox in try outbox.append(topic: "source.thing.happened", Thing(n: n)) }
            }
        }
        func applied() async throws -> (total: Int, distinct: Int) {
            try await sinkDatabase.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM applied") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT seq) FROM applied") ?? 0)
            }
        }
        func waitFor(_ count: Int, seconds: Double) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while try await applied().total < count, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        }

        // Given a running subscriber that has seen the first 10 events,
        var sink = Running(
            try ServiceRuntime(core: SinkCore.self, configuration: configuration, context: context, logger: logger, database: sinkDatabase), logger: logger)
        try await publish(0..<10)
        try await waitFor(10, seconds: 15)
        #expect(try await applied() == (10, 10))

        // when it is stopped while 1,000 more are published,
        try await sink.stop()
        try await publish(10..<1_010)
        #expect(try await applied().total == 10)

        // then after a restart it applies all 1,000, each exactly once, and its cursor is at the source's end.
        sink = Running(
            try ServiceRuntime(core: SinkCore.self, configuration: configuration, context: context, logger: logger, database: sinkDatabase), logger: logger)
        try await waitFor(1_010, seconds: 30)
        try await Task.sleep(for: .milliseconds(700))  // a few more catch-up rounds and relay ticks: nothing doubles
        #expect(try await applied() == (1_010, 1_010))
        #expect(try await sinkDatabase.inboxCursors()["source"] == 1_010)
        let order = try await sinkDatabase.read { db in try Int.fetchAll(db, sql: "SELECT n FROM applied ORDER BY rowid") }
        #expect(order == Array(0..<1_010), "applied in the source's order")
        try await sink.stop()
    }

    /// Each payload is decoded into its subscription's type; one that does not fit is passed over (its cursor moves)
    /// so that it cannot hold back the events behind it, and the effect never sees it.
    @Test func aPayloadOfTheWrongShapeIsSkippedAndTheNextEventStillApplies() async throws {
        let sink = try ServiceHarness<SinkCore>()
        func event(_ seq: Int64, _ payload: JSONValue) -> EventEnvelope {
            EventEnvelope(source: "source", seq: seq, topic: "source.thing.happened", at: "2025-05-01T00:00:00Z", traceId: nil, event: payload)
        }
        #expect(try await sink.deliver(event(1, ["n": "seven"])) == .applied)
        #expect(try await sink.deliver(event(2, ["n": 7])) == .applied)
        #expect(try await sink.deliver(event(2, ["n": 7])) == .duplicate)
        let rows = try await sink.database.read { db in try Row.fetchAll(db, sql: "SELECT seq, n FROM applied ORDER BY rowid").map { [$0["seq"] as Int, $0["n"] as Int] } }
        #expect(rows == [[2, 7]])
        #expect(try await sink.database.inboxCursors()["source"] == 2)
    }
}
