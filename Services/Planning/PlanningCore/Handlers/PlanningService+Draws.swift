import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `draws.*`: the verifiable random draw of a plan's entities and inspectors, and its public re-check.
extension PlanningService {
    func registerDraws(_ router: inout MethodRouter) {
        router.register(
            "draws.preview", summary: "Draw from a given pool without storing anything (anyone; to check the rules by hand).", open: true,
            params: [
                .init("method", "string", "sha256-rank (default) | rfc3797"),
                .init("seeds", "[[integer]]", required: true, "seed sources published before the draw, e.g. [[9319],[2,5,12,8,10]]"),
                .init("pool", "[string]", required: true, "candidates, in the order rfc3797 uses"), .init("count", "integer", required: true),
                .init("stratum", "string", "the stratum label in sha256-rank ranks, default all"),
            ]
        ) { (params: PlanningMessages.DrawPreviewRequest, _) in try preview(params) }

        router.register(
            "draws.run", summary: "Draw an approved plan once: entities by its sampling, then inspectors (lead department or admin).",
            mutating: true,
            params: [
                .init("planId", "string", required: true), .init("seeds", "[[integer]]", required: true, "published before the draw"),
                .init("method", "string", "default: the plan's method"), .init("inspectorsPerEntity", "integer", "at least and by default 2"),
            ]
        ) { (params: PlanningMessages.DrawRun, ctx) in try await runDraw(params, ctx) }

        router.register("draws.get", summary: "A draw record with its assignments.", params: [.init("drawId", "string", required: true)]) {
            (params: PlanningMessages.DrawRef, ctx) in
            _ = try Permissions.reader(ctx)
            return try await database.read { db in try DrawRecord.find(db, params.drawId).message(db) }
        }

        router.register(
            "draws.list", summary: "Draw records by plan or year, by draw id.",
            params: [.init("planId", "string"), .init("year", "integer"), .init("after", "string"), .init("limit", "integer", "1…100, default 20")]
        ) { (params: PlanningMessages.DrawFilter, ctx) in
            _ = try Permissions.reader(ctx)
            let limit = try Self.pageLimit(params.limit, default: 20, max: 100)
            return try await database.read { db in
                var request = DrawRecord.order(Column("id"))
                if let planId = params.planId { request = request.filter(Column("plan_id") == planId) }
                if let year = params.year { request = request.filter(Column("year") == year) }
                if let after = params.after { request = request.filter(Column("id") > after) }
                let records = try request.limit(limit + 1).fetchAll(db)
                let draws = try records.prefix(limit).map { try $0.message(db) }
                return PlanningMessages.DrawList(draws: draws, next: records.count > limit ? draws.last?.drawId : nil)
            }
        }

        router.register(
            "draws.pool", summary: "A page of a draw's pool (ascending id, with strata), for re-running it (anyone).", open: true,
            params: [.init("drawId", "string", required: true), .init("after", "integer", "position cursor"), .init("limit", "integer", "1…50000, default 10000")]
        ) { (params: PlanningMessages.PoolPageRequest, _) in
            let limit = try Self.pageLimit(params.limit, default: 10_000, max: 50_000)
            return try await database.read { db in
                _ = try DrawRecord.find(db, params.drawId)
                let rows = try Row.fetchAll(
                    db, sql: "SELECT position, entity_id, stratum FROM draw_pool WHERE draw_id = ? AND position > ? ORDER BY position LIMIT ?",
                    arguments: [params.drawId, params.after ?? -1, limit + 1])
                let entries = rows.prefix(limit).map { PlanningMessages.PoolEntry(position: $0[0], id: $0[1], stratum: $0[2]) }
                return PlanningMessages.PoolPage(drawId: params.drawId, entries: Array(entries), next: rows.count > limit ? entries.last?.position : nil)
            }
        }

        router.register(
            "draws.verify", summary: "Recompute a stored draw from its record and pool and say whether it matches (anyone).", open: true,
            params: [.init("drawId", "string", required: true)]
        ) { (params: PlanningMessages.DrawRef, _) in
            let (draw, pool) = try await database.read { db in
                let record = try DrawRecord.find(db, params.drawId)
                return (try record.message(db), try DrawRecord.pool(db, drawId: record.id))
            }
            return DrawVerifier.verify(draw, ids: pool.ids, strata: pool.strata)
        }
    }

