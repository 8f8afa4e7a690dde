import GRDB
import Store
import Synchronization

/// How SQLite runs the statements a piece of work sends to a service's writer: tests use it to prove that a
/// per-request or per-event path reaches its rows through an index instead of scanning a table, which no
/// result on a small test database would show (a scan is only slow at production size).
public enum QueryPlans {
    /// One plan step SQLite chose, with the statement it belongs to.
    public struct Step: Sendable, CustomStringConvertible {
        public var sql: String
        public var detail: String
        public var description: String { "\(detail) ← \(sql.prefix(200))" }
    }

    /// What `scans(of:in:during:)` saw.
    public struct Report: Sendable {
        /// Distinct statements run on the writer during the work.
        public var statements: Int
        /// Plan steps that scan one of the tables asked about.
        public var scans: [Step]
    }

    /// Runs `work`, catching every statement executed on the writer connection meanwhile, then asks SQLite for
    /// each distinct statement's plan (`EXPLAIN QUERY PLAN`) and reports the steps that scan `tables`.
    public static func scans(of tables: Set<String>, in database: ServiceDatabase, during work: () async throws -> Void) async throws -> Report {
        let caught = Mutex<[String]>([])
        try await database.writer.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { caught.withLock { $0.append(statement.expandedSQL) } }
            }
        }
        do {
            try await work()
        } catch {
            try await database.writer.writeWithoutTransaction { db in db.trace(options: .statement, nil) }
            throw error
        }
        let statements = caught.withLock { Array(Set($0)) }
        return try await database.writer.writeWithoutTransaction { db in
            db.trace(options: .statement, nil)
            var steps: [Step] = []
            for sql in statements.sorted() {
                for row in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)") {
                    let detail: String = row["detail"]
                    if scans(detail, tables) { steps.append(Step(sql: sql, detail: detail)) }
                }
            }
            return Report(statements: statements.count, scans: steps)
        }
    }

    /// Whether a plan step reads a whole table: `SCAN <name> …`, where the name is the alias when the statement
    /// gives the table one (`FROM credit_entities AS e` scans as `SCAN e`), so ask for aliases too.
    static func scans(_ detail: String, _ tables: Set<String>) -> Bool {
        guard detail.hasPrefix("SCAN ") else { return false }
        let table = detail.dropFirst(5).split(separator: " ").first.map(String.init) ?? ""
        return tables.contains(table)
    }
}
