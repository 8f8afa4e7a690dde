import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `tasks.*`: drawn entities merged into joint tasks (进一次门、查多项事) and handed to inspection.
extension PlanningService {
    func registerTasks(_ router: inout MethodRouter) {
        let windowParams: [SystemMessages.ParamSpec] = [
            .init("window", required: true, fieldsOf: PlanningMessages.Window(start: "", end: ""), "YYYY-MM-DD: approved plans whose window overlaps it take part")
        ]
        router.register(
            "tasks.preview", summary: "The joint tasks issuing would create in a window, and how many visits the merge saves (admin or operator).",
            params: windowParams
        ) { (params: PlanningMessages.TaskWindowRequest, ctx) in
            let actor = try Permissions.reader(ctx)
            guard actor.role == .admin || actor.role == .operator || actor.role == .auditor else {
                throw PlanningError.permissionDenied("only operators, auditors and the coordination office (admin) preview tasks")
            }
            try Self.validate(params.window)
            return try await database.read { db in TaskMerge.merge(try Self.openVisits(db, window: params.window), window: params.window) }
        }

        router.register(
            "tasks.issue", summary: "Merge and issue the open drawn entities of a window as joint tasks to inspection (admin).", mutating: true,
            params: windowParams
        ) { (params: PlanningMessages.TaskWindowRequest, ctx) in
            let actor = try Permissions.mutator(ctx)
            try Permissions.requireAdmin(actor, to: "issue joint tasks")
            try Self.validate(params.window)
            return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, outbox in
                try Self.issue(db, outbox, window: params.window, by: actor.user ?? actor.dept)
            }
        }

        router.register("tasks.get", summary: "One issued joint task.", params: [.init("taskId", "string", required: true)]) {
            (params: PlanningMessages.TaskRef, ctx) in
            _ = try Permissions.reader(ctx)
            return try await database.read { db in
                guard let task = try TaskRecord.fetchOne(db, key: params.taskId) else { throw PlanningError.taskNotFound(params.taskId) }
                return task.message
            }
        }

        router.register(
            "tasks.list", summary: "Issued joint tasks by plan, entity or department, by task id.",
            params: [.init("planId", "string"), .init("uscc", "string"), .init("dept", "string"), .init("after", "string"), .init("limit", "integer")]
        ) { (params: PlanningMessages.TaskFilter, ctx) in
            _ = try Permissions.reader(ctx)
            let limit = try Self.pageLimit(params.limit)
            return try await database.read { db in
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let planId = params.planId { conditions.append("EXISTS (SELECT 1 FROM json_each(tasks.plan_ids) WHERE value = ?)"); arguments += [planId] }
                if let dept = params.dept { conditions.append("EXISTS (SELECT 1 FROM json_each(tasks.depts) WHERE value = ?)"); arguments += [dept] }
                if let uscc = params.uscc { conditions.append("uscc = ?"); arguments += [uscc] }
                if let after = params.after { conditions.append("id > ?"); arguments += [after] }
                let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
                arguments += [limit + 1]
                let records = try TaskRecord.fetchAll(db, sql: "SELECT * FROM tasks \(whereClause) ORDER BY id LIMIT ?", arguments: arguments)
                let tasks = records.prefix(limit).map(\.message)
                return PlanningMessages.TaskList(tasks: Array(tasks), next: records.count > limit ? tasks.last?.taskId : nil)
            }
        }
    }

    static func validate(_ window: PlanningMessages.Window) throws {
        guard PlanningCalendar.isDate(window.start) else { throw PlanningError.invalidField(field: "params.window.start", "must be a date YYYY-MM-DD") }
        guard PlanningCalendar.isDate(window.end) else { throw PlanningError.invalidField(field: "params.window.end", "must be a date YYYY-MM-DD") }
        guard window.start <= window.end else { throw PlanningError.invalidField(field: "params.window", "starts after it ends") }
    }

    /// Drawn, not yet issued entities of approved plans whose window overlaps `window`: one visit each.
    static func openVisits(_ db: Database, window: PlanningMessages.Window) throws -> [DrawnVisit] {
        let plans = try PlanRecord.fetchAll(
            db, sql: "SELECT * FROM plans WHERE status = 'approved' AND window_start <= ? AND window_end >= ? ORDER BY id",
            arguments: [window.end, window.start])
        var visits: [DrawnVisit] = []
        for plan in plans {
            guard let drawId = try PlanRecord.drawId(db, planId: plan.id) else { continue }
            let selections = try SelectionRecord.fetchAll(
                db, sql: "SELECT * FROM draw_selection WHERE draw_id = ? AND task_id IS NULL ORDER BY position", arguments: [drawId])
            visits += selections.map {
                DrawnVisit(
                    planId: plan.id, entityId: $0.entityId, items: $0.items, depts: plan.depts, inspectors: $0.inspectors, window: plan.window,
                    leadDept: plan.leadDept)
            }
        }
        return visits
    }

    /// Issues the merge of the open visits: one task row and one `planning.task.issued` event per entity.
    static func issue(_ db: Database, _ outbox: Outbox, window: PlanningMessages.Window, by issuer: String?) throws -> PlanningMessages.TaskMergeResult {
        var merge = TaskMerge.merge(try openVisits(db, window: window), window: window)
        let year = PlanningCalendar.year(of: window.start) ?? 0
        var seq = try TaskRecord.nextSeq(db, year: year)
        let now = Wire.timestamp(Date())
        for index in merge.tasks.indices {
            let taskId = "T\(year)-\(PlanningCalendar.pad(seq, 6))"
            seq += 1
            merge.tasks[index].taskId = taskId
            let task = merge.tasks[index]
            try TaskRecord(
                id: taskId, seq: seq - 1, year: year, uscc: task.uscc, planIds: task.planIds, items: task.items, depts: task.depts,
                inspectors: task.inspectors, windowStart: task.window.start, windowEnd: task.window.end, issuedAt: now, issuedBy: issuer,
                itemDepts: task.itemDepts
            ).insert(db)
            for planId in task.planIds {
                try db.execute(
                    sql: "UPDATE draw_selection SET task_id = ? WHERE entity_id = ? AND task_id IS NULL AND draw_id = (SELECT id FROM draws WHERE plan_id = ?)",
                    arguments: [taskId, task.uscc, planId])
            }
            try outbox.append(topic: "planning.task.issued", PlanningMessages.TaskIssued(taskId: taskId, task: task))
        }
        return merge
    }
}
