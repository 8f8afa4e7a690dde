import ArgumentParser
import CreditCore
import Foundation
import GRDB
import JGTesting
import Messages
import Store

/// `jg-bench credit`: the credit core in-process over an on-disk database in a temporary directory —
/// `grades.lookup` for 100,000 USCCs in batches of 1,000, and `evaluation.run` over 1,000,000 entities with
/// 5,000,000 records. Both go through the real dispatcher (envelope decoding, permissions, one transaction).
/// Targets: lookup ≥ 200,000 USCCs/s; full evaluation ≤ 60 s.
struct CreditBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit", abstract: "Credit grade lookups and whole-population re-evaluation on an on-disk store.")

    @Option(help: "Entities in the store.") var entities = 1_000_000
    @Option(help: "Credit records in the store (spread evenly over the entities).") var records = 5_000_000
    @Option(help: "USCCs looked up in total.") var lookups = 100_000
    @Option(help: "USCCs per grades.lookup call.") var batch = 1_000
    @Flag(help: "Keep the temporary database directory.") var keep = false

    static let today = "2025-06-15"
    static let types = CreditMessages.RecordType.allCases.map(\.rawValue)

    func run() async throws {
        print("bench-credit: \(entities) entities, \(records) records, \(lookups) lookups in batches of \(batch), \(Machine.description), \(Date().formatted(.iso8601))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-bench-credit-\(UUID().uuidString)").path
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let database = try ServiceDatabase(service: "credit", directory: directory, migrations: CreditService.migrations)

        let seedStart = ContinuousClock.now
        try await seed(database)
        print(String(format: "  seed: %.1f s (one transaction, prepared statements; not a target)", seconds(since: seedStart)))

        let harness = try ServiceHarness<CreditService>(environment: ["JG_CREDIT_TODAY": Self.today], database: database)
        let admin = Actor(dept: "coordination-office", user: "bench", role: .admin)

        for pass in ["first (every entity graded for the first time)", "second (steady state)"] {
            let start = ContinuousClock.now
            let reply = try await harness.call("evaluation.run", SystemMessages.Empty(), as: admin)
            let elapsed = seconds(since: start)
            guard reply.status == .ok, let run = reply.result else { throw ValidationError("evaluation.run failed: \(reply.error?.message ?? "?")") }
            print(
                String(
                    format: "  evaluation.run %@: %.2f s for %lld entities, %lld grade changes published (target ≤ 60 s)", pass, elapsed,
                    run["entities"]?.intValue ?? 0, run["changed"]?.intValue ?? 0))
        }

        // Through the dispatcher (envelope, permissions, validation, one read), the reply decoded into its typed
        // struct as a typed client (planning) would; the store's share is measured separately.
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = []
        var storeSeconds = 0.0
        let planning = Actor.service("planning")
        var looked = 0
        while looked < lookups {
            let count = min(batch, lookups - looked)
            let usccs = (0..<count).map { _ in Self.uscc(Int.random(in: 0..<entities, using: &generator)) }
            let start = ContinuousClock.now
            let body = try Wire.encode(RequestEnvelope(method: "grades.lookup", params: CreditMessages.UsccBatch(usccs: usccs), actor: planning))
            let frames = await harness.dispatcher.handle([body])
            let reply = try Wire.decode(ReplyEnvelope<CreditMessages.GradeLookup>.self, from: frames[0])
            samples.append(seconds(since: start))
            guard reply.status == .ok, reply.result?.grades.count == usccs.count else {
                throw ValidationError("grades.lookup failed: \(reply.error?.message ?? "wrong count")")
            }
            looked += count
            let storeStart = ContinuousClock.now
            _ = try await database.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT e.uscc, e.grade FROM json_each(?) AS j JOIN credit_entities AS e ON e.uscc = j.value WHERE e.grade IS NOT NULL",
                    arguments: ["[" + usccs.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
                ).count
            }
            storeSeconds += seconds(since: storeStart)
        }
        let lookupSeconds = samples.reduce(0, +)
        print(
            String(
                format: "  grades.lookup: %d USCCs in %.2f s = %.0f USCCs/s (target ≥ 200,000); per call of %d: %@; the store's part alone: %.0f USCCs/s",
                looked, lookupSeconds, Double(looked) / lookupSeconds, batch, LatencyStats(samples).summary, Double(looked) / storeSeconds))
    }

    /// Entities in USCC order, each with its share of records (dates over the last three years; about one record
    /// in four negative), written with two prepared statements in one transaction.
    func seed(_ database: ServiceDatabase) async throws {
        let entities = entities
        let records = records
        try await database.writer.write { db in
            let entity = try db.makeStatement(sql: "INSERT INTO credit_entities (uscc) VALUES (?)")
            let record = try db.makeStatement(
                sql: """
                    INSERT INTO credit_records (uscc, dept, type, polarity, severity, occurred_on, expires_on, origin_kind, summary, published, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', 'bench', 1, '2025-06-15T00:00:00Z')
                    """)
            var generator = SeededRandom(seed: 20_250_615)
            let depts = ["hy-market", "hy-tax", "hy-housing", "hy-health", "hy-environment"]
            for index in 0..<entities {
                let uscc = Self.uscc(index)
                try entity.execute(arguments: [uscc])
                let share = records / entities + (index < records % entities ? 1 : 0)
                for _ in 0..<share {
                    let random = generator.next()
                    let negative = random % 4 == 0
                    let year = 2022 + Int((random >> 8) % 4)
                    let month = 1 + Int((random >> 16) % 12)
                    let day = 1 + Int((random >> 24) % 28)
                    let occurred = String(format: "%04d-%02d-%02d", year, month, day)
                    let expires = String(format: "%04d-%02d-%02d", year + (negative ? 3 : 1), month, day)
                    try record.execute(arguments: [
                        uscc, depts[Int((random >> 32) % 5)], Self.types[Int((random >> 40) % 5)], negative ? "negative" : "positive",
                        negative ? 1 + Int((random >> 48) % 3) : 0, occurred, expires,
                    ])
                }
            }
        }
    }

    static func uscc(_ index: Int) -> String {
        let digits = String(index)
        return "91410000" + String(repeating: "0", count: 10 - digits.count) + digits
    }
}
