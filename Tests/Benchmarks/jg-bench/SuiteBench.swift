import ArgumentParser
import CatalogCore
import Dispatch
import Foundation
import JGTesting
import Messages
import Scenario
import Synchronization

/// `jg-bench suite` (`make bench-suite`), issue #10's load deliverable: the real release suite as child processes,
/// and this process as the second one on loopback, driving a fixed mix of reads and writes through the gateway's
/// HTTP front in steps of increasing concurrency. Every request must answer OK; the report gives per-method
/// throughput and p50/p99 for each step, the highest load held without an error, each service's RSS and the size
/// of each database afterwards.
struct SuiteBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite",
        abstract: "Mixed load through the gateway against the real release suite; per-method throughput and p50/p99, RSS, database sizes.")

    @Option(help: "Concurrent clients of each step, comma-separated; stepping stops at the first error or when throughput stops growing.")
    var steps = "4,8,16,32,64,128"
    @Option(help: "Seconds each step lasts.") var seconds = 15.0
    @Option(help: "Seconds of unmeasured warm-up before the first step.") var warmup = 3.0
    @Option(help: "Special-campaign inspection tasks per lead department whose results are recorded again and again.") var tasks = 32
    @Option(help: "Entities the catalog generates from the demo data (JG_DEMO_ENTITIES).") var demoEntities = 2_000
    @Option(help: "Directory with departments.csv and items.csv (JG_DEMO_DATA).") var demoData = "deploy/demo-data"
    @Option(help: "Directory of the built executables.") var binDir = ".build/release"
    @Option(help: "A step that does not raise throughput by this fraction over the best so far does not count as growth.")
    var minimumGrowth = 0.05
    @Option(help: "Stepping stops after this many steps in a row without growth.") var patience = 2

    func run() async throws {
        let concurrency = steps.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        guard !concurrency.isEmpty else { throw ValidationError("--steps needs at least one positive number, e.g. 4,8,16,32") }
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path) }
        setenv("JG_BIN_DIR", absolute(binDir), 1)
        let loadBefore = Self.loadAverage()

        // The limiter allows 200 req/s per token by default (bursts of 400); a load test from a handful of tokens
        // would measure the limiter, so it is off (JG_RATE_LIMIT=0). Everything else is the suite's default
        // configuration (4 workers per service, 5 s queue and call timeouts).
        let suite = try SuiteProcesses(environment: [
            "JG_DEMO_DATA": absolute(demoData), "JG_DEMO_ENTITIES": "\(demoEntities)", "JG_LOG_LEVEL": "warning", "JG_RATE_LIMIT": "0",
        ])
        defer { suite.stopAll() }
        try suite.startSuite()
        guard try await HTTP.waitHealthy(suite.httpBase, seconds: 120).status == 200 else {
            throw ValidationError("the suite did not become healthy within 120 s; gateway log:\n\(suite.log("gateway"))")
        }
        print("jg-bench suite: \(Machine.description); release suite from \(absolute(binDir)) on loopback, data in \(suite.dataDirectory.path)")
        print("gateway rate limiter OFF for this run (JG_RATE_LIMIT=0), so that it is not counted as errors; other settings default")

        let setup = try await Setup(suite: suite, demoEntities: demoEntities, tasksPerDept: tasks).run()
        print(
            "set-up through the gateway: \(setup.tokens) tokens issued by the coordination office; \(setup.taskCount) special-campaign tasks created by their lead departments and started by their inspectors (\(setup.workload.recordings.count) inspector×task pairs recording results)"
        )
        print("mix per 20 requests: " + Operation.mixDescription)

        if warmup > 0 {
            let warm = await Self.runStep(clients: concurrency[0], seconds: warmup, workload: setup.workload, salt: 0)
            print(String(format: "warm-up: %.0f s at %d clients (not counted): %d requests, %d errors", warmup, concurrency[0], warm.requestCount, warm.errorCount))
            // Not counted, but not hidden either: an error while warming up is the same failure as in a step.
            if warm.errorCount > 0 { warm.print() }
        }

        var results: [StepResult] = []
        // Other builds share this machine's two cores, so one step can come out low by chance; stepping stops only
        // after `patience` steps in a row that do not grow.
        var flatSteps = 0
        for (index, clients) in concurrency.enumerated() {
            let step = await Self.runStep(clients: clients, seconds: seconds, workload: setup.workload, salt: index + 1)
            results.append(step)
            step.print()
            if step.errorCount > 0 {
                print("  → stopped: errors at \(clients) clients")
                break
            }
            let best = results.dropLast().filter { $0.errorCount == 0 }.map(\.throughput).max() ?? 0
            if best > 0, step.throughput < best * (1 + minimumGrowth) {
                flatSteps += 1
                print(String(format: "  → throughput did not grow by %.0f %% over %.1f req/s (%d of %d)", minimumGrowth * 100, best, flatSteps, patience))
                if flatSteps >= patience {
                    print("  → stopped: throughput stopped growing")
                    break
                }
            } else {
                flatSteps = 0
            }
        }
        let loadAfter = Self.loadAverage()
        if results.count == concurrency.count, let last = results.last, last.errorCount == 0,
            last.throughput >= (results.dropLast().map(\.throughput).max() ?? 0) * (1 + minimumGrowth)
        {
            print("  → every step held and the last still grew: the limit lies above \(last.clients) clients (add steps with --steps)")
        }

        print("")
        if let held = results.filter({ $0.errorCount == 0 }).max(by: { $0.throughput < $1.throughput }) {
            print(
                String(
                    format: "HIGHEST LOAD HELD WITHOUT AN ERROR: %d concurrent clients, %.1f req/s in total over %.1f s (%d requests, 0 errors)",
                    held.clients, held.throughput, held.elapsed, held.requestCount))
            held.printTable()
        } else {
            print("NO STEP RAN WITHOUT ERRORS: lower --steps (e.g. 1,2,4) and look at the errors above")
        }

        print("")
        print("process memory after the run (VmRSS now / VmHWM peak):")
        for name in SuiteProcesses.executables {
            for process in suite.processes(of: name) {
                let memory = Self.memory(pid: process.processIdentifier)
                print("  " + pad(name, 11) + String(format: " pid %-7d RSS %7.1f MiB   peak %7.1f MiB", process.processIdentifier, memory.rss, memory.peak))
            }
        }
        let own = Self.memory(pid: getpid())
        print("  " + pad("jg-bench", 11) + String(format: " pid %-7d RSS %7.1f MiB   peak %7.1f MiB (the load generator)", getpid(), own.rss, own.peak))

        print("databases after the run (main file + WAL; -shm not counted):")
        for database in Self.databaseSizes(in: suite.dataDirectory) {
            print("  " + pad(database.name, 22) + String(format: " %8.2f MiB + WAL %7.2f MiB = %8.2f MiB", database.main, database.wal, database.main + database.wal))
        }
        print("load average (1/5/15 min) before: \(loadBefore); after: \(loadAfter)")
        // Errors in the last step are how the limit is found; a run where no step held is a failure.
        if !results.contains(where: { $0.errorCount == 0 }) { throw ExitCode.failure }
    }

    // MARK: Steps

    /// Runs `clients` threads, each with its own keep-alive connection, until the step's deadline; each request is
    /// timed from before it is written to after its whole response is read.
    static func runStep(clients: Int, seconds: Double, workload: Workload, salt: Int) async -> StepResult {
        let collector = Collector()
        let group = DispatchGroup()
        let began = DispatchTime.now().uptimeNanoseconds
        let deadline = began + UInt64(seconds * 1e9)
        for client in 0..<clients {
            group.enter()
            // Threads, not tasks: the clients block on their sockets, and the cooperative pool has one thread per
            // core (two here), so blocking tasks would serialise the clients.
            let thread = Thread {
                var load = LoadClient(index: client, salt: salt, workload: workload)
                let tally = load.run(until: deadline)
                collector.add(tally)
                group.leave()
            }
            thread.start()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { continuation.resume() }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        return StepResult(clients: clients, elapsed: elapsed, tally: collector.total)
    }

    // MARK: Process and disk figures

    static func memory(pid: Int32) -> (rss: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (.nan, .nan) }
        func kibibytes(_ key: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return .nan }
            return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? .nan
        }
        return (kibibytes("VmRSS") / 1_024, kibibytes("VmHWM") / 1_024)
    }

    struct DatabaseSize {
        var name: String
        var main: Double
        var wal: Double
    }

    static func databaseSizes(in directory: URL) -> [DatabaseSize] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        func mebibytes(_ file: String) -> Double {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(file).path)
            return Double((attributes?[.size] as? NSNumber)?.int64Value ?? 0) / 1_048_576
        }
        return files.filter { $0.hasSuffix(".sqlite") }.sorted().map { file in
            DatabaseSize(name: file, main: mebibytes(file), wal: files.contains(file + "-wal") ? mebibytes(file + "-wal") : 0)
        }
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

