import ArgumentParser
import Foundation
import GRDB
import InspectionCore
import JGTesting
import Messages
import Store

/// `jg-bench inspection`: records and publishes results through the real dispatcher, router and on-disk store
/// (no sockets), then verifies the whole audit chain; separately verifies a synthetic chain of a million entries.
///
/// Targets (issue 6): ≥ 5,000 results/s recorded and published; `audit.verify` of 1,000,000 entries ≤ 5 s.
struct InspectionBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection", abstract: "Inspection results/s (record + publish) and audit.verify time.")

    @Option(help: "Joint tasks (each one planning event).") var tasks = 20_000
    @Option(help: "Items (= results) per task.") var items = 5
    @Option(help: "Concurrent callers.") var callers = 8
    @Option(help: "Audit entries in the synthetic chain verified on its own (0 skips it).") var chainEntries = 1_000_000
    @Flag(help: "Send every call as HTTP through the gateway into the real release suite (.build/release).") var throughGateway = false
    @Option(help: "HTTP clients (keep-alive connections) with --through-gateway.") var clients = 16

    typealias M = InspectionMessages

    static let depts = ["hy-market", "hy-health", "hy-ecology", "hy-emergency", "hy-culture", "hy-education", "hy-housing", "hy-transport"]
    static let admin = Actor(dept: "hy-office", user: "bench-admin", role: .admin)
    static let auditor = Actor(user: "bench-auditor", role: .auditor)

    func run() async throws {
        guard items >= 1, items <= Self.depts.count else { throw ValidationError("--items must be 1…\(Self.depts.count)") }
        if throughGateway { return try await runThroughGateway() }
        print("bench-inspection: \(tasks) tasks × \(items) items, \(callers) callers, \(Machine.description), \(Date().formatted(.iso8601))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-bench-inspection-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let database = try ServiceDatabase(service: "inspection", directory: directory, migrations: InspectionService.migrations)
        let harness = try ServiceHarness<InspectionService>(environment: ["JG_INSPECTION_CLUE_SINK": "memory"], database: database)

        // 1. Intake: one planning event per joint task, applied through the inbox.
        let intakeStart = Date()
        let intakeCPU = ProcessCPU.seconds()
        let window = M.Window(start: Self.day(0), end: Self.day(30))
        for index in 0..<tasks {
            let payload = M.PlanningTaskIssued(
                taskId: "bench-plan-\(index)", planIds: ["bench-plan"], uscc: Self.uscc(index),
                items: (0..<items).map { M.TaskItemSpec(code: "HY-2025-\(String(format: "%02d", $0 + 1))", dept: Self.depts[$0]) },
                depts: Array(Self.depts.prefix(items)), inspectors: (0..<items).map { M.InspectorRef(id: "insp-\($0)-\(index % 50)", dept: Self.depts[$0]) },
                window: window)
            let event = EventEnvelope(
                source: "planning", seq: Int64(index + 1), topic: "planning.task.issued", at: Wire.timestamp(Date()), traceId: nil,
                event: try JSONValue(encoding: payload))
            _ = try await harness.deliver(event)
        }
        let intake = Date().timeIntervalSince(intakeStart)
        report("intake", count: tasks, unit: "tasks", seconds: intake, cpu: ProcessCPU.seconds() - intakeCPU)

        let ids = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, source_ref FROM tasks WHERE source = 'plan'").reduce(into: [String: String]()) {
                $0[$1["source_ref"]] = $1["id"]
            }
        }
        let taskIds = (0..<tasks).compactMap { ids["bench-plan-\($0)"] }

        // 2. Start, record every item, submit, publish — the whole result path, `callers` tasks at a time.
        let items = items
        let start = Date()
        let startCPU = ProcessCPU.seconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var index = caller
                    while index < taskIds.count {
                        try await Self.runTask(harness, taskId: taskIds[index], index: index, items: items)
                        index += callers
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = Date().timeIntervalSince(start)
        let results = taskIds.count * items
        report("record+publish", count: results, unit: "results", seconds: elapsed, cpu: ProcessCPU.seconds() - startCPU, target: "≥ 5,000 results/s")

        // 3. Verify the whole log those tasks wrote.
        let verification = try await harness.result("audit.verify", SystemMessages.Empty(), as: Self.auditor, decoding: M.AuditVerification.self)
        print(
            "  audit.verify (service log): \(verification.entries) entries, intact=\(verification.intact ? "yes" : "NO"), "
                + String(format: "%.3f s", Double(verification.durationMs) / 1_000))

        // 4. A synthetic chain of `chainEntries` entries, verified on its own.
        if chainEntries > 0 { try await verifySyntheticChain(in: directory + "/chain") }
    }

    /// The status part of a reply: what a client that only needs to know "done" decodes.
    struct ReplyHead: Decodable {
        var status: Status
        var error: ErrorBody?
    }

    /// One request through the service's dispatcher, as a bus client would send it (sockets aside).
    static func call<P: Encodable & Sendable>(_ harness: ServiceHarness<InspectionService>, _ method: String, _ params: P, as actor: Actor) async throws {
        let reply = await harness.dispatcher.handle([try Wire.encode(RequestEnvelope(method: method, params: params, actor: actor))])
        let head = try Wire.decode(ReplyHead.self, from: reply[0])
        guard head.status == .ok else { throw RemoteError(status: head.status, message: "\(method): \(head.error?.message ?? "")") }
    }

    static func runTask(_ harness: ServiceHarness<InspectionService>, taskId: String, index: Int, items: Int) async throws {
        let lead = Actor(dept: depts[0], user: "insp-0-\(index % 50)", role: .inspector)
        try await call(harness, "tasks.start", M.TaskRef(taskId: taskId), as: lead)
        for item in 0..<items {
            let inspector = Actor(dept: depts[item], user: "insp-\(item)-\(index % 50)", role: .inspector)
            try await call(harness, "results.record", record(taskId: taskId, index: index, item: item), as: inspector)
        }
        try await call(harness, "tasks.submit", M.TaskRef(taskId: taskId), as: lead)
        try await call(harness, "results.publish", M.ResultPublish(taskId: taskId), as: admin)
    }

    /// Item `item`'s result in task `index`: mostly clean, some correction orders (each schedules a re-check), a few failures.
    static func record(taskId: String, index: Int, item: Int) -> M.ResultRecord {
        let roll = (index * 7 + item * 13) % 100
        let outcome: M.Outcome = roll < 90 ? .noProblem : (roll < 98 ? .orderedToCorrect : .failed)
        return M.ResultRecord(
            taskId: taskId, item: "HY-2025-\(String(format: "%02d", item + 1))", outcome: outcome,
            findings: outcome == .noProblem ? "licences, records and premises in order" : "storage temperature log missing for March",
            deadline: outcome == .orderedToCorrect ? day(15) : nil,
            evidence: [M.Evidence(sha256: String(repeating: String(format: "%02x", item), count: 32), name: "photo-\(item).jpg")])
    }

    /// Writes `chainEntries` chained entries with one prepared statement in one transaction, then times `audit.verify`.
    func verifySyntheticChain(in directory: String) async throws {
        let database = try ServiceDatabase(service: "inspection", directory: directory, migrations: InspectionService.migrations)
        let harness = try ServiceHarness<InspectionService>(environment: ["JG_INSPECTION_CLUE_SINK": "memory"], database: database)
        let count = chainEntries
        let fillStart = Date()
        try await database.writer.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO audit_log (seq, at, task_id, action, subject, actor_role, actor_dept, actor_user, detail, digest, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var previous = AuditChain.genesisHash
            let at = Wire.timestamp(Date())
            for seq in 1...count {
                let task = "task-\(seq / 8)"
                let entry = AuditChain.Entry(
                    seq: Int64(seq), at: at, taskId: task, action: "record", subject: "result-\(seq)", actorRole: "inspector", actorDept: "hy-market",
                    actorUser: "insp-\(seq % 50)",
                    detail: #"{"dept":"hy-market","evidence":["ab"],"item":"HY-2025-01","outcome":"noProblem","signedBy":["insp-1","insp-2"]}"#,
                    digest: "")
                let hash = AuditChain.hash(previous: previous, entry: entry)
                try statement.execute(arguments: [
                    entry.seq, entry.at, entry.taskId, entry.action, entry.subject, entry.actorRole, entry.actorDept, entry.actorUser, entry.detail,
                    entry.digest, previous, hash,
                ])
                previous = hash
            }
            try db.execute(sql: "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", arguments: [count, previous])
        }
        print(String(format: "  synthetic chain: %d entries written in %.1f s", count, Date().timeIntervalSince(fillStart)))
        let wall = Date()
        let cpu = ProcessCPU.seconds()
        let verification = try await harness.result("audit.verify", SystemMessages.Empty(), as: Self.auditor, decoding: M.AuditVerification.self)
        let seconds = Date().timeIntervalSince(wall)
        print(String(format: "  audit.verify (synthetic) CPU: %.3f s", ProcessCPU.seconds() - cpu))
        print(
            "  audit.verify (synthetic): \(verification.entries) entries, intact=\(verification.intact ? "yes" : "NO"), "
                + String(format: "%.3f s (%.0f entries/s)", seconds, Double(verification.entries) / seconds) + "   target ≤ 5 s for 1,000,000")
    }

    /// Wall-clock rate, plus CPU time used by this process: on a shared machine the second says what the service
    /// itself costs (`per core-s` = count ÷ CPU seconds).
    func report(_ phase: String, count: Int, unit: String, seconds: Double, cpu: Double, target: String = "") {
        let wall = String(format: "%.2f s = %.0f", seconds, Double(count) / seconds)
        let used = String(format: "%.2f s = %.0f", cpu, Double(count) / cpu)
        print("  \(phase): \(count) \(unit) in \(wall) \(unit)/s; CPU \(used) \(unit) per core-second   \(target)")
    }

    /// A valid USCC (GB 32100 check character) for bench entity `index`.
    static func uscc(_ index: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = Array("91411626MA" + String(format: "%07d", index))
        var sum = 0
        for (character, weight) in zip(body, weights) { sum += (alphabet.firstIndex(of: character) ?? 0) * weight }
        return String(body) + String(alphabet[(31 - sum % 31) % 31])
    }

    /// A CST calendar day `offset` days from today.
    static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3_600) ?? .gmt
        let date = calendar.date(byAdding: .day, value: offset, to: Date()) ?? Date()
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
