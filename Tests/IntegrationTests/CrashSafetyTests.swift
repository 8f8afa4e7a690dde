import Bus
import Foundation
import JGTesting
import Messages
import Synchronization
import Testing
import ZeroMQ

/// Issue #10's crash safety: while a client keeps registering clues, ingesting signals and adding credit records
/// (each a cross-service event: clues → warning signals, records → grade changes → warning), every service in turn
/// and then the gateway is killed with SIGKILL and restarted. Afterwards nothing that was answered OK is lost, every
/// request the client had to repeat (same request id) exists exactly once, and every consumer has applied every
/// event of every source it follows exactly once: its cursor, its applied count and the producer's outbox agree.
@Suite(.serialized) struct CrashSafetyTests {
    static let domainServices = ["catalog", "planning", "inspection", "credit", "referral", "warning"]
    /// Which sources each consumer follows (its subscriptions' topic prefixes).
    static let followed = ["credit": ["inspection", "referral"], "inspection": ["planning", "warning"], "planning": ["inspection"], "warning": ["credit", "inspection", "referral"]]

    @Test(.timeLimit(.minutes(5))) func killingEveryProcessUnderLoadLosesNothingAndAppliesEveryEventOnce() async throws {
        // Given the suite with fast failure detection: 500 ms heartbeats (a dead peer is noticed in 1.5 s), a catch-up
        // every second, and no rate limit for the load generator's admin token.
        let suite = try SuiteProcesses(environment: [
            "JG_HEARTBEAT_MS": "500", "JG_CATCHUP_MS": "1000", "JG_CALL_TIMEOUT_MS": "2000", "JG_QUEUE_TIMEOUT_MS": "3000", "JG_RATE_LIMIT": "0",
        ])
        try suite.startSuite()
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 90)
        try #require(health.status == 200, "suite not healthy: \(health.text)\n\(suite.log("gateway"))")
        let admin = try suite.adminToken()
        let started = Date()