// MARK: - The mix

/// The methods of the mix and their weight in every 20 requests: half reads, half writes.
enum Operation: String, CaseIterable, Sendable, Hashable {
    case itemsList = "catalog items.list"
    case entitiesGet = "catalog entities.get"
    case gradesLookup = "credit grades.lookup (10 USCCs)"
    case publicResults = "GET /public/results/<uscc>"
    case cluesRegister = "referral clues.register"
    case resultsRecord = "inspection results.record"
    case signalsIngest = "warning signals.ingest (10 readings)"

    var weight: Int {
        switch self {
        case .itemsList: 2
        case .entitiesGet: 3
        case .gradesLookup: 2
        case .publicResults: 3
        case .cluesRegister: 3
        case .resultsRecord: 4
        case .signalsIngest: 3
        }
    }

    /// The 20 requests of one round, each method spread evenly over it (not in blocks, so that at any moment the
    /// clients are on different methods).
    static let round: [Operation] = {
        var slots: [(position: Double, operation: Operation)] = []
        for operation in allCases {
            for k in 0..<operation.weight { slots.append(((Double(k) + 0.5) / Double(operation.weight), operation)) }
        }
        return slots.sorted { $0.position < $1.position }.map(\.operation)
    }()

    static var mixDescription: String { allCases.map { "\($0.weight) \($0.rawValue)" }.joined(separator: ", ") }
}

