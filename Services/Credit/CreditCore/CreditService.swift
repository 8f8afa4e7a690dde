import GRDB
import Logging
import ServiceLifecycle
import Messages
import ServiceRunner
import Store

/// The `credit` service (DESIGN §4, 信用监管): credit records, the indicator system, scores and grades, joint
/// punishment, credit repair, the whitelist and the public profile.
///
/// Methods are registered by feature in `CreditService+<Feature>.swift`; consumed events in
/// `CreditService+Subscriptions.swift`. Any change to an entity's records rescores that entity at once;
/// `evaluation.run` (and the quarterly schedule, see `EvaluationScheduler`) rescores everyone.
public struct CreditService: ServiceCore {
    public static let serviceName = "credit"

    let database: ServiceDatabase
    let calendar: CreditCalendar
    let logger: Logger
    public let configuration: CreditConfiguration

    public init(environment: ServiceEnvironment) throws {
        configuration = try CreditConfiguration(environment: environment.configuration.environment)
        database = environment.database
        calendar = configuration.calendar
        logger = environment.logger
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        Schema.register(in: &migrator)
    }

    /// The quarterly re-evaluation: checks every `JG_CREDIT_SCHEDULE_CHECK_S` whether a period is due.
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] {
        [EvaluationSchedulerService(scheduler: EvaluationScheduler(dispatcher: dispatcher, configuration: configuration, logger: logger))]
    }

    public func routes(_ router: inout MethodRouter) {
        registerRecordRoutes(&router)
        registerScoreRoutes(&router)
        registerEvaluationRoutes(&router)
        registerPunishmentRoutes(&router)
        registerRepairRoutes(&router)
        registerWhitelistRoutes(&router)
        registerPublicRoutes(&router)
    }

    // MARK: Shared steps

    /// Stores a record and rescores its entity, in the caller's transaction.
    func add(_ draft: RecordDraft, _ db: Database, _ outbox: Outbox, traceId: String?) throws -> CreditMessages.CreditRecord {
        let settings = try CreditSettings.load(db)
        try Evaluator.register(db, uscc: draft.uscc, domain: draft.domain)
        let record = try draft.insert(db, settings: settings, createdAt: calendar.timestamp)
        try rescore(db, outbox, usccs: [draft.uscc], settings: settings, traceId: traceId)
        return record
    }

    /// Rescores the given entities now (publishing grade changes) and re-checks their whitelist standing.
    func rescore(_ db: Database, _ outbox: Outbox, usccs: [String], settings: CreditSettings? = nil, traceId: String?) throws {
        let settings = try settings ?? CreditSettings.load(db)
        let today = calendar.today
        let timestamp = calendar.timestamp
        _ = try Evaluator.evaluate(db, scope: .entities(usccs), today: today, at: timestamp, traceId: traceId)
        try WhitelistPolicy.revalidate(db, usccs: usccs, settings: settings, today: today, at: timestamp, outbox: outbox)
    }

    func mutate<R: Codable & Sendable>(_ context: RequestContext, _ body: @escaping @Sendable (Database, Outbox) throws -> R) async throws -> Mutation<R> {
        try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId, body)
    }
}
