import Bus
import Foundation
import JGTesting
import Logging
import Messages
import Synchronization
import Testing
import ZeroMQ

/// The broker with real sockets on loopback: dispatch, load sharing, dead workers, queue time-outs, bad input.
/// Heartbeats are shortened (1 s, or 250 ms where a test measures expiry: 3 missed = 750 ms). Serialized: on a
/// 2-core machine, timing assertions about heartbeats should not compete with each other.
@Suite(.serialized) struct BrokerTests {
    static let heartbeatMs: Int64 = 250

    struct Fixture {
        let context = TestContext.shared
        let endpoint = "tcp://127.0.0.1:\(Ports.free())"
        let broker: MDPBroker
        let logger = Logger(label: "test.broker")

        let heartbeatMs: Int64

        init(queueTimeoutMs: Int64 = 5_000, heartbeatMs: Int64 = 1_000, knownServices: Set<String> = []) throws {
            self.heartbeatMs = heartbeatMs
            var configuration = MDPBroker.Configuration(endpoints: [endpoint])
            configuration.heartbeatIntervalMs = heartbeatMs
            configuration.queueTimeoutMs = queueTimeoutMs
            configuration.knownServices = knownServices
            broker = MDPBroker(context: context, configuration: configuration, logger: logger)
            try broker.start()
        }

        func worker(_ service: String) -> MDPWorker {
            var configuration = MDPWorker.Configuration(brokerEndpoint: endpoint, service: service)
            configuration.heartbeatIntervalMs = heartbeatMs
            configuration.reconnectInitialMs = 50
            return MDPWorker(context: context, configuration: configuration, logger: logger)
        }