/// What every client needs: the port, the tokens and the things set up to act on. Immutable, shared by the threads.
struct Workload: Sendable {
    struct Recording: Sendable {
        var taskId: String
        var item: String
        var inspectorToken: String
    }

    var port: Int
    var runId: String
    /// 区市场监管局's operator, reading the registry, grades and items.
    var readerToken: String
    /// The coordination office's operator at the 12345 hotline desk, registering clues.
    var hotlineToken: String
    /// 区城管局's gas monitoring system (an operator token), sending readings.
    var monitorToken: String
    var recordings: [Recording]
    var usccs: [String]
    static let domains = ["gas-safety", "slaughter", "pharmacy", "grain", "hazchem", "elderly-care"]
}

/// Requests and latencies of one step, per method.
struct Tally: Sendable {
    var latencies: [Operation: [Double]] = [:]
    var errors: [Operation: [String: Int]] = [:]
    var reconnects = 0

    mutating func merge(_ other: Tally) {
        for (operation, samples) in other.latencies { latencies[operation, default: []].append(contentsOf: samples) }
        for (operation, messages) in other.errors {
            for (message, count) in messages { errors[operation, default: [:]][message, default: 0] += count }
        }
        reconnects += other.reconnects
    }
}

final class Collector: Sendable {
    private let tally = Mutex(Tally())
    func add(_ other: Tally) { tally.withLock { $0.merge(other) } }
    var total: Tally { tally.withLock { $0 } }
}

struct StepResult {
    var clients: Int
    var elapsed: Double
    var tally: Tally

