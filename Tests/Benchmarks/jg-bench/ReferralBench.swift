import ArgumentParser
import Foundation
import GRDB
import JGTesting
import Messages
import ReferralCore
import ServiceRunner
import Store

/// `jg-bench referral`: the referral core in-process over an on-disk database in a temporary directory —
/// `clues.register` for 100,000 clues (routing from the 19 demo items, reporter contacts on a third, links between
/// clues about the same entity), then `clues.list dept=… overdue=true` for one department at that size. Both go
/// through the real dispatcher (envelope decoding, permissions, one transaction).
/// Targets: ≥ 3,000 registrations/s; overdue list p99 ≤ 20 ms.
struct ReferralBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referral", abstract: "Clue registration throughput and one department's overdue list on an on-disk store.")

    @Option(help: "Clues registered.") var clues = 100_000
    @Option(help: "Distinct entities the clues are about (clues about one entity are related).") var entities = 20_000
    @Option(help: "Registrations in flight at once (as many as a referral process serves: JG_WORKERS).") var concurrency = SuiteConfiguration.defaultWorkers
    @Option(help: "clues.list calls measured.") var lists = 1_000
    @Option(help: "Clues per list page.") var limit = 100
    @Flag(help: "Keep the temporary database directory.") var keep = false
    @Flag(help: "Register through the gateway's HTTP front into the real release suite (.build/release), one keep-alive connection per client.")
    var throughGateway = false
    @Option(help: "HTTP clients with --through-gateway (departments' systems and the 12345 hotline sending at once).") var clients = 128
    @Option(help: "Extra suite environment with --through-gateway, e.g. JG_WORKERS=8 (repeatable).") var suiteEnv: [String] = []
    @Option(
        help: "Services to start with --through-gateway, comma-separated; e.g. catalog,referral for registration alone, without the subscribers (warning, credit, inspection) applying its events on the same cores."
    ) var services = SuiteProcesses.services.joined(separator: ",")

    /// The 19 demo items (淮阳区 2025 batch 1): code, lead department, domain.
    static let items: [(code: String, lead: String, domain: String)] = [
        ("HY-2025-01", "hy-edu", "vocational-internship"), ("HY-2025-02", "hy-hrss", "labour-wages"),
        ("HY-2025-03", "hy-housing", "self-built-housing"), ("HY-2025-04", "hy-urban", "gas-safety"),
        ("HY-2025-05", "hy-transport", "road-transport"), ("HY-2025-06", "hy-transport", "truck-overload"),
        ("HY-2025-07", "hy-agri", "agri-inputs"), ("HY-2025-08", "hy-agri", "livestock"), ("HY-2025-09", "hy-agri", "slaughter"),
        ("HY-2025-10", "hy-commerce", "auto-market"), ("HY-2025-11", "hy-health", "medical-beauty"), ("HY-2025-12", "hy-emergency", "hazchem"),
        ("HY-2025-13", "hy-medical-insurance", "medical-insurance-fund"), ("HY-2025-14", "hy-financial-services", "local-finance"),
        ("HY-2025-15", "hy-natural-resources", "seedlings"), ("HY-2025-16", "hy-market", "medical-devices"), ("HY-2025-17", "hy-market", "pharmacy"),
        ("HY-2025-18", "hy-grain-reserve", "grain"), ("HY-2025-19", "hy-civil-affairs", "elderly-care"),
    ]

    func run() async throws {
        if throughGateway { return try await runThroughGateway() }
        print("bench-referral: \(clues) clues about \(entities) entities, concurrency \(concurrency), \(Machine.description), \(Date().formatted(.iso8601))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-bench-referral-\(UUID().uuidString)").path
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let database = try ServiceDatabase(service: "referral", directory: directory, migrations: ReferralService.migrations)
        let csv = "\(directory)/items.csv"
        try ("code,lead,cooperating,domain\n" + Self.items.map { "\($0.code),\($0.lead),,\($0.domain)" }.joined(separator: "\n"))
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let harness = try ServiceHarness<ReferralService>(
            environment: [
                "JG_REFERRAL_ROUTING_CSV": csv, "JG_REFERRAL_NOW": "2025-09-01T02:00:00Z",
                // Reporter contacts sealed with AES-GCM, as in production.
                "JG_REFERRAL_CONTACT_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
            ], database: database)

        // Registration: as the coordination office, through the dispatcher, `concurrency` requests in flight.
        let admin = Actor(dept: "hy-coordination", user: "bench", role: .admin)
        let bodies = try makeBodies(actor: admin)
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Int.self) { group in
            let share = (bodies.count + concurrency - 1) / concurrency
            for worker in 0..<concurrency {
                let slice = Array(bodies[min(bodies.count, worker * share)..<min(bodies.count, (worker + 1) * share)])
                group.addTask {
                    var failed = 0
                    for body in slice {
                        let frames = await harness.dispatcher.handle([body])
                        // Only the status: decoding the whole reply is the client's cost, not the service's.
                        if (try? Wire.decode(StatusOnly.self, from: frames[0]))?.status != .ok { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = seconds(since: start)
        guard failures == 0 else { throw ValidationError("\(failures) registrations failed") }
        print(String(format: "  clues.register: %d clues in %.2f s = %.0f clues/s (target ≥ 3,000)", clues, elapsed, Double(clues) / elapsed))

        // Seven weeks later nearly every sign-off is overdue: one department's overdue list, first pages and deep pages.
        harness.core.clock.set(ReferralClock.parse("2025-10-20T02:00:00Z") ?? Date())
        let market = Actor(dept: "hy-market", user: "bench", role: .operator)
        var samples: [Double] = []
        var cursor: String? = nil
        var listed = 0
        for _ in 0..<lists {
            let body = try Wire.encode(RequestEnvelope(method: "clues.list", params: M.ClueListQuery(overdue: true, after: cursor, limit: limit), actor: market))
            let started = ContinuousClock.now
            let frames = await harness.dispatcher.handle([body])
            let reply = try Wire.decode(ReplyEnvelope<M.ClueList>.self, from: frames[0])
            samples.append(seconds(since: started))
            guard reply.status == .ok, let page = reply.result else { throw ValidationError("clues.list failed: \(reply.error?.message ?? "?")") }
            listed += page.clues.count
            cursor = page.next
        }
        let total = try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM referral_clues WHERE assigned_dept = 'hy-market' AND due_at < '2025-10-20T02:00:00Z'") ?? 0
        }
        print(
            "  clues.list dept=hy-market overdue=true limit=\(limit): \(lists) calls paging round and round \(total) overdue clues (\(listed) returned), "
                + "\(LatencyStats(samples).summary) (target p99 ≤ 20 ms)")
    }

    typealias M = ReferralMessages

    struct StatusOnly: Decodable {
        var status: Status
    }

    /// `clues.register` as departments' systems send it: HTTP with a token, through the gateway's front and broker
    /// to the referral process, which routes by the catalog's items (demo data) and commits; `clients` at once.
    func runThroughGateway() async throws {
        var extra: [String: String] = [:]
        for pair in suiteEnv {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--suite-env takes NAME=VALUE, got \(pair)") }
            extra[parts[0]] = parts[1]
        }
        let started = services.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let unknown = started.first(where: { !SuiteProcesses.services.contains($0) }) else {
            return try await runThroughGateway(SuiteProcesses.startRelease(environment: extra, services: started))
        }
        throw ValidationError("--services: \(unknown) is not one of \(SuiteProcesses.services.joined(separator: ", "))")
    }

    func runThroughGateway(_ suite: SuiteProcesses) async throws {
        defer { suite.stopAll() }
        print(
            "bench-referral --through-gateway: \(clues) clues, \(clients) HTTP clients, release suite (gateway, \(services)), \(Machine.description), \(Date().formatted(.iso8601))")
        let token = try suite.adminToken()
        let params = try makeParams()
        let port = suite.httpPort
        var failures: [String] = []
        let processes = Dictionary(uniqueKeysWithValues: SuiteProcesses.executables.map { ($0, suite.processes(of: $0).map(\.processIdentifier)) })
        let cpuBefore = processes.mapValues { ProcessCPU.seconds(pids: $0) }
        let clientCPU = ProcessCPU.seconds()
        let start = ContinuousClock.now
        try LoopbackHTTPLoad(port: port).post(params, to: "/v1/call/referral/clues.register", bearer: token, connections: clients) { status, body in
            if status != 200 { failures.append("HTTP \(status) \(String(decoding: body.prefix(200), as: UTF8.self))") }
        }
        let elapsed = seconds(since: start)
        guard failures.isEmpty else { throw ValidationError("\(failures.count) registrations failed, first: \(failures[0])") }
        print(String(format: "  clues.register via gateway HTTP: %d clues in %.2f s = %.0f clues/s (target ≥ 3,000)", clues, elapsed, Double(clues) / elapsed))
        // Where the CPU went, once the subscribers have applied every event the clues caused (they lag under load).
        let settled = ProcessCPU.waitQuiet(processes.values.flatMap { $0 })
        let client = ProcessCPU.seconds() - clientCPU
        let used = processes.map { name, pids in (name, ProcessCPU.seconds(pids: pids) - (cpuBefore[name] ?? 0)) }.filter { $0.1 >= 0.05 }.sorted { $0.1 > $1.1 }
        let perClue = { (cpu: Double) in String(format: "%.0f", cpu / Double(clues) * 1_000_000) }
        print(
            "  CPU per clue (µs, until the subscribers were done \(String(format: "%.0f", settled)) s later): "
                + used.map { "\($0.0) \(perClue($0.1))" }.joined(separator: ", ")
                + ", this client \(perClue(client)); total \(perClue(used.map(\.1).reduce(client, +)))")
    }

    /// The `clues.register` parameters of `makeBodies`, as HTTP bodies.
    func makeParams() throws -> [[UInt8]] {
        try makeRegistrations().map { Array(try Wire.encode($0)) }
    }

    /// Request bodies, made before timing: 1–2 suspected items (or a domain), a third with a reporter contact.
    func makeBodies(actor: Actor) throws -> [Data] {
        try makeRegistrations().map { try Wire.encode(RequestEnvelope(method: "clues.register", params: $0, actor: actor)) }
    }

    func makeRegistrations() -> [M.ClueRegister] {
        var generator = SeededRandom(seed: 20_250_901)
        let sources = M.ClueSource.allCases.filter { $0 != .department }
        return (0..<clues).map { index in
            let random = generator.next()
            let first = Self.items[Int(random % 19)]
            let second = Self.items[Int((random >> 8) % 19)]
            let byDomain = (random >> 16) % 10 == 0
            let entity = Int((random >> 24) % UInt64(entities))
            let digits = String(entity)
            let params = M.ClueRegister(
                source: sources[Int((random >> 40) % UInt64(sources.count))], sourceRef: "bench-\(index)",
                uscc: "91410000" + String(repeating: "0", count: 10 - digits.count) + digits, description: "bench clue \(index)",
                suspectedItems: byDomain ? nil : ((random >> 32) % 4 == 0 ? [first.code, second.code] : [first.code]),
                domain: byDomain ? first.domain : nil,
                reporter: (random >> 48) % 3 == 0 ? M.ReporterContact(name: "举报人", phone: "1380000\(index % 10_000)") : nil)
            return params
        }
    }
}