        /// Waits until the broker counts `count` workers for `service`.
        func waitForWorkers(_ service: String, count: Int, within seconds: Double = 5) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while broker.snapshot.services[service]?.workers ?? 0 != count {
                guard Date() < deadline else {
                    Issue.record("expected \(count) workers for \(service), have \(broker.snapshot.services[service]?.workers ?? 0)")
                    return
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    @Test func requestTravelsClientBrokerWorkerAndBack() async throws {
        let fixture = try Fixture()
        defer { fixture.broker.stop() }
        let serving = Task { try await fixture.worker("echo").run { body in [Data("echo:".utf8) + (body.first ?? Data())] } }
        defer { serving.cancel() }
        try await fixture.waitForWorkers("echo", count: 1)
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        let reply = try client.request(service: "echo", body: [Data("hello".utf8)], timeoutMs: 2_000)
        #expect(reply == [Data("echo:hello".utf8)])
    }

    @Test func managementServiceSaysWhoIsThere() async throws {
        let fixture = try Fixture()
        defer { fixture.broker.stop() }
        let serving = Task { try await fixture.worker("echo").run { $0 } }
        defer { serving.cancel() }
        try await fixture.waitForWorkers("echo", count: 1)
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        #expect(try client.request(service: "mmi.service", body: [Data("echo".utf8)]) == [Data("200".utf8)])
        #expect(try client.request(service: "mmi.service", body: [Data("nobody".utf8)]) == [Data("404".utf8)])
        #expect(try client.request(service: "mmi.unknown", body: [Data("echo".utf8)]) == [Data("501".utf8)])
    }

    @Test func twoWorkersShareTheLoad() async throws {
        let fixture = try Fixture(queueTimeoutMs: 10_000)
        defer { fixture.broker.stop() }
        let first = Task { try await fixture.worker("slow").run { _ in try? await Task.sleep(for: .milliseconds(20)); return [Data("A".utf8)] } }
        let second = Task { try await fixture.worker("slow").run { _ in try? await Task.sleep(for: .milliseconds(20)); return [Data("B".utf8)] } }
        defer {
            first.cancel()
            second.cancel()
        }
        try await fixture.waitForWorkers("slow", count: 2)
        let client = try AsyncMDPClient(context: fixture.context, endpoint: fixture.endpoint, logger: fixture.logger)
        defer { client.shutdown() }
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<40 { group.addTask { String(decoding: try await client.request(service: "slow", body: [Data()])[0], as: UTF8.self) } }
            return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(answers.values.reduce(0, +) == 40)
        // With 20 ms of work each and least-recently-used dispatch, neither worker can take more than ~3/4.
        #expect((answers["A"] ?? 0) >= 10)
        #expect((answers["B"] ?? 0) >= 10)
    }

    @Test func aDeadWorkersRequestIsServedByTheOther() async throws {
        let fixture = try Fixture(queueTimeoutMs: 5_000, heartbeatMs: BrokerTests.heartbeatMs)
        defer { fixture.broker.stop() }
        // A worker that registers and heartbeats until it is handed a request, then dies silently (as after
        // kill -9): no reply, no more heartbeats. Its socket lives on its own thread, like every socket here.
        let endpoint = fixture.endpoint
        let tookRequest = Atomic<Bool>(false)
        let zombie = try SocketThread(name: "zombie") { thread in
            guard let socket = try? ZMQSocket(TestContext.shared, .dealer) else { return }
            _ = try? socket.connect(endpoint)
            _ = try? socket.send(MDP.WorkerMessage.ready(service: "work").frames)
            while !thread.isStopping {
                var poller = ZMQPoller()
                poller.add(socket)
                if (try? poller.poll(timeoutMilliseconds: Int(BrokerTests.heartbeatMs)))?[0] == true,
                    let frames = try? socket.receive(dontWait: true), case .request = try? MDP.WorkerMessage(frames: frames)
                {
                    tookRequest.store(true, ordering: .releasing)
                    while !thread.isStopping { usleep(10_000) }
                    return
                }
                _ = try? socket.send(MDP.WorkerMessage.heartbeat.frames)
            }
        }
        defer { zombie.stop() }
        try await fixture.waitForWorkers("work", count: 1)
        let healthy = Task { try await fixture.worker("work").run { _ in [Data("healthy".utf8)] } }
        defer { healthy.cancel() }
        try await fixture.waitForWorkers("work", count: 2)

        // The zombie has been idle longest, so least-recently-used dispatch hands it the request.
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        let started = Date()
        let reply = try client.request(service: "work", body: [Data("job".utf8)], timeoutMs: 4_000, retries: 0)
        let elapsed = Date().timeIntervalSince(started)
        #expect(reply == [Data("healthy".utf8)])
        let zombieTookIt = tookRequest.load(ordering: .acquiring)
        #expect(zombieTookIt, "the request went to the silent worker first")
        // Noticed within the heartbeat expiry (3 × 250 ms), plus one heartbeat tick and scheduling slack.
        #expect(elapsed < Double(4 * BrokerTests.heartbeatMs) / 1_000 + 0.5)
        #expect(fixture.broker.snapshot.services["work"]?.workers == 1)
    }

    @Test func unknownServiceIsAnsweredUnavailableAfterTheQueueTimeout() async throws {
        let fixture = try Fixture(queueTimeoutMs: 300)
        defer { fixture.broker.stop() }
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        let envelope = RequestEnvelope(id: "req-1", method: "health.check", params: JSONValue.emptyObject)
        let started = Date()
        let body = try client.request(service: "nosuch", body: [try Wire.encode(envelope)], timeoutMs: 3_000, retries: 0)
        let reply = try Wire.decode(AnyReply.self, from: body[0])
        #expect(reply.status == .unavailable)
        #expect(reply.id == "req-1")
        #expect(reply.error?.message.contains("nosuch") == true)
        #expect(Date().timeIntervalSince(started) >= 0.25)
    }

    /// A name outside the suite's services is answered at once, over a socket and in-process; a known service with
    /// no worker still waits for one, and a worker may still bring a name of its own.
    @Test func aNameOutsideTheKnownServicesIsAnsweredAtOnce() async throws {
        let fixture = try Fixture(queueTimeoutMs: 2_000, knownServices: ["catalog", "referral"])
        defer { fixture.broker.stop() }
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        let envelope = try Wire.encode(RequestEnvelope(id: "req-2", method: "items.list", params: JSONValue.emptyObject))
        let started = Date()
        let reply = try Wire.decode(AnyReply.self, from: try client.request(service: "catalgo", body: [envelope], timeoutMs: 3_000, retries: 0)[0])
        #expect(Date().timeIntervalSince(started) < 1, "not left to the 2 s queue timeout")
        #expect(reply.status == .unimplemented)
        #expect(reply.id == "req-2")
        #expect(reply.error?.message == #"there is no service "catalgo" (did you mean catalog?); this suite has catalog, referral (`help` lists them)"#)
        let local = try await fixture.broker.request(service: "catalgo", body: [envelope], tag: nil, timeoutMs: 3_000, retries: 0)
        #expect(try Wire.decode(AnyReply.self, from: local[0]).status == .unimplemented)
        #expect(fixture.broker.snapshot.services["catalgo"] == nil, "nothing is queued or remembered for it")

        let waited = Date()
        let queued = try Wire.decode(AnyReply.self, from: try client.request(service: "catalog", body: [envelope], timeoutMs: 5_000, retries: 0)[0])
        #expect(queued.status == .unavailable)
        #expect(Date().timeIntervalSince(waited) >= 1.9, "a known service waits for its worker")

        let serving = Task { try await fixture.worker("echo").run { body in body } }
        defer { serving.cancel() }
        try await fixture.waitForWorkers("echo", count: 1)
        #expect(try client.request(service: "echo", body: [Data("hi".utf8)], timeoutMs: 2_000) == [Data("hi".utf8)])
    }

    // MARK: In-process requests (the gateway's HTTP front)

    /// Counts what the policy hears, and refuses every socket client, so a test sees which path a request took.
    final class RecordingPolicy: BrokerPolicy {
        let completedTags = Mutex<[String]>([])
        func admit(service: String, body: [Data]) -> BrokerDecision { .answer([Data("refused by policy".utf8)]) }
        func completed(service: String, tag: (any Sendable)?, reply: [Data], elapsedMs: Int64) {
            completedTags.withLock { $0.append(tag as? String ?? "?") }
        }
    }

    @Test func anInProcessRequestSkipsAdmissionAndItsTagReachesCompleted() async throws {
        let policy = RecordingPolicy()
        let endpoint = "tcp://127.0.0.1:\(Ports.free())"
        var configuration = MDPBroker.Configuration(endpoints: [endpoint])
        configuration.policy = policy
        let broker = MDPBroker(context: TestContext.shared, configuration: configuration, logger: Logger(label: "test.broker"))
        try broker.start()
        defer { broker.stop() }
        let serving = Task {
            try await MDPWorker(context: TestContext.shared, configuration: .init(brokerEndpoint: endpoint, service: "echo"), logger: Logger(label: "w"))
                .run { body in [Data("echo:".utf8) + (body.first ?? Data())] }
        }
        defer { serving.cancel() }
        while broker.snapshot.services["echo"]?.workers ?? 0 < 1 { try await Task.sleep(for: .milliseconds(20)) }

        // Over a socket the policy refuses; in-process the request goes straight to the worker.
        let client = MDPClient(context: TestContext.shared, endpoint: endpoint)
        #expect(try client.request(service: "echo", body: [Data("x".utf8)], timeoutMs: 2_000) == [Data("refused by policy".utf8)])
        let replies = try await withThrowingTaskGroup(of: [Data].self) { group in
            for index in 0..<20 {
                group.addTask { try await broker.request(service: "echo", body: [Data("\(index)".utf8)], tag: "t\(index)", timeoutMs: 2_000, retries: 0) }
            }
            return try await group.reduce(into: [[Data]]()) { $0.append($1) }
        }
        #expect(Set(replies.map { String(decoding: $0[0], as: UTF8.self) }) == Set((0..<20).map { "echo:\($0)" }))
        #expect(Set(policy.completedTags.withLock { $0 }) == Set((0..<20).map { "t\($0)" }))
    }

    @Test func anInProcessRequestNobodyServesTimesOutAndIsSentAgain() async throws {
        let fixture = try Fixture(queueTimeoutMs: 10_000)
        defer { fixture.broker.stop() }
        let started = Date()
        await #expect(throws: BusError.self) {
            try await fixture.broker.request(service: "nosuch", body: [Data()], tag: nil, timeoutMs: 200, retries: 1)
        }
        // Two attempts of 200 ms each, answered by the broker's own clock, not a socket.
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.35 && elapsed < 3)
    }

