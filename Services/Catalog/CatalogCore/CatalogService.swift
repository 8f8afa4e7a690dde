import Foundation
import GRDB
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner
import Store

/// The `catalog` service (DESIGN §4): departments, supervision items with their lifecycle, the entity registry,
/// inspectors and experts, compliance guides and CSV imports.
///
/// Handlers live in `CatalogService+<Area>.swift`; rules in plain types (`ItemLifecycle`, `USCC`, `Access`,
/// `SupervisionMap`); storage in `<Record>Store`.
public struct CatalogService: ServiceCore {
    public static let serviceName = "catalog"

    let environment: ServiceEnvironment
    let config: CatalogConfig
    let access: Access
    var database: ServiceDatabase { environment.database }

    public init(environment: ServiceEnvironment) throws {
        self.environment = environment
        config = try CatalogConfig(environment: environment.configuration.environment)
        access = Access(config: config)
        if let directory = config.demoDataDirectory {
            let loaded = try DemoLoader(config: config, directory: directory).loadIfEmpty(environment.database.writer)
            if let loaded {
                environment.logger.info(
                    "demo data loaded",
                    metadata: [
                        "jg.demo.departments": "\(loaded.departments)", "jg.demo.items": "\(loaded.items)", "jg.demo.entities": "\(loaded.entities)",
                        "jg.demo.inspectors": "\(loaded.inspectors)",
                    ])
            }
        }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        Schema.register(in: &migrator)
    }

    public func routes(_ router: inout MethodRouter) {
        registerDepartments(&router)
        registerItems(&router)
        registerEntities(&router)
        registerPeople(&router, registry: .inspector)
        registerPeople(&router, registry: .expert)
        registerGuides(&router)
        registerImports(&router)
    }

    /// Abandoned chunked imports are dropped a quarter of their lifetime late at most (every 10 minutes at most).
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] {
        [PeriodicMethod(dispatcher: dispatcher, method: "imports.expire", every: .seconds(min(600, config.importTTLSeconds / 4)), logger: environment.logger)]
    }

    // MARK: Helpers shared by handlers

    static func now() -> String { Wire.timestamp(Date()) }

    /// A page size: `limit` or the default, within 1…max.
    static func pageSize(_ limit: Int?, default fallback: Int, max: Int) throws(CatalogError) -> Int {
        let limit = limit ?? fallback
        guard (1...max).contains(limit) else { throw .invalidArgument("limit must be 1…\(max), got \(limit)", field: "params.limit") }
        return limit
    }

    /// Runs one idempotent change (DESIGN §5) and returns its value.
    func mutate<R: Codable & Sendable>(_ context: RequestContext, _ body: @escaping @Sendable (Database, Outbox) throws -> R) async throws -> R {
        try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId, body).value()
    }
}
