import Foundation
import GRDB
import Messages
import ServiceRunner

extension InspectionService {
    func registerTaskRoutes(_ router: inout MethodRouter) {
        let configuration = configuration

        router.register(
            "tasks.create", summary: "Schedule a task from a referral clue (source clue + clueId) or a special campaign (source campaign).",
            mutating: true,
            params: [
                .init("source", "string", required: true, "clue | campaign"), .init("clueId", "string", "the clue verified (source clue)"),
                .init("campaign", "string", "campaign name (source campaign)"), .init("uscc", "string", required: true),
                .init("items", "array", required: true, fields: M.TaskItemSpec.wireFields, "or bare codes"), .init("depts", "array", "participating departments"),
                .init("inspectors", elementsOf: M.InspectorRef(id: "", dept: ""), "the inspectors, each of the department of an item"), .init("window", required: true, fieldsOf: M.Window(start: "", end: ""), "YYYY-MM-DD"),
                .init("leadDept", "string", "lead department (operators: their own)"), .init("reason", "string"),
            ]
        ) { (params: M.TaskCreate, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .operator, .service])
            let lead = try AccessPolicy.department(of: actor, requested: params.leadDept, field: "params.leadDept")
            let draft = try TaskIntake.fromRequest(params, leadDept: lead)
            let rule: TaskScheduling.RecognisedItems = Recognition.applies(to: draft.source) ? .refuse : .ignore
            return try await mutate(context) { db, _ -> M.InspectionTask in
                switch try TaskScheduling.schedule(db, draft, by: actor, at: Date(), recognitionDays: configuration.recognitionDays, recognised: rule)
                {
                case .duplicate(let id):
                    throw InspectionError.alreadyExists(
                        "\(draft.source.rawValue) \(draft.sourceRef ?? "") already has task \(id); `inspection tasks.get taskId=\(id)` shows it",
                        details: ["taskId": .string(id)])
                case .created(let id, _):
                    return try TaskStore.load(db, id: id)
                }
            }
        }

        router.register(
            "tasks.get", summary: "One task with its items, departments and inspectors.", params: [.init("taskId", "string", required: true)]
        ) {
            (params: M.TaskRef, context) in
            let actor = try AccessPolicy.caller(context)
            return try await database.read { db in
                try AccessPolicy.requireRead(db, actor, taskId: params.taskId)
                return try TaskStore.load(db, id: params.taskId)
            }
        }

        router.register(
            "tasks.list",
            summary: "Tasks by department, inspector, entity, status, source and window (operators: their department's; inspectors: theirs).",
            params: [
                .init("dept", "string"), .init("inspector", "string"), .init("uscc", "string"), .init("status", "string"), .init("source", "string"),
                .init("window", fieldsOf: M.Window(start: "", end: ""), "tasks whose window overlaps it"), .init("limit", "integer", "1…1000, default 200"),
                .init("offset", "integer"),
            ]
        ) { (query: M.TaskListQuery, context) in
            let actor = try AccessPolicy.caller(context)
            let limit = query.limit ?? 200
            guard (1...1_000).contains(limit) else {
                throw InspectionError.invalidArgument(field: "params.limit", "params.limit must be between 1 and 1000, got \(limit)")
            }
            let offset = query.offset ?? 0
            guard offset >= 0 else { throw InspectionError.invalidArgument(field: "params.offset", "params.offset must be 0 or more") }
            var query = query
            if let window = query.window { query.window = try TaskIntake.validated(window, field: "params.window") }
            let scope: TaskStore.Scope
            switch actor.role {
            case .admin, .auditor, .service: scope = .all
            case .operator: scope = .dept(try AccessPolicy.department(of: actor, requested: nil, field: "params.dept"))
            case .inspector:
                guard let user = actor.user else { throw InspectionError.permissionDenied("the caller's token names no inspector") }
                scope = .inspector(user)
            case .public: throw InspectionError.unauthenticated("tasks.list needs an authenticated caller")
            }
            let finalQuery = query
            return M.TaskList(tasks: try await database.read { db in try TaskStore.list(db, finalQuery, scope: scope, limit: limit, offset: offset) })
        }