    private func preview(_ params: PlanningMessages.DrawPreviewRequest) throws -> PlanningMessages.DrawPreview {
        let method = params.method ?? .sha256Rank
        let key = try KeyString.make(params.seeds)
        guard !params.pool.isEmpty else { throw PlanningError.invalidField(field: "params.pool", "is empty; list the candidates to draw from") }
        guard Set(params.pool).count == params.pool.count else { throw PlanningError.invalidField(field: "params.pool", "lists a candidate twice") }
        let selected = try DrawEngine.select(method: method, key: key, pool: params.pool, count: params.count, stratum: params.stratum ?? "all")
        return PlanningMessages.DrawPreview(method: method, key: key, selected: selected)
    }

    private func runDraw(_ params: PlanningMessages.DrawRun, _ ctx: RequestContext) async throws -> Mutation<PlanningMessages.Draw> {
        let actor = try Permissions.mutator(ctx)
        if let stored = try await storedReply(ctx) { return .replayed(stored) }
        let key = try KeyString.make(params.seeds)
        let perEntity = params.inspectorsPerEntity ?? PlanDraw.minimumInspectors
        guard perEntity >= PlanDraw.minimumInspectors else {
            throw PlanningError.invalidField(field: "params.inspectorsPerEntity", "at least \(PlanDraw.minimumInspectors) inspectors visit each entity, got \(perEntity)")
        }

        // Read and check the plan, then gather the pool and inspectors from catalog and credit (outside the transaction).
        let plan = try await database.read { db in try PlanRecord.find(db, params.planId) }
        try Permissions.requireDept(actor, plan.leadDept, to: "draw plan \(plan.id)")
        guard plan.status == .approved else { throw PlanningError.wrongStatus(planId: plan.id, status: plan.status, action: "draw", needs: "approved") }
        if let drawId = try await database.read({ db in try PlanRecord.drawId(db, planId: plan.id) }) {
            throw PlanningError.alreadyDrawn(planId: plan.id, drawId: drawId)
        }
        let method = params.method ?? plan.method
        let items = try await publishedItems(plan.items)
        let (checked, avoidances) = try await database.read { db in
            (
                try CheckedStore.checked(db, year: plan.year, items: plan.items),
                try AvoidanceRecord.fetchAll(db).map { PlanningMessages.Conflict(inspectorId: $0.inspectorId, entityId: $0.entityId) }
            )
        }
        let pool = try await PoolBuilder.build(
            planId: plan.id, items: items, filter: plan.filter, stratifyByGrade: plan.sampling.ratio != nil && plan.sampling.stratifyByGrade != false,
            checked: checked, sources: sources)
        var roster: [Inspector] = []
        for dept in plan.depts {
            roster += try await calling("catalog inspectors.list") { try await sources.inspectors.activeInspectors(dept: dept) }
        }
        let computation = try PlanDraw.compute(
            pool: pool, sampling: plan.sampling, method: method, key: key, roster: roster, avoidances: avoidances, inspectorsPerEntity: perEntity)

        return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, outbox in
            // Checked again inside the write: a concurrent draw or cancellation wins.
            let current = try PlanRecord.find(db, plan.id)
            guard current.status == .approved else { throw PlanningError.wrongStatus(planId: plan.id, status: current.status, action: "draw", needs: "approved") }
            if let drawId = try PlanRecord.drawId(db, planId: plan.id) { throw PlanningError.alreadyDrawn(planId: plan.id, drawId: drawId) }
            let now = Wire.timestamp(Date())
            let record = DrawRecord(
                id: "D\(plan.id.dropFirst())", planId: plan.id, year: plan.year, method: method, seeds: params.seeds, keyString: key,
                poolDigest: computation.poolDigest, poolSize: computation.poolSize, strata: computation.strata, selected: computation.selected,
                fullCoverage: computation.fullCoverage, excluded: computation.excluded, roster: computation.roster, conflicts: computation.conflicts,
                inspectorsPerEntity: perEntity, createdAt: now, createdBy: actor.user ?? actor.dept)
            try record.insert(db)
            try DrawRecord.insertPool(db, drawId: record.id, ids: pool.ids, strata: pool.strata)
            for (position, assignment) in computation.assignments.enumerated() {
                try SelectionRecord(
                    drawId: record.id, position: position, entityId: assignment.entityId, items: assignment.items, inspectors: assignment.inspectors,
                    taskId: nil
                ).insert(db)
            }
            try outbox.append(
                topic: "planning.draw.completed",
                PlanningMessages.DrawCompleted(
                    drawId: record.id, planId: plan.id, year: plan.year, method: method, key: key, poolDigest: record.poolDigest,
                    poolSize: record.poolSize, strata: record.strata, selectedCount: record.selected.count,
                    fullCoverageCount: computation.assignments.count - record.selected.count, completedAt: now))
            return try record.message(db)
        }
    }
}