    var requestCount: Int { tally.latencies.values.reduce(0) { $0 + $1.count } + errorCount }
    var errorCount: Int { tally.errors.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    var throughput: Double { Double(requestCount - errorCount) / elapsed }

    func print() {
        Swift.print(
            String(format: "step: %d clients, %.1f s: %d requests, %.1f req/s OK, %d errors", clients, elapsed, requestCount, throughput, errorCount)
                + (tally.reconnects > 0 ? " (\(tally.reconnects) keep-alive reconnects)" : ""))
        printTable()
        for operation in Operation.allCases {
            for (message, count) in (tally.errors[operation] ?? [:]).sorted(by: { $0.value > $1.value }) {
                Swift.print("  ERROR \(operation.rawValue) ×\(count): \(message)")
            }
        }
    }

    func printTable() {
        Swift.print("  " + pad("method", 38) + " " + ["requests", "req/s", "p50 ms", "p99 ms", "errors"].map { pad($0, 9, left: true) }.joined(separator: " "))
        for operation in Operation.allCases {
            let stats = LatencyStats(tally.latencies[operation] ?? [])
            let errors = tally.errors[operation]?.values.reduce(0, +) ?? 0
            Swift.print(
                "  " + pad(operation.rawValue, 38)
                    + String(
                        format: " %9d %9.1f %9.2f %9.2f %9d", stats.samples.count + errors, Double(stats.samples.count) / elapsed,
                        stats.percentile(50) * 1_000, stats.percentile(99) * 1_000, errors))
        }
        let all = LatencyStats(tally.latencies.values.flatMap { $0 })
        Swift.print(
            "  " + pad("all", 38)
                + String(format: " %9d %9.1f %9.2f %9.2f %9d", requestCount, throughput, all.percentile(50) * 1_000, all.percentile(99) * 1_000, errorCount))
    }
}

// MARK: - One client

/// One load thread: a connection, its own counters (unique references without shared state) and random numbers.
struct LoadClient {
    let index: Int
    let workload: Workload
    let connection: LoopbackHTTPConnection
    var random: SeededRandom
    var sequence = 0
    let stamp = ISO8601DateFormatter()
    let prefix: String

    init(index: Int, salt: Int, workload: Workload) {
        self.index = index
        self.workload = workload
        connection = LoopbackHTTPConnection(port: workload.port)
        random = SeededRandom(seed: UInt64(index + 1) &* 0x1000_0001 &+ UInt64(salt))
        prefix = "\(workload.runId)-s\(salt)-c\(index)"
    }

    mutating func run(until deadline: UInt64) -> Tally {
        var tally = Tally()
        // Each client starts at its own place in the round, so the methods are mixed at every instant.
        var slot = (index * 7) % Operation.round.count
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let operation = Operation.round[slot]
            slot = (slot + 1) % Operation.round.count
            sequence += 1
            let (method, path, body, token) = request(operation)
            let began = DispatchTime.now().uptimeNanoseconds
            do {
                let response = try connection.send(method: method, path: path, body: body, bearer: token)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
                if response.status == 200 {
                    tally.latencies[operation, default: []].append(seconds)
                } else {
                    tally.errors[operation, default: [:]][Self.describe(response), default: 0] += 1
                }
            } catch {
                tally.errors[operation, default: [:]]["transport: \(error)", default: 0] += 1
            }
        }
        tally.reconnects = connection.reconnects
        connection.disconnect()
        return tally
    }

