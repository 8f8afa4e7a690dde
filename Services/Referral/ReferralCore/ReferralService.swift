import Foundation
import GRDB
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner
import Store

/// The `referral` service (DESIGN §4, 问题线索移送): clue intake from every source, routing by the catalog, the
/// hand-over workflow with working-day deadlines and escalation (督办), jurisdiction disputes (管辖争议), links between
/// clues about one entity, and criminal transfer to public security (行刑衔接).
///
/// Methods are registered by feature in `ReferralService+<Feature>.swift`. Domain rules are plain types:
/// `Router`, `ClueWorkflow`, `WorkingCalendar`, `DeadlinePolicy`. The overdue check runs as a background service
/// (`OverdueWatcher`) through the service's own dispatcher.
public struct ReferralService: ServiceCore {
    public static let serviceName = "referral"
    typealias M = ReferralMessages

    let database: ServiceDatabase
    let logger: Logger
    public let configuration: ReferralConfiguration
    /// Now, for every timestamp and deadline; tests move it (`clock.set`, `clock.advance`).
    public let clock: ReferralClock
    /// Where routing data comes from (cached).
    public let directory: any RoutingDirectory
    let router: Router
    let access: AccessPolicy
    let vault: ContactVault

    public init(environment: ServiceEnvironment) throws {
        let configuration = try ReferralConfiguration(environment: environment.configuration.environment)
        let base: any RoutingDirectory =
            if let csv = configuration.routingCSV {
                try InMemoryRoutingDirectory(csvPath: csv)
            } else {
                CatalogRoutingDirectory(bus: environment.bus)
            }
        try self.init(environment: environment, configuration: configuration, directory: base, clock: ReferralClock(fixed: configuration.fixedNow))
    }

    /// A core with its routing source and clock given (benchmarks, embedding); `directory` is wrapped in a cache.
    public init(environment: ServiceEnvironment, configuration: ReferralConfiguration, directory: any RoutingDirectory, clock: ReferralClock) throws {
        self.configuration = configuration
        database = environment.database
        logger = environment.logger
        self.clock = clock
        self.directory = CachedRoutingDirectory(base: directory, ttl: TimeInterval(configuration.routingCacheSeconds))
        router = Router(coordinationDept: configuration.coordinationDept)
        access = AccessPolicy(coordinationDept: configuration.coordinationDept)
        vault = ContactVault(key: configuration.contactKey)
        if !vault.seals {
            logger.warning("JG_REFERRAL_CONTACT_KEY is not set: reporter contacts are kept apart from clues but not encrypted")
        }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        Schema.register(in: &migrator)
    }

    public func routes(_ router: inout MethodRouter) {
        registerIntakeRoutes(&router)
        registerWorkflowRoutes(&router)
        registerQueryRoutes(&router)
        registerOverdueRoutes(&router)
        registerDisputeRoutes(&router)
        registerCaseRoutes(&router)
    }

    /// The overdue watcher: every `JG_REFERRAL_OVERDUE_CHECK_S` it calls `clues.escalateOverdue` as `service(referral)`.
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] {
        [OverdueWatcherService(watcher: overdueWatcher(dispatcher: dispatcher))]
    }

    /// The overdue watcher over `dispatcher`, checking every `JG_REFERRAL_OVERDUE_CHECK_S` (tests call its `tick()`).
    public func overdueWatcher(dispatcher: Dispatcher) -> OverdueWatcher {
        OverdueWatcher(dispatcher: dispatcher, interval: .seconds(configuration.overdueCheckSeconds), logger: logger)
    }

    // MARK: Shared steps

    /// Runs one idempotent change; the reply is the JSON stored for it, not encoded a second time.
    func mutate<R: Codable & Sendable>(_ context: RequestContext, _ body: @escaping @Sendable (Database, Outbox) throws -> R) async throws -> Mutation<R> {
        try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId, body)
    }

    /// Asks the directory about a clue's items and domain (before any transaction: it may go over the bus).
    func lookup(items: [String], domain: String?) async throws -> Router.Lookup {
        var lookup = Router.Lookup(domain: domain)
        for code in items {
            if let entry = try await directory.item(code: code) {
                lookup.items.append(entry)
            } else {
                lookup.unknownItems.append(code)
            }
        }
        if lookup.items.isEmpty, let domain {
            lookup.domainItems = try await directory.items(domain: domain)
        }
        return lookup
    }

    /// Starts the deadline of `step` at `start` (or clears it).
    func setDeadline(_ clue: inout ClueRecord, _ step: M.DeadlineStep?, from start: Date) {
        clue.dueStep = step
        clue.dueAt = step.map { ReferralClock.format(configuration.deadlines.due($0, source: clue.source, from: start)) }
    }

    /// Assigns the clue by `routing` now: status `assigned`, the sign-off deadline from now, history and
    /// `referral.clue.assigned`, in the caller's transaction.
    func assign(
        _ clue: inout ClueRecord, _ routing: M.Routing, action: String, actor: Actor?, note: String?, at now: Date, _ db: Database, _ outbox: Outbox
    ) throws {
        let timestamp = ReferralClock.format(now)
        let from = clue.status
        clue.assign(routing, at: timestamp)
        clue.status = .assigned
        setDeadline(&clue, .signOff, from: now)
        clue.updatedAt = timestamp
        try ClueStore.addHistory(db, clueId: clue.id, action: action, from: from, to: .assigned, dept: routing.dept, actor: actor, note: note ?? routing.reason, at: timestamp)
        try outbox.append(
            topic: "referral.clue.assigned",
            M.ClueAssigned(
                clueId: clue.id, dept: routing.dept, mode: routing.mode, jointDepts: routing.jointDepts, source: clue.source, uscc: clue.uscc,
                items: clue.items, assignedAt: timestamp, dueAt: clue.dueAt ?? timestamp))
    }

    /// Loads a clue inside a transaction, or `NOT_FOUND`.
    static func clue(_ db: Database, _ id: String) throws -> ClueRecord {
        guard let clue = try ClueStore.fetch(db, id: id) else { throw ReferralError.clueNotFound(id) }
        return clue
    }

    /// One change to one clue: loads it, runs `body`, stores it, returns the wire clue — one transaction.
    func change(
        _ context: RequestContext, clueId: String, _ body: @escaping @Sendable (inout ClueRecord, Date, Database, Outbox) throws -> Void
    ) async throws -> Mutation<M.Clue> {
        let now = clock.now
        return try await mutate(context) { db, outbox in
            var clue = try Self.clue(db, clueId)
            try body(&clue, now, db, outbox)
            clue.updatedAt = ReferralClock.format(now)
            try ClueStore.update(db, clue)
            return clue.wire(now: ReferralClock.format(now))
        }
    }
}
