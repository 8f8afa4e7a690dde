import GRDB
import JGTesting
import Messages
import PlanningCore
import ServiceRunner

/// Runs `PlanningService` in the shared `ServiceHarness` with in-memory catalog and credit sources: the harness
/// builds cores with `init(environment:)`, so this wrapper takes its sources from a task-local set by `harness(…)`.
struct InMemoryPlanning: ServiceCore {
    @TaskLocal static var sources: PlanningSources?

    static let serviceName = PlanningService.serviceName
    let inner: PlanningService

    init(environment: ServiceEnvironment) throws {
        guard let sources = Self.sources else { throw RemoteError(status: .internal, message: "no in-memory sources set for the test") }
        inner = try PlanningService(environment: environment, sources: sources)
    }

    static func migrations(_ migrator: inout DatabaseMigrator) { PlanningService.migrations(&migrator) }
    func routes(_ router: inout MethodRouter) { inner.routes(&router) }
    func subscriptions(_ subscriptions: inout Subscriptions) { inner.subscriptions(&subscriptions) }
}

typealias Harness = ServiceHarness<InMemoryPlanning>

/// Actors used throughout the tests.
enum Actors {
    static let admin = Actor(dept: "hy-office", user: "zhang", role: .admin)
    static let market = Actor(dept: "hy-market", user: "li", role: .operator)
    static let health = Actor(dept: "hy-health", user: "wang", role: .operator)
    static let auditor = Actor(dept: "hy-audit", user: "zhao", role: .auditor)
}

/// A small catalog and credit: published items, entities, inspectors, grades.
struct Fixture {
    var catalog = InMemoryCatalog()
    var credit = InMemoryCredit()

    static let gas = "HY-2025-04"
    static let food = "HY-2025-07"
    static let fire = "HY-2025-09"
    static let draftItem = "HY-2025-99"

    /// `count` entities `9141162700000001XX`… targeted by `items`.
    static func ids(_ count: Int, prefix: String = "91411627") -> [String] {
        (1...count).map { prefix + PlanningCalendarPad.pad($0, 8) + "XX" }
    }

    init(entities: [String] = Fixture.ids(12), items: [String] = [Fixture.gas], inspectorsPerDept: Int = 3) {
        catalog.add(CatalogItem(code: Self.gas, status: "published", published: true, leadDept: "hy-market"))
        catalog.add(CatalogItem(code: Self.food, status: "published", published: true, leadDept: "hy-health"))
        catalog.add(CatalogItem(code: Self.fire, status: "published", published: true, leadDept: "hy-fire", fullCoverage: true))
        catalog.add(CatalogItem(code: Self.draftItem, status: "draft", published: false, leadDept: "hy-market"))
        for id in entities { catalog.add(.init(id: id, kind: "enterprise", industry: "H6210", region: "411627"), targetedBy: items) }
        for dept in ["hy-market", "hy-health", "hy-fire"] {
            for n in 1...inspectorsPerDept { catalog.add(Inspector(id: "INS-\(dept)-\(n)", dept: dept)) }
        }
    }

    var sources: PlanningSources { .inMemory(catalog: catalog, credit: credit) }

    func harness(today: String = "2025-03-01") throws -> Harness {
        try InMemoryPlanning.$sources.withValue(sources) { try Harness(environment: ["JG_PLANNING_TODAY": today]) }
    }
}

enum PlanningCalendarPad {
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension Harness {
    /// Creates, submits and approves a plan; returns its id.
    func approvedPlan(_ draft: PlanningMessages.PlanDraft, by actor: Actor = Actors.market) async throws -> String {
        let plan = try await result("plans.create", draft, as: actor, decoding: PlanningMessages.Plan.self)
        _ = try await result("plans.submit", PlanningMessages.PlanAction(planId: plan.planId), as: actor, decoding: PlanningMessages.Plan.self)
        _ = try await result("plans.approve", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.admin, decoding: PlanningMessages.Plan.self)
        return plan.planId
    }

    func draw(_ planId: String, seeds: [[PlanningMessages.SeedNumber]] = [[20250401], [3, 7, 9, 15, 21, 33]], method: PlanningMessages.DrawMethod? = nil, by actor: Actor = Actors.market)
        async throws -> PlanningMessages.Draw
    {
        try await result("draws.run", PlanningMessages.DrawRun(planId: planId, seeds: seeds, method: method), as: actor, decoding: PlanningMessages.Draw.self)
    }
}

extension PlanningMessages.PlanDraft {
    static func gas(
        sampling: PlanningMessages.Sampling = .init(count: 4), items: [String] = [Fixture.gas], lead: String = "hy-market",
        cooperating: [String] = ["hy-fire"], window: PlanningMessages.Window = .init(start: "2025-04-01", end: "2025-06-30")
    ) -> Self {
        .init(year: 2025, name: "城镇燃气安全联合抽查", leadDept: lead, cooperatingDepts: cooperating, items: items, sampling: sampling, window: window)
    }
}
