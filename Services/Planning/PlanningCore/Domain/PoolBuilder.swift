import Messages

/// The pool of a plan's draw: the entities its sampled items target that match its filter, in ascending id order,
/// less those already checked this year for every such item and those on credit's whitelist; each with its
/// stratum (credit grade, or `all`). Full-coverage items take all their entities outside the pool.
public struct PlanPool: Sendable {
    public var ids: [String]
    public var strata: [String]
    /// The plan's sampled items, in plan order.
    public var sampledItems: [String]
    /// Bit i set: `sampledItems[i]` applies to the entity at the same position (nil: every sampled item applies).
    public var itemMasks: [UInt64]?
    public var fullCoverage: [PlanningMessages.FullCoverage]
    public var excluded: PlanningMessages.Exclusions
    /// Credit's grade table, when the pool is stratified by grade.
    public var gradeTable: GradeTable?

    /// The sampled items that apply to the entity at `position`.
    public func items(at position: Int) -> [String] {
        guard let masks = itemMasks else { return sampledItems }
        return sampledItems.indices.filter { masks[position] & (1 << UInt64($0)) != 0 }.map { sampledItems[$0] }
    }
}

/// Builds a plan's pool from the catalog and credit (see `PlanPool`).
public enum PoolBuilder {
    /// The most items a plan may list (the per-entity item set is a 64-bit mask).
    public static let maxItems = 64
    public static let ungraded = "ungraded"

    /// - Parameter checked: for each item, the entities already checked for it in the plan's year.
    public static func build(
        planId: String, items: [CatalogItem], filter: PlanningMessages.TargetFilter, stratifyByGrade: Bool,
        checked: [String: Set<String>], sources: PlanningSources
    ) async throws -> PlanPool {
        let sampled = items.filter { !$0.fullCoverage }.map(\.code)
        let full = items.filter(\.fullCoverage).map(\.code)

        // Entities of each sampled item, less those already checked for it this year.
        var targeted = 0
        var ids: [String] = []
        var masks: [UInt64]?
        if sampled.count == 1, let item = sampled.first {
            let all = try await calling("catalog entities.list") { try await sources.entities.entityIDs(item: item, filter: filter) }
            targeted = all.count
            let done = checked[item] ?? []
            ids = done.isEmpty ? all : all.filter { !done.contains($0) }
        } else if !sampled.isEmpty {
            var everyone = Set<String>()
            var maskOf: [String: UInt64] = [:]
            for (bit, item) in sampled.enumerated() {
                let all = try await calling("catalog entities.list") { try await sources.entities.entityIDs(item: item, filter: filter) }
                everyone.formUnion(all)
                let done = checked[item] ?? []
                for id in all where !done.contains(id) { maskOf[id, default: 0] |= 1 << UInt64(bit) }
            }
            targeted = everyone.count
            ids = maskOf.keys.sorted(by: Digests.utf8Precedes)
            masks = ids.map { maskOf[$0] ?? 0 }
        }
        let alreadyChecked = targeted - ids.count

        // Whitelisted entities are not drawn.
        var whitelistedCount = 0
        if !ids.isEmpty {
            let whitelisted = try await calling("credit whitelist.check") { try await sources.credit.whitelisted(ids) }
            if !whitelisted.isEmpty {
                let keep = ids.map { !whitelisted.contains($0) }
                whitelistedCount = keep.count { !$0 }
                masks = masks.map { masks in zip(masks, keep).filter(\.1).map(\.0) }
                ids = zip(ids, keep).filter(\.1).map(\.0)
            }
        }

        var strata = [String](repeating: "all", count: ids.count)
        var table: GradeTable?
        if stratifyByGrade, !ids.isEmpty {
            let grades = try await calling("credit grades.lookup") { try await sources.credit.grades(ids) }
            table = try await calling("credit grades.table") { try await sources.credit.gradeTable() }
            strata = ids.map { grades[$0] ?? ungraded }
        }

        var fullCoverage: [PlanningMessages.FullCoverage] = []
        for item in full {
            let all = try await calling("catalog entities.list") { try await sources.entities.entityIDs(item: item, filter: filter) }
            let done = checked[item] ?? []
            fullCoverage.append(.init(item: item, ids: done.isEmpty ? all : all.filter { !done.contains($0) }))
        }

        if ids.isEmpty && fullCoverage.allSatisfy(\.ids.isEmpty) {
            let nothingTargeted = targeted == 0 && alreadyChecked == 0 && whitelistedCount == 0
            throw PlanningError.emptyPool(
                planId: planId,
                reason: nothingTargeted && full.isEmpty
                    ? "no entity matches the plan's items and filter"
                    : "every targeted entity is whitelisted or already checked this year (or none matches the filter)")
        }
        return PlanPool(
            ids: ids, strata: strata, sampledItems: sampled, itemMasks: masks, fullCoverage: fullCoverage,
            excluded: .init(whitelisted: whitelistedCount, alreadyChecked: alreadyChecked), gradeTable: table)
    }
}