    /// The HTTP status with the reply envelope's status and message (the gateway maps OK, and only OK, to 200).
    static func describe(_ response: LoopbackHTTPConnection.Response) -> String {
        if let reply = try? Wire.decode(AnyReply.self, from: Data(response.body)) {
            return "HTTP \(response.status) \(reply.status.rawValue): \(reply.error?.message.prefix(300) ?? "")"
        }
        return "HTTP \(response.status): \(response.text.prefix(300))"
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

    /// The request for one operation. Bodies are written as JSON text directly: every value interpolated is an
    /// ASCII code or id made here, and a JSONEncoder per request would put Foundation's encoder on the load
    /// generator's share of the two cores.
    mutating func request(_ operation: Operation) -> (String, String, [UInt8], String?) {
        let call = { (service: String, method: String) in "/v1/call/\(service)/\(method)" }
        switch operation {
        case .itemsList:
            return ("POST", call("catalog", "items.list"), Array(#"{"domain":"\#(pick(Workload.domains))","limit":20}"#.utf8), workload.readerToken)
        case .entitiesGet:
            return ("POST", call("catalog", "entities.get"), Array(#"{"uscc":"\#(pick(workload.usccs))"}"#.utf8), workload.readerToken)
        case .gradesLookup:
            var usccs: [String] = []
            for _ in 0..<10 { usccs.append("\"\(pick(workload.usccs))\"") }
            return ("POST", call("credit", "grades.lookup"), Array(#"{"usccs":[\#(usccs.joined(separator: ","))]}"#.utf8), workload.readerToken)
        case .publicResults:
            return ("GET", "/public/results/\(pick(workload.usccs))", [], nil)
        case .cluesRegister:
            // A unique 12345 work-order number each time: registration is idempotent on (source, sourceRef), and a
            // repeated one would not be a registration.
            let phone = String(format: "1380371%04d", Int(random.next() % 10_000))
            let body = #"""
                {"source":"hotline12345","sourceRef":"12345-\#(prefix)-\#(sequence)","uscc":"\#(pick(workload.usccs))","description":"市民来电反映该单位液化气瓶存放不规范（压测）","suspectedItems":["HY-2025-04"],"reporter":{"phone":"\#(phone)","consentToShare":false}}
                """#
            return ("POST", call("referral", "clues.register"), Array(body.utf8), workload.hotlineToken)
        case .resultsRecord:
            // Recording again replaces the task's result until it is submitted, so the same started tasks take
            // every recording of the run (as an inspector correcting an entry on site).
            let recording = pick(workload.recordings)
            let failed = random.next() % 5 == 0
            let body =
                #"{"taskId":"\#(recording.taskId)","item":"\#(recording.item)","outcome":"\#(failed ? "failed" : "noProblem")","findings":"压测记录 \#(prefix)-\#(sequence)"}"#
            return ("POST", call("inspection", "results.record"), Array(body.utf8), recording.inspectorToken)
        case .signalsIngest:
            let at = stamp.string(from: Date())
            var rows: [String] = []
            for row in 0..<10 {
                let site = Int(random.next() % 500)
                let value = 5 + Double(random.next() % 1_000) / 100
                rows.append(
                    #"{"readingId":"\#(prefix)-\#(sequence)-\#(row)","site":"bench-site-\#(site)","metric":"ch4.ppm","value":\#(String(format: "%.2f", value)),"at":"\#(at)","region":"411603\#(100 + site % 20)"}"#
                )
            }
            let body = #"{"source":"gas-iot-bench","readings":[\#(rows.joined(separator: ","))]}"#
            return ("POST", call("warning", "signals.ingest"), Array(body.utf8), workload.monitorToken)
        }
    }
}

// MARK: - Set-up

/// Prepares the run through the gateway, as the departments would: the coordination office issues each
/// department's tokens; each lead department creates special-campaign tasks (专项检查) for its item with two of its
/// own inspectors (from the catalog's inspector registry); an inspector of each task starts it on site.
struct Setup {
    /// The lead departments and their items on the Huaiyang list (deploy/demo-data).
    static let campaigns = [("hy-urban", "HY-2025-04"), ("hy-agri", "HY-2025-09")]

    let suite: SuiteProcesses
    let demoEntities: Int
    let tasksPerDept: Int
    let runId = String(UUID().uuidString.lowercased().prefix(8))

    struct Prepared {
        var workload: Workload
        var tokens: Int
        var taskCount: Int
    }

    func run() async throws -> Prepared {
        let admin = try suite.adminToken()
        var issued = 0
        func token(role: String, dept: String, user: String? = nil) async throws -> String {
            var params: [String: JSONValue] = ["role": .string(role), "dept": .string(dept), "label": .string("jg-bench suite \(runId): \(dept) \(role)")]
            if let user { params["user"] = .string(user) }
            let result = try await call("gateway", "tokens.issue", .object(params), token: admin)
            guard let value = result["token"]?.stringValue else { throw ValidationError("tokens.issue returned no token: \(result)") }
            issued += 1
            return value
        }
        let reader = try await token(role: "operator", dept: "hy-market")
        let hotline = try await token(role: "operator", dept: "hy-coordination")
        let monitor = try await token(role: "operator", dept: "hy-urban")

        // The demo entities are the catalog's, generated deterministically; wait until the catalog has loaded them.
        let usccs = (0..<demoEntities).compactMap { DemoGenerator.entity($0).uscc }
        guard let probe = usccs.last else { throw ValidationError("--demo-entities \(demoEntities) gives no entity with a USCC") }
        let deadline = Date().addingTimeInterval(60)
        while true {
            let reply = try await send("catalog", "entities.get", ["uscc": .string(probe)], token: reader)
            if reply.status == .ok { break }
            guard Date() < deadline else { throw ValidationError("the catalog has not loaded demo entity \(probe): \(reply.error?.message ?? "")") }
            try await Task.sleep(for: .milliseconds(500))
        }

        let today = ScenarioCalendar.day(Date())
        let window: JSONValue = ["start": .string(today), "end": .string(ScenarioCalendar.day(Date(), plusDays: 14))]
        var recordings: [Workload.Recording] = []
        var taskCount = 0
        for (campaignIndex, (dept, item)) in Self.campaigns.enumerated() {
            // 区城管局's operator token is the monitor's; every other lead department gets its own.
            var lead = monitor
            if dept != "hy-urban" { lead = try await token(role: "operator", dept: dept) }
            let people = try await call("catalog", "inspectors.list", ["dept": .string(dept), "active": true], token: lead)
            let inspectors = (people["people"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            guard inspectors.count >= 2 else { throw ValidationError("\(dept) has \(inspectors.count) active inspectors in the catalog; two per task are needed") }
            var inspectorTokens: [String: String] = [:]
            for id in inspectors { inspectorTokens[id] = try await token(role: "inspector", dept: dept, user: id) }
            for k in 0..<tasksPerDept {
                // Different entities for each task and department (the mix's reads and clues cover all of them).
                let uscc = usccs[(campaignIndex * tasksPerDept + k) * 7 % usccs.count]
                let pair = [inspectors[k % inspectors.count], inspectors[(k + 1) % inspectors.count]]
                let created = try await call(
                    "inspection", "tasks.create",
                    [
                        "source": "campaign", "campaign": .string("压测专项 \(runId)"), "uscc": .string(uscc), "items": [.string(item)],
                        "inspectors": .array(pair.map { id -> JSONValue in ["id": .string(id), "dept": .string(dept)] }), "window": window,
                        "reason": "jg-bench suite load run",
                    ], token: lead)
                guard let taskId = created["id"]?.stringValue else { throw ValidationError("tasks.create returned no id: \(created)") }
                guard let first = inspectorTokens[pair[0]] else { throw ValidationError("no token for inspector \(pair[0])") }
                _ = try await call("inspection", "tasks.start", ["taskId": .string(taskId)], token: first)
                taskCount += 1
                for id in pair {
                    if let token = inspectorTokens[id] { recordings.append(.init(taskId: taskId, item: item, inspectorToken: token)) }
                }
            }
        }
        let workload = Workload(
            port: suite.httpPort, runId: runId, readerToken: reader, hotlineToken: hotline, monitorToken: monitor, recordings: recordings, usccs: usccs)
        return Prepared(workload: workload, tokens: issued, taskCount: taskCount)
    }

    func send(_ service: String, _ method: String, _ params: JSONValue, token: String) async throws -> AnyReply {
        let response = try await HTTP.post(
            "\(suite.httpBase)/v1/call/\(service)/\(method)", body: try Wire.encode(params),
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
        do {
            return try Wire.decode(AnyReply.self, from: response.body)
        } catch {
            throw ValidationError("\(service) \(method): HTTP \(response.status) \(response.text.prefix(300))")
        }
    }

    func call(_ service: String, _ method: String, _ params: JSONValue, token: String) async throws -> JSONValue {
        let reply = try await send(service, method, params, token: token)
        guard reply.status == .ok else { throw ValidationError("set-up: \(service) \(method) answered \(reply.status.rawValue): \(reply.error?.message ?? "")") }
        return reply.result ?? .null
    }
}

/// Pads to a column width (String(format:) with `%@` and a Swift String is not portable to Linux).
func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? fill + text : text + fill
}
