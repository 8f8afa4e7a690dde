import Messages
import ServiceRunner

/// Who may do what in planning (DESIGN §3.4): operators act for their own department, admin is the coordination
/// office, auditors read, and changes need an actor.
enum Permissions {
    /// The actor of a change; none (or the public) is refused.
    static func mutator(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw PlanningError.unauthenticated("\(context.method) changes data and needs a signed-in caller (a token)")
        }
        return actor
    }

    /// The actor of a read of unpublished data; the public reads `public.*` instead.
    static func reader(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw PlanningError.unauthenticated("\(context.method) needs a signed-in caller; published plans and draws are in public.plans and public.draws")
        }
        return actor
    }

    /// Admin, or an operator of `dept`.
    static func requireDept(_ actor: Actor, _ dept: String, to action: String) throws {
        if actor.role == .admin { return }
        guard actor.role == .operator, actor.dept == dept else {
            throw PlanningError.permissionDenied(
                "only an operator of \(dept) (the lead department) or the coordination office (admin) may \(action); you are \(describe(actor))")
        }
    }

    static func requireAdmin(_ actor: Actor, to action: String) throws {
        guard actor.role == .admin else {
            throw PlanningError.permissionDenied("only the coordination office (admin) may \(action); you are \(describe(actor))")
        }
    }

    /// Admin, auditors and services see every plan; others see approved plans and those their department takes part in.
    static func seesEverything(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .auditor || actor.role == .service
    }

    static func describe(_ actor: Actor) -> String {
        actor.dept.map { "\(actor.role.rawValue) of \($0)" } ?? actor.role.rawValue
    }
}