        // When a client keeps writing (fixed request ids, repeated with the same id until answered) …
        let load = LoadGenerator(endpoint: suite.brokerEndpoint, token: admin)
        defer { load.stop() }
        // Three client threads, one per kind of write, so requests are in flight at every service when it is killed.
        let loadDone = Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<3 { group.addTask { await FuzzCampaignTests.onThread { load.run(lane: lane, of: 3) } } }
            }
        }
        try await load.waitForOK(30, seconds: 30)

        // … and every service in turn, then the gateway, is killed with SIGKILL and started again; twice, the second
        // round in the opposite order and with less load in between, so consumers die while still catching up.
        var startedAt = Dictionary(uniqueKeysWithValues: (Self.domainServices + ["gateway"]).map { ($0, started) })
        for (round, order) in [Self.domainServices + ["gateway"], ["gateway"] + Self.domainServices.reversed()].enumerated() {
            for name in order {
                // `startedAt` in health.check has whole seconds: a process killed in its first second would look like its successor.
                if let since = startedAt[name], Date().timeIntervalSince(since) < 1.1 {
                    try await Task.sleep(for: .milliseconds(Int((1.1 - Date().timeIntervalSince(since)) * 1_000) + 1))
                }
                let before = load.okCount
                let previous = name == "gateway" ? "" : try Self.startedAt(name, suite, token: admin)
                try await Self.killAndRestart(name, suite)
                startedAt[name] = Date()
                if name == "gateway" {
                    let healthy = try await HTTP.waitHealthy(suite.httpBase, seconds: 30)
                    #expect(healthy.status == 200, "workers re-register with the restarted gateway: \(healthy.text)")
                } else {
                    try await Self.waitForRestart(name, previous: previous, suite, token: admin, seconds: 30)
                }
                // Writes flow between kills (fewer in the second round); generous time, for a machine busy with other tests.
                do {
                    try await load.waitForOK(before + (round == 0 ? 30 : 10), seconds: 60)
                } catch {
                    throw SuiteError("after restarting \(name) (round \(round + 1)): \(error)\n\(Self.evidence(suite))")
                }
            }
        }
        load.stop()
        await loadDone.value
        let outcomes = load.outcomes
        FuzzCampaignTests.say("crash safety: \(outcomes.count) requests, \(outcomes.filter { $0.attempts > 1 }.count) repeated after no answer, in \(Int(Date().timeIntervalSince(started))) s")

        // Then every request was answered OK in the end (at most once per id), some only after being repeated.
        #expect(load.failures.isEmpty, "\(load.failures.prefix(10))")
        #expect(outcomes.count >= 150)
        #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.filter { $0.status != .ok }.prefix(5))")
        #expect(outcomes.contains { $0.attempts > 1 }, "killing the gateway under load leaves at least one request unanswered, to repeat")

        // Every consumer catches up with every source it follows: cursor = applied count = the source's outbox.
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        func call(_ service: String, _ method: String, _ params: JSONValue) throws -> AnyReply {
            let body = try client.request(service: service, body: [Wire.encode(RequestEnvelope(method: method, params: params, token: admin))], timeoutMs: 5_000)
            return try Wire.decode(AnyReply.self, from: body[0])
        }
        func healthOfAll() throws -> [String: SystemMessages.Health] {
            var all: [String: SystemMessages.Health] = [:]
            for service in Self.domainServices {
                let reply = try call(service, "health.check", .emptyObject)
                all[service] = try (reply.result ?? .null).decode(SystemMessages.Health.self)
            }
            return all
        }
        func lagging(_ all: [String: SystemMessages.Health]) -> [String] {
            Self.followed.flatMap { consumer, sources in
                sources.compactMap { source -> String? in
                    let produced = all[source]?.outboxSeq ?? -1
                    let cursor = all[consumer]?.inboxCursors[source] ?? 0
                    let applied = all[consumer]?.inboxApplied?[source] ?? 0
                    return cursor == produced && applied == produced ? nil : "\(consumer) ← \(source): outbox \(produced), cursor \(cursor), applied \(applied)"
                }
            }
        }
        var positions = try healthOfAll()
        let settleBy = Date().addingTimeInterval(30)
        while !lagging(positions).isEmpty, Date() < settleBy {
            try await Task.sleep(for: .milliseconds(500))
            positions = try healthOfAll()
        }
        #expect(lagging(positions).isEmpty, "\(lagging(positions))")
        #expect((positions["referral"]?.outboxSeq ?? 0) >= Int64(outcomes.filter { $0.kind == .clue }.count), "each clue is at least one event")
        #expect((positions["warning"]?.inboxApplied?["referral"] ?? 0) > 0, "warning applied referral's events")
        #expect((positions["credit"]?.outboxSeq ?? 0) > 0, "credit published grade changes")
        #expect((positions["warning"]?.inboxApplied?["credit"] ?? 0) > 0, "warning applied credit's events")

        // Every OK request is there exactly once, read back from the service that owns it …
        var expectedClues: [String: Int] = [:]
        var expectedRecords: [String: Int] = [:]
        var expectedReadings: [String: Int] = [:]
        for outcome in outcomes {
            switch outcome.kind {
            case .clue: expectedClues[outcome.key, default: 0] += 1
            case .record: expectedRecords[outcome.key, default: 0] += 1
            case .reading: expectedReadings[outcome.key, default: 0] += 1
            }
        }
        for (uscc, count) in expectedClues {
            let clues = try call("referral", "clues.list", ["uscc": .string(uscc), "limit": 1_000]).result?["clues"]?.arrayValue ?? []
            #expect(clues.count == count, "referral has \(clues.count) clues about \(uscc), the client registered \(count)")
            // … and each clue became exactly one warning signal, through the event.
            let signals = try call("warning", "signals.list", ["uscc": .string(uscc), "kind": "clue", "limit": 1_000]).result?["signals"]?.arrayValue ?? []
            #expect(signals.count == count, "warning has \(signals.count) clue signals about \(uscc) for \(count) clues")
        }
        for outcome in outcomes where outcome.kind == .clue {
            let clueId = outcome.result?["clue"]?["id"]?.stringValue ?? ""
            #expect(try call("referral", "clues.get", ["clueId": .string(clueId)]).status == .ok, "clue \(clueId) answered OK to \(outcome.id) is there")
        }
        for (uscc, count) in expectedRecords {
            let records = try call("credit", "records.list", ["uscc": .string(uscc), "limit": 1_000]).result?["records"]?.arrayValue ?? []
            #expect(records.count == count, "credit has \(records.count) records for \(uscc), the client added \(count)")
        }
        for (site, count) in expectedReadings {
            let signals = try call("warning", "signals.list", ["site": .string(site), "limit": 1_000]).result?["signals"]?.arrayValue ?? []
            #expect(signals.count == count, "warning has \(signals.count) signals from \(site), the client sent \(count)")
        }
        for name in Self.domainServices + ["gateway"] {
            #expect(suite.processes(of: name).count == 3, "\(name) was killed twice")
            #expect(suite.processes(of: name).last?.isRunning == true, "\(name) runs after its restarts")
        }
    }

    /// Which processes are alive and the last lines each one logged, for a failure report (the suite's directory is
    /// gone once the test ends).
    static func evidence(_ suite: SuiteProcesses) -> String {
        (Self.domainServices + ["gateway"]).map { name in
            let processes = suite.processes(of: name)
            let alive = processes.enumerated().filter { $0.element.isRunning }.map(\.offset)
            let last = processes.count - 1
            let tail = suite.log(name, index: max(0, last)).split(separator: "\n").suffix(15).joined(separator: "\n")
            return "--- \(name): processes \(processes.count), running \(alive); last lines of \(name)-\(last).log:\n\(tail)"
        }.joined(separator: "\n")
    }

    static func killAndRestart(_ name: String, _ suite: SuiteProcesses) async throws {
        guard let victim = suite.processes(of: name).last(where: \.isRunning) else { throw SuiteError("no running \(name) to kill") }
        suite.kill(victim)
        try await Task.sleep(for: .milliseconds(300))
        try suite.start(name)
    }

    /// When the running process of `service` started (`health.check`), to tell its successor from it.
    static func startedAt(_ service: String, _ suite: SuiteProcesses, token: String, timeoutMs: Int = 5_000) throws -> String {
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        let body = try client.request(
            service: service, body: [Wire.encode(RequestEnvelope(method: "health.check", params: SystemMessages.Empty(), token: token))], timeoutMs: timeoutMs,
            retries: 0)
        return try Wire.decode(AnyReply.self, from: body[0]).result?["startedAt"]?.stringValue ?? ""
    }

    /// Waits until a new process of `service` answers (the dead one's workers linger in the broker until their
    /// heartbeats lapse, so counting workers would not tell them apart).
    static func waitForRestart(_ service: String, previous: String, _ suite: SuiteProcesses, token: String, seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let started = try? startedAt(service, suite, token: token, timeoutMs: 1_000), !started.isEmpty, started != previous { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SuiteError("\(service) did not come back in \(seconds) s\n\(suite.log(service, index: suite.processes(of: service).count - 1))")
    }
}

