import GRDB
import Messages
import ServiceRunner

/// Who may do what in inspection (DESIGN §3.4): operators for their own department, inspectors for tasks they are
/// assigned to, admin (the coordination office) anything, auditors read; no actor → `UNAUTHENTICATED`; `public.*`
/// needs none.
enum AccessPolicy {
    /// Any identified caller.
    static func caller(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw InspectionError.unauthenticated("inspection \(context.method) needs an authenticated caller; present a bearer token to the gateway")
        }
        return actor
    }

    /// A caller of one of `roles`.
    static func caller(_ context: RequestContext, roles: Set<Actor.Role>) throws -> Actor {
        let actor = try caller(context)
        guard roles.contains(actor.role) else {
            throw InspectionError.permissionDenied(
                "inspection \(context.method) is for \(roles.map(\.rawValue).sorted().joined(separator: ", ")); a caller with role \(actor.role.rawValue) may not use it"
            )
        }
        return actor
    }

    /// The department an operator acts for (from the token), or the one admin names.
    static func department(of actor: Actor, requested: String?, field: String) throws -> String {
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        if actor.role == .admin || actor.role == .service {
            guard let dept = requested ?? actor.dept, !dept.isEmpty else { throw InspectionError.missing(field) }
            return dept
        }
        guard let own = actor.dept, !own.isEmpty else {
            throw InspectionError.permissionDenied("the caller's token names no department; an \(actor.role.rawValue) acts for one department")
        }
        if let requested, requested != own {
            throw InspectionError.permissionDenied("a caller of \(own) may not act for \(requested); ask that department or the coordination office")
        }
        return own
    }

    /// Reading one task: admin, auditors and services always; operators of a participating department; inspectors
    /// assigned to it (now or before).
    static func canRead(_ db: Database, _ actor: Actor, taskId: String) throws -> Bool {
        switch actor.role {
        case .admin, .auditor, .service: return true
        case .operator:
            return try actor.dept.map {
                try Bool.fetchOneCached(db, sql: "SELECT EXISTS(SELECT 1 FROM task_depts WHERE task_id = ? AND dept = ?)", arguments: [taskId, $0]) ?? false
            } ?? false
        case .inspector:
            return try actor.user.map {
                try Bool.fetchOneCached(
                    db, sql: "SELECT EXISTS(SELECT 1 FROM task_inspectors WHERE task_id = ? AND inspector_id = ?)", arguments: [taskId, $0]) ?? false
            } ?? false
        case .public: return false
        }
    }

    static func requireRead(_ db: Database, _ actor: Actor, taskId: String) throws {
        _ = try TaskStore.record(db, id: taskId)
        guard try canRead(db, actor, taskId: taskId) else {
            throw InspectionError.permissionDenied(
                "task \(taskId) is visible to its departments' operators, its inspectors, auditors and the coordination office; \(describe(actor)) is none of them"
            )
        }
    }

    /// Running a task (start, submit): an active inspector of it, an operator of a participating department, admin.
    static func requireRunner(_ db: Database, _ actor: Actor, taskId: String) throws {
        switch actor.role {
        case .admin: return
        case .operator:
            if try canRead(db, actor, taskId: taskId) { return }
        case .inspector:
            if let user = actor.user, let assigned = try TaskStore.activeInspector(db, taskId: taskId, inspector: user), assigned.dept == actor.dept {
                return
            }
        default: break
        }
        throw InspectionError.permissionDenied(
            "only an inspector assigned to task \(taskId), an operator of one of its departments or the coordination office may run it; \(describe(actor)) may not"
        )
    }

    /// Changing a task as a whole (cancel): admin, or an operator of its lead department.
    static func requireLead(_ actor: Actor, task: TaskRecord) throws {
        if actor.role == .admin { return }
        if actor.role == .operator, let dept = actor.dept, dept == task.leadDept { return }
        throw InspectionError.permissionDenied(
            "only the lead department of task \(task.id) (\(task.leadDept ?? "none")) or the coordination office may do this; \(describe(actor)) may not"
        )
    }

    static func describe(_ actor: Actor) -> String {
        var words = [actor.role.rawValue]
        if let user = actor.user { words.append(user) }
        if let dept = actor.dept { words.append("of \(dept)") }
        return words.joined(separator: " ")
    }
}
