import ArgumentParser
import Foundation
import JGTesting
import Messages
import Synchronization
import ZeroMQ

/// `jg-bench inspection --through-gateway`: the same result path as the in-process run, sent as HTTP calls through
/// the gateway into the real release suite, with the tokens each person would hold: the tasks are special campaigns
/// created by the coordination office, every item's result is recorded by its own department's inspector (谁检查、
/// 谁录入), and publication fans out to credit, warning and referral as in production.
extension InspectionBench {
    /// One HTTP call of the timed phase, encoded before the clock starts.
    struct Call: Sendable {
        var method: String
        var token: String
        var body: [UInt8]
    }

    func runThroughGateway() async throws {
        print("bench-inspection --through-gateway: \(tasks) tasks × \(items) items, \(clients) HTTP clients, release suite, \(Machine.description), \(Date().formatted(.iso8601))")
        let suite = try await SuiteProcesses.startRelease()
        defer { suite.stopAll() }
        let admin = try suite.adminToken()
        let port = suite.httpPort
        let items = items

        // Tokens: one per inspector (department × person), issued by the admin.
        let people = (0..<items).flatMap { item in (0..<Self.inspectorsPerDept).map { (dept: Self.depts[item], user: "insp-\(item)-\($0)") } }
        let issued = try await Self.parallel(
            port: port, clients: clients,
            people.map { person in
                Call(
                    method: "gateway/tokens.issue", token: admin,
                    body: Array(
                        try Wire.encode(
                            GatewayMessages.IssueToken(role: .inspector, dept: person.dept, user: person.user, label: "jg-bench inspection \(person.user)"))))
            })
        var tokens: [String: String] = [:]
        for (person, reply) in zip(people, issued) {
            guard let token = (try? Wire.decode(ReplyEnvelope<GatewayMessages.IssuedToken>.self, from: Data(reply)))?.result?.token else {
                throw ValidationError("tokens.issue for \(person.user) answered \(String(decoding: reply.prefix(200), as: UTF8.self))")
            }
            tokens[person.user] = token
        }

        // Intake: special-campaign tasks created by the admin for the lead department (timed apart: not results).
        let window = M.Window(start: Self.day(0), end: Self.day(30))
        let creates = try (0..<tasks).map { index in
            Call(
                method: "inspection/tasks.create", token: admin,
                body: Array(
                    try Wire.encode(
                        M.TaskCreate(
                            source: .campaign, campaign: "jg-bench joint inspection", uscc: Self.uscc(index),
                            items: (0..<items).map { M.TaskItemSpec(code: "HY-2025-\(String(format: "%02d", $0 + 1))", dept: Self.depts[$0]) },
                            depts: Array(Self.depts.prefix(items)),
                            inspectors: (0..<items).map { M.InspectorRef(id: Self.inspector($0, index), dept: Self.depts[$0]) },
                            window: window, leadDept: Self.depts[0]))))
        }
        let intakeStart = ContinuousClock.now
        let created = try await Self.parallel(port: port, clients: clients, creates)
        let intake = seconds(since: intakeStart)
        let taskIds = try created.map { reply in
            guard let id = (try? Wire.decode(ReplyEnvelope<M.InspectionTask>.self, from: Data(reply)))?.result?.id else {
                throw ValidationError("tasks.create answered \(String(decoding: reply.prefix(200), as: UTF8.self))")
            }
            return id
        }
        print(String(format: "  intake (tasks.create via gateway HTTP): %d tasks in %.2f s = %.0f tasks/s", tasks, intake, Double(tasks) / intake))

        // The timed phase: every task's calls in order on one connection, `clients` connections at once.
        let scripts = try taskIds.enumerated().map { index, taskId in try Self.script(taskId: taskId, index: index, items: items, tokens: tokens, admin: admin) }
        // The first task's replies are kept, by method, for the floor below.
        let recorded = Mutex<[String: [Data]]>([:])
        let start = ContinuousClock.now
        try await Self.run(port: port, clients: clients, scripts) { index, call, body in
            if index == 0 { recorded.withLock { $0[String(call.method.dropFirst("inspection/".count))] = [Data(body)] } }
        }
        let elapsed = seconds(since: start)
        let results = tasks * items
        let calls = scripts.reduce(0) { $0 + $1.count }
        print(
            String(
                format: "  record+publish via gateway HTTP: %d results (%d calls) in %.2f s = %.0f results/s   target ≥ 5,000 results/s",
                results, calls, elapsed, Double(results) / elapsed))

        // The floor in the same run: the same calls again with inspection replaced by a stand-in that answers each at
        // once with the reply recorded for its method. No service does any work and no event is published, so what
        // is measured is the gateway (HTTP, token, role table, access log, broker) and this client.
        let replies = recorded.withLock { $0 }
        guard let fallback = replies["results.record"] else { throw ValidationError("no results.record reply was recorded") }
        for process in suite.processes(of: "inspection") { suite.kill(process, signal: SIGTERM) }
        let others = SuiteProcesses.executables.filter { $0 != "inspection" }.flatMap { suite.processes(of: $0) }.map(\.processIdentifier)
        let settled = ProcessCPU.waitQuiet(others)
        let standIn = try StandIn(
            context: try ZMQContext(), gateway: suite.brokerEndpoint, service: "inspection", replies: replies, fallback: fallback, workers: 4)
        defer { standIn.stop() }
        try await Task.sleep(for: .seconds(1))  // the stand-in's READY reaches the broker
        let gateway = suite.processes(of: "gateway").map(\.processIdentifier)
        let gatewayCPU = ProcessCPU.seconds(pids: gateway)
        let clientCPU = ProcessCPU.seconds()
        let floorStart = ContinuousClock.now
        try await Self.run(port: port, clients: clients, scripts)
        let floor = seconds(since: floorStart)
        let perCall = { (cpu: Double) in cpu / Double(calls) * 1_000_000 }
        print(
            String(
                format: "  floor, the gateway alone (stand-in inspection, same calls, after %.0f s for the subscribers to catch up): %d results in %.2f s = %.0f results/s (%.0f calls/s; CPU per call: gateway %.0f µs, this client and the stand-in %.0f µs)",
                settled, results, floor, Double(results) / floor, Double(calls) / floor,
                perCall(ProcessCPU.seconds(pids: gateway) - gatewayCPU), perCall(ProcessCPU.seconds() - clientCPU)))
    }