/// One client thread writing as fast as the suite answers: request ids are fixed in advance, and a request that gets
/// no answer (the process serving it was killed) or `UNAVAILABLE` is sent again with the same id until it is answered.
final class LoadGenerator: Sendable {
    enum Kind: Sendable { case clue, reading, record }

    struct Outcome: Sendable {
        var id: String
        var kind: Kind
        /// The entity (clues, records) or site (readings) it is about.
        var key: String
        var status: Status
        var attempts: Int
        var result: JSONValue?
    }

    struct State {
        var stopping = false
        var outcomes: [Outcome] = []
        var failures: [String] = []
    }

    let endpoint: String
    let token: String
    private let state = Mutex(State())
    /// Five entities with valid USCCs (check character per GB 32100) and five monitored sites.
    static let entities = (0..<5).map { index in
        let body = "91411603MA9CR000\(index)"
        return body + (USCC.checkCharacter(for: body).map(String.init) ?? "?")
    }
    static let sites = (0..<5).map { "crash-site-\($0)" }

    init(endpoint: String, token: String) {
        self.endpoint = endpoint
        self.token = token
    }

    var okCount: Int { state.withLock { $0.outcomes.count } }
    var outcomes: [Outcome] { state.withLock { $0.outcomes } }
    var failures: [String] { state.withLock { $0.failures } }
    func stop() { state.withLock { $0.stopping = true } }

