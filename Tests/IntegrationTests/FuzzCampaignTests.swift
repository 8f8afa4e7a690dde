import Bus
import Foundation
import GRDB
import JGTesting
import Messages
import Testing
import ZeroMQ

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue #10's bad-input campaign: at least 100,000 generated malformed requests through HTTP and the bus, at every
/// method every service lists. Afterwards every process still runs, answers `health.check`, and its database passes
/// `PRAGMA integrity_check`; no request was answered `INTERNAL` and none went unanswered.
///
/// - Opt-in (`JG_FUZZ_CAMPAIGN=1`, as `make test-fuzz` and `.ci/run` set it): it keeps both cores busy for minutes,
///   which would starve the timing-sensitive tests `swift test` runs beside it (heartbeat expiry, rate limits).
/// - `JG_FUZZ_SEED` repeats a campaign (the seed is printed at the start); `JG_FUZZ_COUNT` sets how many requests.
/// - The suite runs with `JG_RATE_LIMIT=0`: the campaign sends thousands of requests a second with one admin token,
///   which the gateway's per-token limiter would otherwise answer `RESOURCE_EXHAUSTED` before they reach a service.
/// - Raw frames go out on DEALER sockets, REQ framing (an empty first frame) included.
/// - Mostly the requests fail validation (cheap), and they are pipelined: 16 DEALER sockets with one request in
///   flight each (so every reply is matched to its request exactly) and 8 concurrent HTTP clients.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["JG_FUZZ_CAMPAIGN"] == "1", "opt-in: JG_FUZZ_CAMPAIGN=1 (make test-fuzz)"))
struct FuzzCampaignTests {
    static let services = ["catalog", "credit", "gateway", "inspection", "planning", "referral", "warning"]

    struct Settings {
        var seed: UInt64
        var count: Int
        var countOverridden: Bool

        static func fromEnvironment() -> Settings {
            let environment = ProcessInfo.processInfo.environment
            let seed = environment["JG_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
            let count = environment["JG_FUZZ_COUNT"].flatMap { Int($0) }.map { max(100, $0) }
            return Settings(seed: seed, count: count ?? 100_000, countOverridden: count != nil)
        }
    }