        router.register(
            "tasks.start", summary: "Start a scheduled task (inspectors on site).", mutating: true,
            params: [.init("taskId", "string", required: true)]
        ) { (params: M.TaskRef, context) in
            let actor = try AccessPolicy.caller(context)
            return try await mutate(context) { db, _ in
                let task = try TaskStore.record(db, id: params.taskId)
                try AccessPolicy.requireRunner(db, actor, taskId: task.id)
                try TaskLifecycle.check(.start, taskId: task.id, status: task.status)
                let at = Wire.timestamp(Date())
                try TaskStore.setStatus(db, id: task.id, .inProgress, stamp: "started_at", at: at)
                try AuditLog.append(db, at: at, taskId: task.id, action: .start, subject: task.id, actor: actor, detail: ["status": "inProgress"])
                return try TaskStore.load(db, id: task.id)
            }
        }

        router.register(
            "tasks.submit", summary: "Submit a task once every item it checks has a result.", mutating: true,
            params: [.init("taskId", "string", required: true)]
        ) { (params: M.TaskRef, context) in
            let actor = try AccessPolicy.caller(context)
            return try await mutate(context) { db, _ in
                let task = try TaskStore.record(db, id: params.taskId)
                try AccessPolicy.requireRunner(db, actor, taskId: task.id)
                try TaskLifecycle.check(.submit, taskId: task.id, status: task.status)
                let missing = try String.fetchAllCached(
                    db,
                    sql: """
                        SELECT i.item FROM task_items i WHERE i.task_id = ? AND i.recognised_result_id IS NULL
                          AND NOT EXISTS (SELECT 1 FROM results r WHERE r.task_id = i.task_id AND r.item = i.item)
                        ORDER BY i.position
                        """, arguments: [task.id])
                guard missing.isEmpty else {
                    throw InspectionError.failedPrecondition(
                        "task \(task.id) still has no result for item(s) \(missing.joined(separator: ", ")); record them with results.record first",
                        details: ["missingItems": .array(missing.map(JSONValue.string))])
                }
                let at = Wire.timestamp(Date())
                try TaskStore.setStatus(db, id: task.id, .submitted, stamp: "submitted_at", at: at)
                try AuditLog.append(db, at: at, taskId: task.id, action: .submit, subject: task.id, actor: actor, detail: ["status": "submitted"])
                return try TaskStore.load(db, id: task.id)
            }
        }

        router.register(
            "tasks.cancel", summary: "Cancel a task before publication, with a reason (lead department or coordination office).", mutating: true,
            params: [.init("taskId", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.TaskCancel, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .operator])
            let reason = params.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw InspectionError.missing("params.reason") }
            return try await mutate(context) { db, outbox in
                let task = try TaskStore.record(db, id: params.taskId)
                try AccessPolicy.requireLead(actor, task: task)
                try TaskLifecycle.check(.cancel, taskId: task.id, status: task.status)
                let at = Wire.timestamp(Date())
                try db.executeCached(
                    sql: "UPDATE tasks SET status = 'cancelled', cancel_reason = ?, closed_at = ? WHERE id = ?", arguments: [reason, at, task.id])
                try AuditLog.append(db, at: at, taskId: task.id, action: .cancel, subject: task.id, actor: actor, detail: ["reason": .string(reason)])
                try outbox.append(
                    topic: "inspection.task.closed", try Publication.closedEvent(db, task: task, status: .cancelled, reason: reason, at: at))
                return try TaskStore.load(db, id: task.id)
            }
        }

        router.register(
            "tasks.reassign", summary: "Replace, remove or add an inspector of a task, with a reason (their department's operator or admin).",
            mutating: true,
            params: [
                .init("taskId", "string", required: true), .init("remove", "string", "inspector taken off"),
                .init("add", fieldsOf: M.InspectorRef(id: "", dept: ""), "the inspector put on"), .init("reason", "string", required: true),
            ]
        ) { (params: M.TaskReassign, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .operator])
            let reason = params.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw InspectionError.missing("params.reason") }
            guard params.remove != nil || params.add != nil else {
                throw InspectionError.invalidArgument(field: "params.remove", "name the inspector to remove, the one to add ({id, dept}), or both")
            }
            if let add = params.add, add.id.isEmpty || add.dept.isEmpty {
                throw InspectionError.invalidArgument(field: "params.add", "params.add needs an id and a dept")
            }
            return try await mutate(context) { db, _ in
                let task = try TaskStore.record(db, id: params.taskId)
                try TaskLifecycle.check(.reassign, taskId: task.id, status: task.status)
                try Reassignment.apply(db, task: task, remove: params.remove, add: params.add, reason: reason, actor: actor)
                return try TaskStore.load(db, id: task.id)
            }
        }
    }
}