    func waitForOK(_ count: Int, seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while okCount < count {
            guard Date() < deadline else { throw SuiteError("the load generator got \(okCount) of \(count) answers in \(seconds) s: \(failures.prefix(5))") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs requests `lane`, `lane + lanes`, `lane + 2 × lanes` … until stopped.
    func run(lane: Int, of lanes: Int) {
        let client = MDPClient(context: TestContext.shared, endpoint: endpoint)
        var index = lane
        while !state.withLock({ $0.stopping }) {
            let (service, method, kind, key, params) = request(index)
            let id = "crash-\(method)-\(index)"
            index += lanes
            guard let body = try? Wire.encode(RequestEnvelope(id: id, method: method, params: params, token: token)) else { continue }
            var attempts = 0
            let giveUp = Date().addingTimeInterval(45)
            while Date() < giveUp {
                attempts += 1
                let reply: AnyReply
                do {
                    let frames = try client.request(service: service, body: [body], timeoutMs: 1_500, retries: 0)
                    reply = try Wire.decode(AnyReply.self, from: frames.first ?? Data())
                } catch {
                    // No answer: the broker or the worker died with the request. Same request, same id.
                    continue
                }
                if reply.status == .unavailable || reply.status == .deadlineExceeded {
                    // Nobody to serve it yet (restarting), or a dependency was down: again, same id.
                    Thread.sleep(forTimeInterval: 0.1)
                    continue
                }
                let outcome = Outcome(id: id, kind: kind, key: key, status: reply.status, attempts: attempts, result: reply.result)
                state.withLock { state in
                    state.outcomes.append(outcome)
                    if reply.status != .ok { state.failures.append("\(id): \(reply.status) \(reply.error?.message ?? "")") }
                }
                break
            }
            if Date() >= giveUp { state.withLock { $0.failures.append("\(id) got no answer in 45 s (\(attempts) attempts)") } }
        }
    }

    func request(_ index: Int) -> (service: String, method: String, kind: Kind, key: String, params: JSONValue) {
        let entity = Self.entities[index % Self.entities.count]
        switch index % 3 {
        case 0:
            // No sourceRef: only the request id keeps a repeated registration from making a second clue.
            return ("referral", "clues.register", .clue, entity, [
                "source": "hotline12345", "uscc": .string(entity), "description": .string("crash safety clue \(index)"), "domain": "gas-safety",
            ])
        case 1:
            let site = Self.sites[index % Self.sites.count]
            // No readingId: only the request id keeps a repeated batch from making a second signal.
            return ("warning", "signals.ingest", .reading, site, [
                "source": "crash-iot", "readings": [["site": .string(site), "metric": "ch4.ppm", "value": .double(Double(index % 50)), "at": .string(Wire.timestamp(Date()))]],
            ])
        default:
            return ("credit", "records.add", .record, entity, [
                "uscc": .string(entity), "dept": "hy-market", "type": "dailySupervision", "polarity": "negative", "severity": "serious",
                "occurredOn": "2025-05-01", "summary": .string("crash safety record \(index)"),
            ])
        }
    }
}