    @Test func aSocketClientNamedLikeTheInProcessPlaceholderGetsNoInProcessReply() async throws {
        let fixture = try Fixture()
        defer { fixture.broker.stop() }
        let serving = Task {
            try await fixture.worker("slow").run { body in
                try? await Task.sleep(for: .milliseconds(100))
                return [Data("for:".utf8) + (body.first ?? Data())]
            }
        }
        defer { serving.cancel() }
        try await fixture.waitForWorkers("slow", count: 1)
        // A peer that sets its routing id to the placeholder the broker gives in-process requests: its request
        // queues behind the in-process one, and the in-process caller still gets exactly its own reply.
        let endpoint = fixture.endpoint
        let impostor = Task.detached { () -> [Data]? in
            guard let socket = try? ZMQSocket(TestContext.shared, .dealer) else { return nil }
            try? socket.setIdentity(Array("in-process".utf8))
            try? socket.connect(endpoint)
            try? socket.send([MDP.clientHeader, Data("slow".utf8), Data("impostor".utf8)])
            var poller = ZMQPoller()
            poller.add(socket)
            guard (try? poller.poll(timeoutMilliseconds: 1_000))?[0] == true else { return nil }
            return try? socket.receive(dontWait: true)
        }
        let own = try await fixture.broker.request(service: "slow", body: [Data("front".utf8)], tag: nil, timeoutMs: 2_000, retries: 0)
        #expect(own == [Data("for:front".utf8)])
        _ = await impostor.value
    }

