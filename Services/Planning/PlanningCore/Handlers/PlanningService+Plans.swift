import Foundation
import GRDB
import Messages
import ServiceRunner

/// `plans.*`: drafted and edited by the lead department, approved by the coordination office.
extension PlanningService {
    func registerPlans(_ router: inout MethodRouter) {
        router.register(
            "plans.create", summary: "Draft an annual joint inspection plan (lead department operator or admin).", mutating: true,
            params: [
                .init("year", "integer", required: true), .init("name", "string", required: true),
                .init("leadDept", "string", required: true, "牵头单位; an operator may only name their own"),
                .init("cooperatingDepts", "[string]", "配合单位"), .init("items", "[string]", required: true, "published catalog item codes"),
                .init("filter", fieldsOf: PlanningMessages.TargetFilter()),
                .init("sampling", required: true, fieldsOf: PlanningMessages.Sampling(), "ratio (0<ratio≤1, stratified by credit grade unless stratifyByGrade:false) or count"),
                .init("frequencyPerYear", "integer", "1…12, default 1"), .init("window", required: true, fieldsOf: PlanningMessages.Window(start: "", end: ""), "YYYY-MM-DD in the year"),
                .init("method", "string", "sha256-rank (default) | rfc3797"),
            ]
        ) { (params: PlanningMessages.PlanDraft, ctx) in try await createPlan(params, ctx) }

        router.register("plans.get", summary: "One plan.", params: [.init("planId", "string", required: true)]) {
            (params: PlanningMessages.PlanAction, ctx) in
            let actor = try Permissions.reader(ctx)
            let today = today
            return try await database.read { db in
                let plan = try PlanRecord.find(db, params.planId)
                guard Permissions.seesEverything(actor) || plan.status == .approved || plan.depts.contains(actor.dept ?? "") else {
                    throw PlanningError.permissionDenied("plan \(plan.id) is not approved yet; only its departments, auditors and admin see it")
                }
                return plan.message(today: today, drawId: try PlanRecord.drawId(db, planId: plan.id))
            }
        }

        router.register(
            "plans.list", summary: "Plans by year, status, department or lateness, by plan id.",
            params: [
                .init("year", "integer"), .init("status", "string", "draft | submitted | approved | cancelled"),
                .init("dept", "string", "leads or cooperates"), .init("late", "boolean"), .init("after", "string", "plan id cursor"),
                .init("limit", "integer", "1…1000, default 100"),
            ]
        ) { (params: PlanningMessages.PlanFilter, ctx) in try await listPlans(params, ctx) }

        router.register(
            "plans.update", summary: "Change a draft plan (lead department operator or admin).", mutating: true,
            params: [
                .init("planId", "string", required: true), .init("name", "string"), .init("cooperatingDepts", "[string]"),
                .init("items", "[string]", "published catalog item codes"), .init("filter", fieldsOf: PlanningMessages.TargetFilter()),
                .init("sampling", fieldsOf: PlanningMessages.Sampling(), "ratio or count, as plans.create"), .init("frequencyPerYear", "integer", "1…12"),
                .init("window", fieldsOf: PlanningMessages.Window(start: "", end: ""), "YYYY-MM-DD in the year"), .init("method", "string", "sha256-rank | rfc3797"),
            ]
        ) { (params: PlanningMessages.PlanUpdate, ctx) in try await updatePlan(params, ctx) }

        router.register(
            "plans.submit", summary: "Submit a draft for approval; after the due day (default March 31) it is flagged late.", mutating: true,
            params: [.init("planId", "string", required: true)]
        ) { (params: PlanningMessages.PlanAction, ctx) in
            try await transition(params, ctx, action: "submit", from: [.draft], needs: "draft", admin: false) { plan, actor, now, today in
                plan.status = .submitted
                plan.submittedAt = now
                plan.submittedOn = today
            }
        }

        router.register(
            "plans.approve", summary: "Approve a submitted plan (admin, the coordination office); it becomes public and can be drawn.",
            mutating: true, params: [.init("planId", "string", required: true), .init("note", "string")]
        ) { (params: PlanningMessages.PlanAction, ctx) in
            try await transition(params, ctx, action: "approve", from: [.submitted], needs: "submitted", admin: true) { plan, actor, now, _ in
                plan.status = .approved
                plan.approvedAt = now
                plan.approvedBy = actor.user ?? actor.dept
            }
        }

        router.register(
            "plans.cancel", summary: "Cancel a plan with a reason (lead department or admin), unless its tasks were issued.", mutating: true,
            params: [.init("planId", "string", required: true), .init("note", "string", required: true, "the reason")]
        ) { (params: PlanningMessages.PlanAction, ctx) in
            guard let reason = params.note, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw PlanningError.invalidField(field: "params.note", "give the reason for cancelling")
            }
            return try await transition(params, ctx, action: "cancel", from: [.draft, .submitted, .approved], needs: "not cancelled", admin: false) {
                plan, _, now, _ in
                plan.status = .cancelled
                plan.cancelledAt = now
                plan.cancelReason = reason
            }
        }
    }

    private func createPlan(_ draft: PlanningMessages.PlanDraft, _ ctx: RequestContext) async throws -> PlanningMessages.Plan {
        let actor = try Permissions.mutator(ctx)
        try Permissions.requireDept(actor, draft.leadDept, to: "draft plans for \(draft.leadDept)")
        let filter = draft.filter ?? .init()
        let cooperating = draft.cooperatingDepts ?? []
        let frequency = draft.frequencyPerYear ?? 1
        try PlanRules.validate(
            year: draft.year, name: draft.name, leadDept: draft.leadDept, cooperatingDepts: cooperating, items: draft.items, filter: filter,
            sampling: draft.sampling, frequencyPerYear: frequency, window: draft.window)
        _ = try await publishedItems(draft.items)
        let (today, dueOn) = (today, configuration.dueOn(year: draft.year))
        return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, _ in
            let now = Wire.timestamp(Date())
            let seq = try PlanRecord.nextSeq(db, year: draft.year)
            let plan = PlanRecord(
                id: "P\(draft.year)-\(PlanningCalendar.pad(seq, 4))", seq: seq, year: draft.year,
                name: draft.name, leadDept: draft.leadDept, cooperatingDepts: cooperating, items: draft.items, filter: filter,
                sampling: draft.sampling, frequencyPerYear: frequency, windowStart: draft.window.start, windowEnd: draft.window.end,
                method: draft.method ?? .sha256Rank, status: .draft, dueOn: dueOn, createdAt: now, createdBy: actor.user ?? actor.dept,
                updatedAt: now)
            try plan.insert(db)
            return plan.message(today: today, drawId: nil)
        }.value()
    }

    private func updatePlan(_ change: PlanningMessages.PlanUpdate, _ ctx: RequestContext) async throws -> PlanningMessages.Plan {
        let actor = try Permissions.mutator(ctx)
        if let items = change.items { _ = try await publishedItems(items) }
        let today = today
        return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, _ in
            var plan = try PlanRecord.find(db, change.planId)
            try Permissions.requireDept(actor, plan.leadDept, to: "edit plan \(plan.id)")
            guard plan.status == .draft else { throw PlanningError.wrongStatus(planId: plan.id, status: plan.status, action: "edit", needs: "draft") }
            if let name = change.name { plan.name = name }
            if let cooperating = change.cooperatingDepts { plan.cooperatingDepts = cooperating }
            if let items = change.items { plan.items = items }
            if let filter = change.filter { plan.filter = filter }
            if let sampling = change.sampling { plan.sampling = sampling }
            if let frequency = change.frequencyPerYear { plan.frequencyPerYear = frequency }
            if let window = change.window {
                plan.windowStart = window.start
                plan.windowEnd = window.end
            }
            if let method = change.method { plan.method = method }
            try PlanRules.validate(
                year: plan.year, name: plan.name, leadDept: plan.leadDept, cooperatingDepts: plan.cooperatingDepts, items: plan.items,
                filter: plan.filter, sampling: plan.sampling, frequencyPerYear: plan.frequencyPerYear, window: plan.window)
            plan.updatedAt = Wire.timestamp(Date())
            try plan.update(db)
            return plan.message(today: today, drawId: nil)
        }.value()
    }

    /// One status change: load, check who and from what, change, save, and announce approval.
    private func transition(
        _ params: PlanningMessages.PlanAction, _ ctx: RequestContext, action: String, from: Set<PlanningMessages.PlanStatus>, needs: String,
        admin: Bool, _ change: @escaping @Sendable (inout PlanRecord, Actor, String, String) -> Void
    ) async throws -> PlanningMessages.Plan {
        let actor = try Permissions.mutator(ctx)
        let today = today
        return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, outbox in
            var plan = try PlanRecord.find(db, params.planId)
            if admin {
                try Permissions.requireAdmin(actor, to: "\(action) plans")
            } else {
                try Permissions.requireDept(actor, plan.leadDept, to: "\(action) plan \(plan.id)")
            }
            guard from.contains(plan.status) else { throw PlanningError.wrongStatus(planId: plan.id, status: plan.status, action: action, needs: needs) }
            let drawId = try PlanRecord.drawId(db, planId: plan.id)
            if action == "cancel", let drawId,
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM draw_selection WHERE draw_id = ? AND task_id IS NOT NULL)", arguments: [drawId])
                    == true
            {
                throw PlanningError.wrongStatus(planId: plan.id, status: plan.status, action: action, needs: "no issued tasks (cancel them in inspection first)")
            }
            let now = Wire.timestamp(Date())
            change(&plan, actor, now, today)
            plan.updatedAt = now
            try plan.update(db)
            let message = plan.message(today: today, drawId: drawId)
            if plan.status == .approved {
                try outbox.append(
                    topic: "planning.plan.approved",
                    PlanningMessages.PlanApproved(
                        planId: plan.id, year: plan.year, name: plan.name, leadDept: plan.leadDept, cooperatingDepts: plan.cooperatingDepts,
                        items: plan.items, window: plan.window, late: message.late, approvedAt: now, approvedBy: plan.approvedBy))
            }
            return message
        }.value()
    }

    private func listPlans(_ filter: PlanningMessages.PlanFilter, _ ctx: RequestContext) async throws -> PlanningMessages.PlanList {
        let actor = try Permissions.reader(ctx)
        let limit = try Self.pageLimit(filter.limit)
        let today = today
        return try await database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let year = filter.year { conditions.append("year = ?"); arguments += [year] }
            if let status = filter.status { conditions.append("status = ?"); arguments += [status.rawValue] }
            if let dept = filter.dept {
                conditions.append("(lead_dept = ? OR EXISTS (SELECT 1 FROM json_each(plans.cooperating_depts) WHERE value = ?))")
                arguments += [dept, dept]
            }
            if !Permissions.seesEverything(actor) {
                let dept = actor.dept ?? ""
                conditions.append("(status = 'approved' OR lead_dept = ? OR EXISTS (SELECT 1 FROM json_each(plans.cooperating_depts) WHERE value = ?))")
                arguments += [dept, dept]
            }
            if let after = filter.after { conditions.append("id > ?"); arguments += [after] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            // `late` depends on today, so it filters after the fetch; page until the page is full.
            var plans: [PlanningMessages.Plan] = []
            let cursor = try PlanRecord.fetchCursor(db, sql: "SELECT * FROM plans \(whereClause) ORDER BY id", arguments: arguments)
            var more = false
            while let plan = try cursor.next() {
                let message = plan.message(today: today, drawId: nil)
                if let late = filter.late, message.late != late { continue }
                if plans.count == limit {
                    more = true
                    break
                }
                plans.append(message)
            }
            for index in plans.indices { plans[index].drawId = try PlanRecord.drawId(db, planId: plans[index].planId) }
            return PlanningMessages.PlanList(plans: plans, next: more ? plans.last?.planId : nil)
        }
    }
}
