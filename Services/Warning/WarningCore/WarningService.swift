import Foundation
import GRDB
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner
import Store

/// The `warning` service (DESIGN §4, 风险监测预警): signals from events and outside monitoring, rules as data
/// (预警模型), warnings with their closed loop and response deadlines, multi-source correlation into joint
/// inspection requests, joint assessment of red warnings, and dashboard figures.
///
/// Methods are registered by feature in `Handlers/WarningService+<Feature>.swift`; consumed events in
/// `WarningService+Subscriptions.swift`; every signal, whatever its origin, goes through `process` (store once,
/// evaluate the rules in memory, raise or update warnings, correlate).
public struct WarningService: ServiceCore {
    public static let serviceName = "warning"

    let database: ServiceDatabase
    let logger: Logger
    public let configuration: WarningConfiguration
    let clock: any WarningClock
    let engine: RuleEngine
    let policy: EscalationPolicy

    public init(environment: ServiceEnvironment) throws {
        try self.init(environment: environment, clock: SystemWarningClock())
    }

    /// With an injected clock (tests, benchmarks): deadlines, escalation and timestamps read it.
    public init(environment: ServiceEnvironment, clock: any WarningClock) throws {
        database = environment.database
        logger = environment.logger
        configuration = try WarningConfiguration(environment: environment.configuration.environment)
        self.clock = clock
        engine = RuleEngine()
        policy = EscalationPolicy(configuration: configuration)
        // Signals arrive by the million with ids and entities in no particular order, so their index inserts land all
        // over the B-trees: give the writing connection a 64 MiB page cache instead of SQLite's 2 MiB.
        try environment.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        Schema.register(in: &migrator)
    }

    public func routes(_ router: inout MethodRouter) {
        registerRuleRoutes(&router)
        registerSignalRoutes(&router)
        registerWarningRoutes(&router)
        registerAssessmentRoutes(&router)
        registerStatsRoutes(&router)
    }

    /// The escalation watcher: every `JG_WARNING_ESCALATION_CHECK_S` it escalates warnings not acknowledged in time.
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] {
        [EscalationWatcherService(watcher: EscalationWatcher(dispatcher: dispatcher, clock: clock, configuration: configuration, logger: logger))]
    }

    func mutate<R: Codable & Sendable>(_ context: RequestContext, _ body: @escaping @Sendable (Database, Outbox) throws -> R) async throws -> Mutation<R> {
        try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId, body)
    }

    static func pageLimit(_ limit: Int?, default fallback: Int = 100, max: Int = 1_000) throws -> Int {
        let limit = limit ?? fallback
        guard (1...max).contains(limit) else { throw WarningError.invalidField(field: "params.limit", "must be 1…\(max), got \(limit)") }
        return limit
    }
}