    static let inspectorsPerDept = 50

    static func inspector(_ item: Int, _ index: Int) -> String { "insp-\(item)-\(index % inspectorsPerDept)" }

    /// One task's calls: start and submit by the lead inspector, one record per item by that item's inspector, publish by the admin.
    static func script(taskId: String, index: Int, items: Int, tokens: [String: String], admin: String) throws -> [Call] {
        func token(_ item: Int) throws -> String {
            guard let token = tokens[inspector(item, index)] else { throw ValidationError("no token for \(inspector(item, index))") }
            return token
        }
        let ref = Array(try Wire.encode(M.TaskRef(taskId: taskId)))
        var calls = [Call(method: "inspection/tasks.start", token: try token(0), body: ref)]
        for item in 0..<items {
            calls.append(Call(method: "inspection/results.record", token: try token(item), body: Array(try Wire.encode(record(taskId: taskId, index: index, item: item)))))
        }
        calls.append(Call(method: "inspection/tasks.submit", token: try token(0), body: ref))
        calls.append(Call(method: "inspection/results.publish", token: admin, body: Array(try Wire.encode(M.ResultPublish(taskId: taskId)))))
        return calls
    }

    /// Sends each call and returns the reply bodies in order; any non-200 answer fails the bench.
    static func parallel(port: Int, clients: Int, _ calls: [Call]) async throws -> [[UInt8]] {
        let replies = Mutex<[[UInt8]]>(Array(repeating: [], count: calls.count))
        try await run(port: port, clients: clients, calls.map { [$0] }) { index, _, body in replies.withLock { $0[index] = body } }
        return replies.withLock { $0 }
    }

    /// Runs the scripts on `clients` keep-alive connections (script `n` on connection `n % clients`, its calls in order);
    /// `reply` sees each answer with its script index and call.
    static func run(port: Int, clients: Int, _ scripts: [[Call]], reply: @escaping @Sendable (Int, Call, [UInt8]) -> Void = { _, _, _ in }) async throws {
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            // Threads, not tasks: each client blocks on its socket (see LoopbackHTTPConnection).
            Thread {
                defer { group.leave() }
                let connection = LoopbackHTTPConnection(port: port)
                defer { connection.disconnect() }
                var index = client
                while index < scripts.count, failures.withLock({ $0.isEmpty }) {
                    for call in scripts[index] {
                        do {
                            let response = try connection.send(method: "POST", path: "/v1/call/\(call.method)", body: call.body, bearer: call.token)
                            guard response.status == 200 else {
                                failures.withLock { $0.append("\(call.method): HTTP \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))") }
                                return
                            }
                            reply(index, call, response.body)
                        } catch {
                            failures.withLock { $0.append("\(call.method): \(error)") }
                            return
                        }
                    }
                    index += clients
                }
            }.start()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in group.notify(queue: .global()) { continuation.resume() } }
        if let first = failures.withLock({ $0.first }) { throw ValidationError("a call through the gateway failed: \(first)") }
    }
}