    @Test(.timeLimit(.minutes(10))) func aHundredThousandMalformedRequestsBreakNothing() async throws {
        let settings = Settings.fromEnvironment()
        Self.say("fuzz campaign: seed \(settings.seed) (JG_FUZZ_SEED=\(settings.seed) repeats it), \(settings.count) requests (JG_FUZZ_COUNT)")
        // Given the whole suite, without the per-token rate limit (see above) and with a short wait for services that do not exist.
        let suite = try SuiteProcesses(environment: ["JG_RATE_LIMIT": "0", "JG_QUEUE_TIMEOUT_MS": "1000", "JG_LOG_LEVEL": "error"])
        try suite.startSuite()
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 90)
        try #require(health.status == 200, "suite not healthy: \(health.text)\n\(suite.log("gateway"))")
        let admin = try suite.adminToken()
        let methods = try Self.methodLists(suite, token: admin)
        for service in Self.services { #expect((methods[service] ?? []).count >= 3, "\(service) lists its methods") }

        // When the campaign runs: raw frames and malformed MDP requests on one thread, HTTP from eight tasks.
        let httpCount = settings.count / 10
        let rawCount = settings.count * 15 / 100
        let busCount = settings.count - httpCount - rawCount
        let plan = BusLane.Plan(
            endpoint: suite.brokerEndpoint, seed: settings.seed, busCount: busCount, rawCount: rawCount, methods: methods, adminToken: admin,
            suiteToken: suite.environment["JG_SUITE_TOKEN"] ?? "")
        let started = Date()
        async let busReport = Self.onThread { BusLane(plan).run() }
        let httpReport = await HTTPLane.run(
            base: suite.httpBase, seed: settings.seed, count: httpCount, lanes: 8, methods: methods, adminToken: admin, suiteToken: plan.suiteToken)
        var report = await busReport
        report.merge(httpReport)
        let elapsed = Date().timeIntervalSince(started)
        Self.say(
            "fuzz campaign: \(report.sent) requests in \(String(format: "%.1f", elapsed)) s (\(Int(Double(report.sent) / max(elapsed, 0.001)))/s): "
                + "\(report.answered) answered, \(report.dropped) dropped; statuses \(report.statuses.sorted { $0.key < $1.key }); hits \(report.hits.sorted { $0.key < $1.key })")

        // Then every request went out, every service was hit, none was answered INTERNAL and none was left hanging.
        #expect(report.sent == settings.count)
        if !settings.countOverridden { #expect(report.sent >= 100_000) }
        #expect(report.answered >= busCount + httpCount, "every well-framed request and every HTTP call got an answer")
        for service in Self.services {
            #expect((report.hits[service] ?? 0) >= busCount / 20, "\(service) got only \(report.hits[service] ?? 0) requests")
        }
        #expect(report.statuses["INTERNAL", default: 0] == 0)
        #expect(report.failures.isEmpty, "\(report.failures.count) failures (seed \(settings.seed)), the first:\n\(report.failures.prefix(20).joined(separator: "\n"))")

        // Every process still runs and answers health.check.
        for name in Self.services {
            for process in suite.processes(of: name) {
                #expect(process.isRunning, "\(name) died during the campaign (seed \(settings.seed)):\n\(suite.log(name).suffix(3_000))")
            }
        }
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        for service in Self.services {
            let body = try client.request(
                service: service, body: [Wire.encode(RequestEnvelope(method: "health.check", params: SystemMessages.Empty(), token: admin))], timeoutMs: 10_000)
            let reply = try Wire.decode(AnyReply.self, from: body[0])
            #expect(reply.status == .ok, "\(service) health.check: \(reply.error?.message ?? "")")
        }
        // The broker forgets the made-up services once their (fake) workers and queued requests are gone.
        var listed: [String] = []
        let deadline = Date().addingTimeInterval(15)
        repeat {
            let healthz = try Wire.decode(JSONValue.self, from: try await HTTP.get("\(suite.httpBase)/healthz").body)
            listed = (healthz["services"]?.arrayValue ?? []).compactMap { $0["service"]?.stringValue }
            if listed == Self.services { break }
            try await Task.sleep(for: .milliseconds(500))
        } while Date() < deadline
        #expect(listed == Self.services, "/healthz lists \(listed.count) services: \(listed.prefix(20))")

        // Every store is intact.
        for service in Self.services {
            let path = suite.dataDirectory.appendingPathComponent("\(service).sqlite").path
            #expect(FileManager.default.fileExists(atPath: path), "\(service) has its store at \(path)")
            var configuration = Configuration()
            configuration.readonly = true
            let store = try DatabaseQueue(path: path, configuration: configuration)
            let check = try await store.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(check == ["ok"], "\(service).sqlite: \(check.prefix(10))")
            try store.close()
        }
    }

    static func methodLists(_ suite: SuiteProcesses, token: String) throws -> [String: [SystemMessages.MethodSpec]] {
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        var methods: [String: [SystemMessages.MethodSpec]] = [:]
        for service in services {
            let body = try client.request(
                service: service, body: [Wire.encode(RequestEnvelope(method: "methods.list", params: SystemMessages.Empty(), token: token))], timeoutMs: 10_000)
            methods[service] = try Wire.decode(ReplyEnvelope<SystemMessages.MethodList>.self, from: body[0]).result?.methods ?? []
        }
        return methods
    }

    /// Prints at once (unbuffered), so the seed is on record even if the run is killed.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs blocking socket work on a thread of its own, off the cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// What a lane saw: how many requests it sent, how each was answered, and the cases that found something.
struct FuzzReport: Sendable {
    var sent = 0
    var answered = 0
    var dropped = 0
    var statuses: [String: Int] = [:]
    var hits: [String: Int] = [:]
    var failures: [String] = []

    mutating func record(_ status: String, for fuzzCase: FuzzCase) {
        answered += 1
        statuses[status, default: 0] += 1
        if let target = fuzzCase.target { hits[target, default: 0] += 1 }
        if status == "INTERNAL" || status == "INVALID" { failures.append("\(status) for \(fuzzCase.description)") }
    }

    mutating func merge(_ other: FuzzReport) {
        sent += other.sent
        answered += other.answered
        dropped += other.dropped
        statuses.merge(other.statuses, uniquingKeysWith: +)
        hits.merge(other.hits, uniquingKeysWith: +)
        failures += other.failures
    }

    /// The status of a reply envelope; "INVALID" when the reply is not one.
    static func status(of body: Data) -> String {
        struct Probe: Decodable { var status: String }
        return (try? Wire.decode(Probe.self, from: body))?.status ?? "INVALID"
    }
}

/// Raw frames and malformed MDP requests, pipelined over several DEALER sockets from one thread.
final class BusLane {
    struct Plan: Sendable {
        var endpoint: String
        var seed: UInt64
        var busCount: Int
        var rawCount: Int
        var methods: [String: [SystemMessages.MethodSpec]]
        var adminToken: String
        var suiteToken: String
    }

    struct Pending {
        var fuzzCase: FuzzCase
        var sentAt: Date
    }

    let plan: Plan
    let socketCount = 16
    /// Longer than any honest answer (a service's call timeout is 5 s): past it, the request is reported as hanging.
    let hangAfter: TimeInterval = 30

    init(_ plan: Plan) { self.plan = plan }

    func run() -> FuzzReport {
        var report = FuzzReport()
        do {
            try campaign(&report)
        } catch {
            report.failures.append("the bus lane stopped: \(error)")
        }
        return report
    }

    private func campaign(_ report: inout FuzzReport) throws {
        let context = TestContext.shared
        func dealer() throws -> ZMQSocket {
            let socket = try ZMQSocket(context, .dealer)
            try socket.connect(plan.endpoint)
            return socket
        }
        var sockets = try (0..<socketCount).map { _ in try dealer() }
        let raw = try (0..<2).map { _ in try dealer() }
        defer {
            for socket in sockets { socket.close() }
            for socket in raw { socket.close() }
        }
        var pending = [Pending?](repeating: nil, count: socketCount)
        var generator = FuzzGenerator(seed: plan.seed ^ 0xB05_B05, methods: plan.methods, adminToken: plan.adminToken, suiteToken: plan.suiteToken)
        let services = plan.methods.keys.sorted()
        var sentBus = 0
        var sentRaw = 0
        var lastAnswerAt = Date()
        // First, one request id per service sent to each of its mutating methods that need no parameters: the
        // second one to reach the store must be refused, not answered with the first one's stored reply.
        var probes: [FuzzCase] = []
        for service in services {
            for spec in plan.methods[service] ?? [] where spec.mutating && !spec.params.contains(where: \.required) && spec.name != "admin.backup" {
                let envelope = RequestEnvelope(id: "fuzz-reuse-\(plan.seed)-\(service)", method: spec.name, params: JSONValue.emptyObject, token: plan.adminToken)
                if let body = try? Wire.encode(envelope) {
                    probes.append(FuzzCase(channel: .busRequest(service: service, body: [body]), target: service, kind: "one request id for several methods"))
                }
            }
        }
        probes.reverse()

        func sendRaw() throws {
            let (frames, _) = generator.rawFrames()
            try raw[sentRaw % raw.count].send(frames)
            sentRaw += 1
            report.sent += 1
            report.dropped += 1
        }

        while sentBus < plan.busCount || pending.contains(where: { $0 != nil }) {
            for index in 0..<socketCount where pending[index] == nil && sentBus < plan.busCount {
                // Raw frames interleaved in proportion, so the broker sees both kinds all along.
                while sentRaw * plan.busCount < plan.rawCount * sentBus, sentRaw < plan.rawCount { try sendRaw() }
                let fuzzCase: FuzzCase
                if let probe = probes.popLast() {
                    fuzzCase = probe
                } else {
                    let service = generator.random.pick(services)
                    let (body, kind) = generator.envelope(service: service)
                    fuzzCase = FuzzCase(channel: .busRequest(service: service, body: body), target: service, kind: kind)
                }
                guard case .busRequest(let service, let body) = fuzzCase.channel else { continue }
                try sockets[index].send(MDP.ClientMessage.request(service: service, body: body).frames)
                pending[index] = Pending(fuzzCase: fuzzCase, sentAt: Date())
                sentBus += 1
                report.sent += 1
            }
            var poller = ZMQPoller()
            for socket in sockets { poller.add(socket) }
            for socket in raw { poller.add(socket) }
            let ready = try poller.poll(timeoutMilliseconds: 100)
            for index in 0..<socketCount where ready[index] {
                while let frames = try sockets[index].receive(dontWait: true) {
                    guard let waiting = pending[index] else {
                        report.failures.append("an answer nobody asked for on socket \(index): \(frames.map(FuzzCase.preview))")
                        continue
                    }
                    guard case .final(_, let body)? = try? MDP.ClientMessage(frames: frames) else {
                        report.failures.append("not an MDP FINAL reply \(frames.map(FuzzCase.preview)) for \(waiting.fuzzCase.description)")
                        pending[index] = nil
                        continue
                    }
                    report.record(body.count == 1 ? FuzzReport.status(of: body[0]) : "INVALID", for: waiting.fuzzCase)
                    pending[index] = nil
                    lastAnswerAt = Date()
                }
            }
            // Fake workers get heartbeats and DISCONNECTs, MMI asks get answers: read and forget.
            for (offset, socket) in raw.enumerated() where ready[socketCount + offset] {
                while try socket.receive(dontWait: true) != nil {}
            }
            let now = Date()
            if now.timeIntervalSince(lastAnswerAt) > hangAfter, pending.contains(where: { $0 != nil }) {
                // Nothing answers at all: the broker is gone. Stop rather than wait out every remaining request.
                report.failures.append(
                    "the bus went silent for \(Int(hangAfter)) s after \(sentBus) requests (did the gateway die?); still waiting: "
                        + pending.compactMap { $0?.fuzzCase.description }.joined(separator: "\n"))
                return
            }
            for index in 0..<socketCount {
                if let waiting = pending[index], now.timeIntervalSince(waiting.sentAt) > hangAfter {
                    report.failures.append("no answer within \(Int(hangAfter)) s (hang) for \(waiting.fuzzCase.description)")
                    pending[index] = nil
                    sockets[index].close()
                    sockets[index] = try dealer()
                }
            }
        }
        while sentRaw < plan.rawCount { try sendRaw() }
        // Let the last raw frames reach the broker before the sockets close.
        Thread.sleep(forTimeInterval: 0.5)
    }
}

/// Malformed calls to `/v1/call`, `/v1/cmd` and `/public/...` from several concurrent clients.
enum HTTPLane {
    static func run(
        base: String, seed: UInt64, count: Int, lanes: Int, methods: [String: [SystemMessages.MethodSpec]], adminToken: String, suiteToken: String
    ) async -> FuzzReport {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = lanes
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        return await withTaskGroup(of: FuzzReport.self) { group in
            for lane in 0..<lanes {
                let share = count / lanes + (lane < count % lanes ? 1 : 0)
                group.addTask {
                    var generator = FuzzGenerator(seed: seed ^ (0x4771_0000 + UInt64(lane)), methods: methods, adminToken: adminToken, suiteToken: suiteToken)
                    var report = FuzzReport()
                    for _ in 0..<share {
                        let fuzzCase = generator.httpCase()
                        guard case .http(let method, let path, let headers, let body) = fuzzCase.channel, let url = URL(string: base + path) else {
                            report.failures.append("the generator made an unusable HTTP case: \(fuzzCase.description)")
                            continue
                        }
                        var request = URLRequest(url: url)
                        request.httpMethod = method
                        if method == "POST" { request.httpBody = body }
                        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
                        report.sent += 1
                        do {
                            let (data, response) = try await session.data(for: request)
                            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
                            let contentType = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") ?? ""
                            var status = contentType.hasPrefix("application/json") ? FuzzReport.status(of: data) : "HTTP \(code)"
                            // /healthz-style JSON without an envelope status does not occur on these routes; a 500 is INTERNAL whatever the body.
                            if code == 500 { status = "INTERNAL" }
                            if code == 0 { status = "INVALID" }
                            report.record(status, for: fuzzCase)
                        } catch {
                            report.failures.append("no HTTP answer (\(error)) for \(fuzzCase.description)")
                        }
                    }
                    return report
                }
            }
            var total = FuzzReport()
            for await report in group { total.merge(report) }
            return total
        }
    }
}
