import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// The `planning` service (DESIGN §4, 工作计划 and 双随机): annual plans, verifiable random draws of entities and
/// inspectors, and joint tasks handed to inspection.
public struct PlanningService: ServiceCore {
    public static let serviceName = "planning"

    let environment: ServiceEnvironment
    let sources: PlanningSources
    let configuration: PlanningConfiguration
    var database: ServiceDatabase { environment.database }

    /// Asks the catalog and credit over the bus.
    public init(environment: ServiceEnvironment) throws {
        try self.init(environment: environment, sources: .bus(environment.bus))
    }

    /// Uses the given sources for catalog and credit data (in-memory ones in tests and benchmarks).
    public init(environment: ServiceEnvironment, sources: PlanningSources) throws {
        self.environment = environment
        self.sources = sources
        configuration = try PlanningConfiguration(environment: environment.configuration.environment)
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        PlanningSchema.register(&migrator)
    }

    public func routes(_ router: inout MethodRouter) {
        registerPlans(&router)
        registerDraws(&router)
        registerTasks(&router)
        registerAvoidance(&router)
        registerPublic(&router)
    }

    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("inspection.result.published", as: PlanningMessages.InspectionResultPublished.self) { result, _, db, _ in
            try CheckedStore.record(result, db)
        }
    }

    /// Today's calendar day (China Standard Time, or `JG_PLANNING_TODAY`).
    var today: String { configuration.currentDay() }

    /// The reply stored for a request id already served, so a retry skips the expensive work before `mutate` (reads
    /// the runner's `idempotency` table, which `mutate` fills in the same transaction as the change).
    func storedReply(_ context: RequestContext) async throws -> Data? {
        try await database.storedReply(requestId: context.id, method: context.method)
    }

    /// Checks that every code is a published catalog item; returns them in the given order.
    func publishedItems(_ codes: [String]) async throws -> [CatalogItem] {
        var items: [CatalogItem] = []
        for code in codes {
            guard let item = try await calling("catalog items.get", { try await sources.items.item(code) }) else { throw PlanningError.unknownItem(code) }
            guard item.published else { throw PlanningError.itemNotPublished(code: code, status: item.status) }
            items.append(item)
        }
        return items
    }

    static func pageLimit(_ limit: Int?, default fallback: Int = 100, max: Int = 1_000) throws -> Int {
        let limit = limit ?? fallback
        guard (1...max).contains(limit) else { throw PlanningError.invalidField(field: "params.limit", "must be 1…\(max), got \(limit)") }
        return limit
    }
}

/// The `checked` table: who was already checked for what this year (原则上同一年度内同一企业同一检查事项不超过1次).
enum CheckedStore {
    static func record(_ result: PlanningMessages.InspectionResultPublished, _ db: Database) throws {
        // A result planning cannot read (no item or year) says nothing about this rule: skip it rather than stop the
        // inbox behind it.
        guard let item = result.item, let year = result.year ?? result.publishedAt.flatMap(PlanningCalendar.year(of:)) else { return }
        try db.execute(
            sql: "INSERT OR IGNORE INTO checked (entity_id, item, year, result_id, published_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [result.uscc, item, year, result.resultId, result.publishedAt])
    }

    /// For each of `items`, the entities checked for it in `year`.
    static func checked(_ db: Database, year: Int, items: [String]) throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for item in items {
            let ids = try String.fetchAll(db, sql: "SELECT entity_id FROM checked WHERE year = ? AND item = ?", arguments: [year, item])
            if !ids.isEmpty { result[item] = Set(ids) }
        }
        return result
    }
}