    @Test func madeUpServiceNamesAreForgottenOnceNobodyWaits() async throws {
        // Found while building the fuzz campaign (it checks /healthz afterwards): every made-up name stayed in the table for good.
        let fixture = try Fixture(queueTimeoutMs: 200, heartbeatMs: Self.heartbeatMs)
        defer { fixture.broker.stop() }
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        for index in 0..<5 {
            let body = try client.request(service: "made-up-\(index)", body: [Data("{}".utf8)], timeoutMs: 3_000, retries: 0)
            #expect(try Wire.decode(AnyReply.self, from: body[0]).status == .unavailable)
        }
        // A fake worker for another made-up name, silent after READY: gone when its heartbeats lapse.
        let fake = try ZMQSocket(fixture.context, .dealer)
        try fake.connect(fixture.endpoint)
        try fake.send(MDP.WorkerMessage.ready(service: "made-up-worker").frames)
        try await fixture.waitForWorkers("made-up-worker", count: 1)
        let deadline = Date().addingTimeInterval(5)
        while !fixture.broker.snapshot.services.isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(fixture.broker.snapshot.services.isEmpty, "still listed: \(fixture.broker.snapshot.services.keys.sorted())")
        fake.close()
    }

    @Test func malformedMessagesAreDroppedAndTheBrokerKeepsServing() async throws {
        let fixture = try Fixture()
        defer { fixture.broker.stop() }
        let serving = Task { try await fixture.worker("echo").run { $0 } }
        defer { serving.cancel() }
        try await fixture.waitForWorkers("echo", count: 1)
        let rogue = try ZMQSocket(fixture.context, .dealer)
        try rogue.connect(fixture.endpoint)
        let garbage: [[Data]] = [
            [Data("HTTP/1.1".utf8), Data([0x01]), Data("echo".utf8)],  // wrong protocol header
            [Data(), MDP.clientHeader, Data([0x01]), Data("echo".utf8)],  // MDP/0.1 empty frame first
            [MDP.clientHeader],  // missing frames
            [MDP.clientHeader, Data([0x09]), Data("echo".utf8)],  // unknown command
            [MDP.workerHeader, Data([0x04]), Data("someone".utf8), Data(), Data("reply".utf8)],  // FINAL from a non-worker
            [MDP.workerHeader, Data([0x05])],  // heartbeat from a non-worker
            [Data((0..<64).map { _ in UInt8.random(in: 0...255) })],  // random bytes
        ]
        for message in garbage { try rogue.send(message) }
        let client = MDPClient(context: fixture.context, endpoint: fixture.endpoint)
        #expect(try client.request(service: "echo", body: [Data("still here".utf8)], timeoutMs: 2_000) == [Data("still here".utf8)])
        #expect(fixture.broker.snapshot.services["echo"]?.workers == 1)
    }

    @Test func workersReRegisterAfterTheBrokerRestarts() async throws {
        let endpoint = "tcp://127.0.0.1:\(Ports.free())"
        var configuration = MDPBroker.Configuration(endpoints: [endpoint])
        configuration.heartbeatIntervalMs = Self.heartbeatMs
        let logger = Logger(label: "test.broker")
        let first = MDPBroker(context: TestContext.shared, configuration: configuration, logger: logger)
        try first.start()
        var workerConfiguration = MDPWorker.Configuration(brokerEndpoint: endpoint, service: "echo")
        workerConfiguration.heartbeatIntervalMs = Self.heartbeatMs
        workerConfiguration.reconnectInitialMs = 50
        let worker = MDPWorker(context: TestContext.shared, configuration: workerConfiguration, logger: logger)
        let serving = Task { try await worker.run { $0 } }
        defer { serving.cancel() }
        try await Self.wait { first.snapshot.services["echo"]?.workers == 1 }
        first.stop()

        // libzmq closes the old socket asynchronously; in a real restart the old process is gone.
        var second = MDPBroker(context: TestContext.shared, configuration: configuration, logger: logger)
        for attempt in 0..<50 {
            do {
                try second.start()
                break
            } catch where attempt < 49 {
                try await Task.sleep(for: .milliseconds(50))
                second = MDPBroker(context: TestContext.shared, configuration: configuration, logger: logger)
            }
        }
        defer { second.stop() }
        try await Self.wait(seconds: 5) { second.snapshot.services["echo"]?.workers == 1 }
        let client = MDPClient(context: TestContext.shared, endpoint: endpoint)
        #expect(try client.request(service: "echo", body: [Data("again".utf8)], timeoutMs: 2_000) == [Data("again".utf8)])
    }

    static func wait(seconds: Double = 3, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                Issue.record("condition not met within \(seconds) s")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
