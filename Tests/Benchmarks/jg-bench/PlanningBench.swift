import ArgumentParser
import Foundation
import Messages
import PlanningCore

/// `jg-bench planning`: a stratified ratio draw over a million entities with inspector assignment, then the merge of
/// three overlapping plans into joint tasks, all on in-memory sources (no bus, no SQLite).
struct PlanningBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planning", abstract: "Planning draw (1M entities, 4 grades, 5 %) with inspector assignment, and a three-plan merge.")

    @Option(help: "Entities in the pool.") var entities = 1_000_000
    @Option(help: "Inspectors across four departments.") var inspectors = 2_000
    @Option(help: "Method: sha256-rank or rfc3797.") var method = "sha256-rank"

    /// Grade shares 40/30/20/10 % with ratios 2/5/8/11 % give 5 % overall.
    static let ratios: [String: Double] = ["A": 0.02, "B": 0.05, "C": 0.08, "D": 0.11]
    static func grade(_ index: Int) -> String {
        switch index % 10 {
        case 0..<4: "A"
        case 4..<7: "B"
        case 7..<9: "C"
        default: "D"
        }
    }

    func run() async throws {
        guard let method = PlanningMessages.DrawMethod(rawValue: method) else { throw ValidationError("method is sha256-rank or rfc3797") }
        print("bench-planning: \(entities) entities, \(inspectors) inspectors, \(method.rawValue), \(Machine.description), \(Date().formatted(.iso8601))")
        let clock = ContinuousClock()

        // Setup (not timed): three items over overlapping parts of the registry, grades, inspectors.
        let setupStart = clock.now
        let ids = (0..<entities).map { "91411627" + String(format: "%09d", $0) + "X" }
        let all = ids.map { InMemoryCatalog.Entity(id: $0) }
        var catalog = InMemoryCatalog()
        let depts = ["hy-market", "hy-health", "hy-fire", "hy-emergency"]
        for (code, lead) in [("HY-2025-04", "hy-market"), ("HY-2025-07", "hy-health"), ("HY-2025-09", "hy-fire")] {
            catalog.add(CatalogItem(code: code, status: "published", published: true, leadDept: lead))
        }
        catalog.add(all, targetedBy: "HY-2025-04")
        catalog.add(Array(all[0..<(entities * 6 / 10)]), targetedBy: "HY-2025-07")
        catalog.add(Array(all[(entities * 4 / 10)...]), targetedBy: "HY-2025-09")
        for n in 0..<inspectors { catalog.add(Inspector(id: "INS-\(String(format: "%05d", n))", dept: depts[n % depts.count])) }
        var grades: [String: String] = [:]
        grades.reserveCapacity(entities)
        for (index, id) in ids.enumerated() { grades[id] = Self.grade(index) }
        let sources = PlanningSources.inMemory(catalog: catalog, credit: InMemoryCredit(grades: grades, table: GradeTable(ratios: Self.ratios)))
        let key = "20250401./3.7.9.15.21.33./"
        print(String(format: "  setup (not timed)        %7.3f s", seconds(clock.now - setupStart)))

        // The whole draw of plan 1: pool, strata, picks, digest, inspectors.
        let roster = try await depts.asyncFlatMap { try await sources.inspectors.activeInspectors(dept: $0) }
        let sampling = PlanningMessages.Sampling(ratio: 0.05)
        var start = clock.now
        let pool = try await PoolBuilder.build(
            planId: "P2025-0001", items: [CatalogItem(code: "HY-2025-04", status: "published", published: true, leadDept: "hy-market")],
            filter: .init(), stratifyByGrade: true, checked: [:], sources: sources)
        let poolTime = clock.now - start
        start = clock.now
        let draw = try PlanDraw.compute(pool: pool, sampling: sampling, method: method, key: key, roster: roster, avoidances: [], inspectorsPerEntity: 2)
        let drawTime = clock.now - start
        start = clock.now
        _ = try InspectorAssignment.assign(
            entities: draw.assignments.map(\.entityId), roster: draw.roster, conflicts: [:], perEntity: 2, method: method, key: key)
        let assignTime = clock.now - start
        let total = poolTime + drawTime
        print(String(format: "  pool (catalog+credit)    %7.3f s  %d entities", seconds(poolTime), pool.ids.count))
        let strata = draw.strata.map { "\($0.stratum) \($0.count)/\($0.size)" }.joined(separator: ", ")
        print(String(format: "  draw + digest + assign   %7.3f s  %d picks", seconds(drawTime), draw.selected.count) + " (\(strata))")
        print(String(format: "    of which assignment    %7.3f s  2 of %d inspectors each", seconds(assignTime), draw.roster.count))
        print(String(format: "  whole draw               %7.3f s  (target ≤ 3 s) ", seconds(total)) + (seconds(total) <= 3 ? "ok" : "OVER"))

        // Two more plans over overlapping parts, then the merge of all three.
        var visits = draw.assignments.map {
            DrawnVisit(planId: "P2025-0001", entityId: $0.entityId, items: $0.items, depts: ["hy-market", "hy-fire"], inspectors: $0.inspectors,
                window: .init(start: "2025-04-01", end: "2025-06-30"))
        }
        // Each plan is drawn with its own published seeds (the same key would rank the shared entities alike).
        for (plan, item, lead, key) in [
            ("P2025-0002", "HY-2025-07", "hy-health", "20250402./1.4.11.19.27.30./"), ("P2025-0003", "HY-2025-09", "hy-fire", "20250403./2.8.13.22.25.31./"),
        ] {
            start = clock.now
            let pool = try await PoolBuilder.build(
                planId: plan, items: [CatalogItem(code: item, status: "published", published: true, leadDept: lead)], filter: .init(),
                stratifyByGrade: true, checked: [:], sources: sources)
            let drawn = try PlanDraw.compute(pool: pool, sampling: sampling, method: method, key: key, roster: roster, avoidances: [], inspectorsPerEntity: 2)
            print("  draw \(plan)           " + String(format: "%7.3f s  %d picks of %d", seconds(clock.now - start), drawn.selected.count, pool.ids.count))
            visits += drawn.assignments.map {
                DrawnVisit(planId: plan, entityId: $0.entityId, items: $0.items, depts: [lead], inspectors: $0.inspectors,
                    window: .init(start: "2025-05-01", end: "2025-07-31"))
            }
        }
        start = clock.now
        let merge = TaskMerge.merge(visits, window: .init(start: "2025-04-01", end: "2025-06-30"))
        print(String(format: "  merge of three plans     %7.3f s  %d visits → %d tasks, %d saved", seconds(clock.now - start), merge.visits,
            merge.tasks.count, merge.visitsSaved))
    }
}

extension Array {
    fileprivate func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async throws -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
