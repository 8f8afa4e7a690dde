import Messages

/// A plan's draw computed from its pool: strata, random picks, full coverage, and inspectors for every drawn entity.
public struct DrawComputation: Sendable {
    public var method: PlanningMessages.DrawMethod
    public var key: String
    public var poolDigest: String
    public var poolSize: Int
    public var strata: [PlanningMessages.Stratum]
    public var selected: [String]
    public var fullCoverage: [PlanningMessages.FullCoverage]
    public var excluded: PlanningMessages.Exclusions
    public var roster: [PlanningMessages.InspectorRef]
    public var conflicts: [PlanningMessages.Conflict]
    public var inspectorsPerEntity: Int
    public var assignments: [PlanningMessages.Assignment]
}

/// Runs the draw rules on a built pool (see the README’s “Draw rules”).
public enum PlanDraw {
    public static let minimumInspectors = 2

    /// How many each stratum takes under `sampling`: a grade's ratio from the table (the plan's `ratio` when the
    /// table lacks the grade or the pool is not stratified), or the plan's fixed `count`.
    public static func quota(
        sampling: PlanningMessages.Sampling, table: GradeTable?
    ) -> (String, Int) throws -> PlanningMessages.Stratum {
        { name, size in
            if let ratio = sampling.ratio {
                let stratumRatio = table?.ratios[name] ?? ratio
                guard (0...1).contains(stratumRatio) else { throw PlanningError.ratioOutOfRange(field: "credit grade table, grade \(name)", stratumRatio) }
                return .init(stratum: name, size: size, ratio: stratumRatio, count: DrawEngine.stratumCount(ratio: stratumRatio, size: size))
            }
            let count = sampling.count ?? 0
            guard count <= size else { throw PlanningError.countExceedsPool(count: count, pool: size) }
            return .init(stratum: name, size: size, ratio: nil, count: count)
        }
    }

    /// - Parameters:
    ///   - roster: active inspectors of the plan's departments, any order.
    ///   - avoidances: declared conflicts (inspector, entity) besides those the roster carries.
    public static func compute(
        pool: PlanPool, sampling: PlanningMessages.Sampling, method: PlanningMessages.DrawMethod, key: String, roster: [Inspector],
        avoidances: [PlanningMessages.Conflict], inspectorsPerEntity: Int
    ) throws -> DrawComputation {
        let sample = try DrawEngine.draw(
            method: method, key: key, ids: pool.ids, strata: pool.strata, quota: quota(sampling: sampling, table: pool.gradeTable))

        // Every drawn entity once, random picks first, with the items it is checked for.
        var order: [String] = []
        var itemsOf: [String: [String]] = [:]
        var positionOf: [String: Int] = [:]
        if pool.itemMasks != nil {
            let wanted = Set(sample.selected)
            for (index, id) in pool.ids.enumerated() where wanted.contains(id) { positionOf[id] = index }
        }
        for id in sample.selected {
            order.append(id)
            itemsOf[id] = positionOf[id].map(pool.items(at:)) ?? pool.sampledItems
        }
        for coverage in pool.fullCoverage {
            for id in coverage.ids {
                if itemsOf[id] == nil { order.append(id) }
                itemsOf[id, default: []].append(coverage.item)
            }
        }

        // The second draw: inspectors.
        let refs = roster.map { PlanningMessages.InspectorRef(id: $0.id, dept: $0.dept) }
        let sortedRoster = Array(Set(refs)).sorted { Digests.utf8Precedes($0.id, $1.id) }
        let drawn = Set(order)
        var conflictsOf: [String: Set<String>] = [:]
        for inspector in roster {
            for entity in inspector.conflicts where drawn.contains(entity) { conflictsOf[entity, default: []].insert(inspector.id) }
        }
        let rosterIds = Set(sortedRoster.map(\.id))
        for avoidance in avoidances where drawn.contains(avoidance.entityId) && rosterIds.contains(avoidance.inspectorId) {
            conflictsOf[avoidance.entityId, default: []].insert(avoidance.inspectorId)
        }
        let inspectors = try InspectorAssignment.assign(
            entities: order, roster: sortedRoster, conflicts: conflictsOf, perEntity: inspectorsPerEntity, method: method, key: key)
        let assignments = zip(order, inspectors).map { entity, inspectors in
            PlanningMessages.Assignment(entityId: entity, items: itemsOf[entity] ?? [], inspectors: inspectors)
        }
        let conflicts = conflictsOf.flatMap { entity, ids in ids.map { PlanningMessages.Conflict(inspectorId: $0, entityId: entity) } }
            .sorted { ($0.entityId, $0.inspectorId) < ($1.entityId, $1.inspectorId) }

        return DrawComputation(
            method: method, key: key, poolDigest: Digests.poolDigest(pool.ids), poolSize: pool.ids.count, strata: sample.strata,
            selected: sample.selected, fullCoverage: pool.fullCoverage, excluded: pool.excluded, roster: sortedRoster, conflicts: conflicts,
            inspectorsPerEntity: inspectorsPerEntity, assignments: assignments)
    }
}
