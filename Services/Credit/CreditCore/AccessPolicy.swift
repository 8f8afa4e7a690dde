import Messages
import ServiceRunner

/// Who may do what in credit (DESIGN §3.4): operators act for their own department, admin (the coordination
/// office) for any, auditors read everything and change nothing, `public.*` needs no actor, everything else does.
enum AccessPolicy {
    /// Any identified caller (not anonymous); otherwise `UNAUTHENTICATED`.
    static func caller(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw CreditError.unauthenticated("credit \(context.method) needs an authenticated caller; present a bearer token to the gateway")
        }
        return actor
    }

    /// A caller who may change credit data for a department: an operator or admin.
    static func editor(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard actor.role == .operator || actor.role == .admin else {
            throw CreditError.permissionDenied("credit \(context.method) is for operators and admin; a caller with role \(actor.role.rawValue) may not use it")
        }
        return actor
    }

    /// The coordination office only.
    static func admin(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard actor.role == .admin else {
            throw CreditError.permissionDenied("credit \(context.method) is reserved to the coordination office (role admin)")
        }
        return actor
    }

    /// Admin, or another suite service acting on its own behalf (e.g. a scheduler).
    static func adminOrService(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard actor.role == .admin || actor.role == .service else {
            throw CreditError.permissionDenied("credit \(context.method) is reserved to the coordination office (role admin) and suite services")
        }
        return actor
    }

    /// The department an editor acts for: an operator's own (a different `requested` one is refused); for admin the
    /// requested one, else their own.
    static func actingDept(_ actor: Actor, requested: String?, field: String) throws -> String {
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        switch actor.role {
        case .admin:
            guard let dept = requested ?? actor.dept, !dept.isEmpty else { throw CreditError.missing(field) }
            return dept
        default:
            guard let own = actor.dept, !own.isEmpty else {
                throw CreditError.permissionDenied("the caller's token names no department; an operator acts for one department")
            }
            if let requested, requested != own {
                throw CreditError.permissionDenied("an operator of \(own) may not act for \(requested); ask that department or the coordination office")
            }
            return own
        }
    }

    /// Whether the caller may see repaired records (kept for audit).
    static func seesRepaired(_ actor: Actor) -> Bool {
        actor.role == .auditor || actor.role == .admin
    }
}
