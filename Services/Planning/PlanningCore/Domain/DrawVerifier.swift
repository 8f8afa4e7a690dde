import Messages

/// `draws.verify`: recomputes a stored draw from its own record and pool, check by check.
public enum DrawVerifier {
    /// - Parameters:
    ///   - ids: the stored pool, in position order; `strata` parallel to it.
    public static func verify(_ draw: PlanningMessages.Draw, ids: [String], strata: [String]) -> PlanningMessages.DrawVerification {
        var checks: [PlanningMessages.VerifyCheck] = []

        let key = try? KeyString.make(draw.seeds)
        checks.append(.init(check: "key", ok: key == draw.key, detail: key == draw.key ? nil : "seeds give \(key ?? "no key"), record says \(draw.key)"))

        let ascending = zip(ids, ids.dropFirst()).allSatisfy { Digests.utf8Precedes($0, $1) }
        checks.append(.init(check: "poolOrder", ok: ascending && ids.count == draw.poolSize, detail: "\(ids.count) ids stored, record says \(draw.poolSize)"))

        let digest = Digests.poolDigest(ids)
        checks.append(.init(check: "poolDigest", ok: digest == draw.poolDigest, detail: digest == draw.poolDigest ? nil : "pool hashes to \(digest)"))

        let recorded = Dictionary(draw.strata.map { ($0.stratum, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            let sample = try DrawEngine.draw(method: draw.method, key: draw.key, ids: ids, strata: strata) { name, size in
                guard let stratum = recorded[name] else { throw PlanningError.invalidField(field: "strata", "stratum \(name) is in the pool but not in the record") }
                let count = stratum.ratio.map { DrawEngine.stratumCount(ratio: $0, size: size) } ?? stratum.count
                return .init(stratum: name, size: size, ratio: stratum.ratio, count: count)
            }
            let strataMatch = sample.strata == draw.strata
            checks.append(.init(check: "strata", ok: strataMatch, detail: strataMatch ? nil : "recomputed \(describe(sample.strata)), record says \(describe(draw.strata))"))
            let selectionMatches = sample.selected == draw.selected
            var detail: String?
            if !selectionMatches {
                let firstDifference = zip(sample.selected, draw.selected).enumerated().first { $1.0 != $1.1 }
                detail = firstDifference.map { "pick \($0.offset + 1) is \($0.element.0), record says \($0.element.1)" }
                    ?? "recomputed \(sample.selected.count) picks, record has \(draw.selected.count)"
            }
            checks.append(.init(check: "selection", ok: selectionMatches, detail: detail))
        } catch {
            checks.append(.init(check: "selection", ok: false, detail: (error as? PlanningError)?.message ?? "\(error)"))
        }

        // The inspector assignment from the recorded roster and conflicts.
        var conflictsOf: [String: Set<String>] = [:]
        for conflict in draw.conflicts { conflictsOf[conflict.entityId, default: []].insert(conflict.inspectorId) }
        let entities = draw.assignments.map(\.entityId)
        let inspectors = try? InspectorAssignment.assign(
            entities: entities, roster: draw.roster, conflicts: conflictsOf, perEntity: draw.inspectorsPerEntity, method: draw.method, key: draw.key)
        let assignmentMatches = inspectors == draw.assignments.map(\.inspectors) && Array(entities.prefix(draw.selected.count)) == draw.selected
        checks.append(.init(check: "inspectors", ok: assignmentMatches, detail: assignmentMatches ? nil : "the inspector assignment does not follow from the roster"))

        return .init(drawId: draw.drawId, matches: checks.allSatisfy(\.ok), checks: checks)
    }

    static func describe(_ strata: [PlanningMessages.Stratum]) -> String {
        strata.map { "\($0.stratum) \($0.count)/\($0.size)" }.joined(separator: ", ")
    }
}