/// `tasks.reassign`: an operator changes only inspectors of their own department; admin any.
enum Reassignment {
    static func apply(
        _ db: Database, task: TaskRecord, remove: String?, add: InspectionMessages.InspectorRef?, reason: String, actor: Actor
    ) throws {
        let depts = try TaskStore.depts(db, id: task.id)
        var removed: InspectionMessages.InspectorRef?
        if let remove {
            guard let current = try TaskStore.activeInspector(db, taskId: task.id, inspector: remove) else {
                throw InspectionError.failedPrecondition("inspector \(remove) is not an active inspector of task \(task.id); `tasks.get` lists them")
            }
            try requireOwnDept(actor, dept: current.dept, taskId: task.id)
            try db.executeCached(
                sql: "UPDATE task_inspectors SET active = 0, removal_reason = ? WHERE task_id = ? AND inspector_id = ?",
                arguments: [reason, task.id, remove])
            removed = current
        }
        if let add {
            guard depts.contains(add.dept) else {
                throw InspectionError.failedPrecondition(
                    "department \(add.dept) does not take part in task \(task.id) (\(depts.joined(separator: ", "))); assign an inspector of a participating department"
                )
            }
            try requireOwnDept(actor, dept: add.dept, taskId: task.id)
            if try TaskStore.activeInspector(db, taskId: task.id, inspector: add.id) != nil {
                throw InspectionError.alreadyExists("inspector \(add.id) is already assigned to task \(task.id)")
            }
            let position = (try Int.fetchOneCached(db, sql: "SELECT MAX(position) FROM task_inspectors WHERE task_id = ?", arguments: [task.id]) ?? -1) + 1
            try db.executeCached(
                sql: """
                    INSERT INTO task_inspectors (task_id, inspector_id, dept, active, position) VALUES (?, ?, ?, 1, ?)
                    ON CONFLICT(task_id, inspector_id) DO UPDATE SET dept = excluded.dept, active = 1, removal_reason = NULL
                    """, arguments: [task.id, add.id, add.dept, position])
        }
        var detail: [String: JSONValue] = ["reason": .string(reason)]
        if let removed { detail["removed"] = ["id": .string(removed.id), "dept": .string(removed.dept)] }
        if let add { detail["added"] = ["id": .string(add.id), "dept": .string(add.dept)] }
        try AuditLog.append(
            db, at: Wire.timestamp(Date()), taskId: task.id, action: .reassign, subject: task.id, actor: actor, detail: JSONValue.object(detail))
    }

    private static func requireOwnDept(_ actor: Actor, dept: String, taskId: String) throws {
        guard actor.role == .admin || actor.dept == dept else {
            throw InspectionError.permissionDenied(
                "inspectors of \(dept) on task \(taskId) are assigned by \(dept)'s operators or the coordination office; \(AccessPolicy.describe(actor)) may not"
            )
        }
    }
}
