import Foundation
import GRDB
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner
import Store

/// The `inspection` service (DESIGN §4, 联合检查 · 公示 · 互认): joint inspection tasks from plans, warnings, clues
/// and special campaigns; per-item results; publication; mutual recognition; follow-ups (re-checks, clues for other
/// departments); the hash-chained audit trail; and the over-inspection watch.
///
/// Methods are registered by feature in `InspectionService+<Feature>.swift`; consumed events in
/// `InspectionService+Subscriptions.swift`. Domain rules live in plain types (`TaskLifecycle`, `AuditChain`,
/// `Recognition`, `ResultRules`, `TaskIntake`).
public struct InspectionService: ServiceCore {
    public static let serviceName = "inspection"

    typealias M = InspectionMessages

    let database: ServiceDatabase
    let logger: Logger
    public let configuration: InspectionConfiguration
    /// Where clues for other departments go; an `InMemoryClueSink` when `JG_INSPECTION_CLUE_SINK=memory`.
    public let clueSink: any ClueSink
    let referrals: ReferralQueue

    public init(environment: ServiceEnvironment) throws {
        configuration = try InspectionConfiguration(environment: environment.configuration.environment)
        database = environment.database
        logger = environment.logger
        switch configuration.clueSink {
        case .bus: clueSink = BusClueSink(bus: environment.bus)
        case .memory: clueSink = InMemoryClueSink()
        }
        referrals = ReferralQueue(database: environment.database, sink: clueSink, logger: environment.logger)
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        Schema.register(in: &migrator)
    }

    /// Clues that referral could not take yet are retried every 30 seconds (also after each publication).
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] {
        [PeriodicMethod(dispatcher: dispatcher, method: "referrals.flush", every: .seconds(30), logger: logger)]
    }

    public func routes(_ router: inout MethodRouter) {
        registerTaskRoutes(&router)
        registerResultRoutes(&router)
        registerPublicRoutes(&router)
        registerAuditRoutes(&router)
        registerWatchRoutes(&router)
    }

    // MARK: Shared steps

    func mutate<R: Codable & Sendable>(_ context: RequestContext, _ body: @escaping @Sendable (Database, Outbox) throws -> R) async throws
        -> Mutation<R>
    {
        try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId, body)
    }

    /// Hands queued clues to referral after a publication (new ones first, older ones retried too); a failure leaves
    /// them queued (logged) and never fails the request. `referrals.flush` does the same on demand.
    func flushReferrals() async {
        do {
            guard try await referrals.hasPending() else { return }
            try await referrals.flush(stopOnFailure: true)
        } catch {
            logger.warning("referral flush postponed", metadata: ["jg.error": "\(error)"])
        }
    }
}
