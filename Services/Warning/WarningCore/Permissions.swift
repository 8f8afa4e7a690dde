import Messages
import ServiceRunner

/// Who may do what in warning (DESIGN §3.4): lead departments edit their rules, pushed departments act on their
/// warnings, the coordination office (admin) anything, auditors read, monitoring systems (services, admin,
/// operators) ingest signals.
enum Permissions {
    /// The actor of any method here; none (or the public) is refused.
    static func caller(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw WarningError.unauthenticated("\(context.method) needs a signed-in caller (a token)")
        }
        return actor
    }

    /// Reads of everything: admin, auditors, services.
    static func seesEverything(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .auditor || actor.role == .service
    }

    /// The department an operator or inspector reads for, or nil for those who see everything.
    static func readScope(_ actor: Actor, method: String) throws -> String? {
        if seesEverything(actor) { return nil }
        guard let dept = actor.dept, !dept.isEmpty else {
            throw WarningError.permissionDenied("\(method): \(describe(actor)) has no department; warnings are read by their departments, auditors and admin")
        }
        return dept
    }

    /// Admin, or an operator of one of `owners` (a rule's lead departments).
    static func requireOwner(_ actor: Actor, owners: [String], ruleId: String, to action: String) throws {
        if actor.role == .admin { return }
        guard actor.role == .operator, let dept = actor.dept, owners.contains(dept) else {
            let who = owners.isEmpty ? "the coordination office (admin)" : "an operator of \(owners.joined(separator: " or ")) or the coordination office (admin)"
            throw WarningError.permissionDenied("only \(who) may \(action) rule \(ruleId); you are \(describe(actor))")
        }
    }

    /// Admin, or an operator of a department the warning was pushed to; returns the department acting.
    static func requirePushed(_ actor: Actor, pushedTo: [String], warningId: String, to action: String, coordinationDept: String) throws -> String {
        if actor.role == .admin { return actor.dept ?? coordinationDept }
        guard actor.role == .operator, let dept = actor.dept, pushedTo.contains(dept) else {
            throw WarningError.permissionDenied(
                "only the departments warning \(warningId) was pushed to (\(pushedTo.joined(separator: ", "))) or the coordination office (admin) may \(action) it; you are \(describe(actor))"
            )
        }
        return dept
    }

    /// `signals.ingest`: a suite service, admin, or an operator (a department's monitoring system).
    static func requireIngest(_ actor: Actor) throws {
        guard [.service, .admin, .operator].contains(actor.role) else {
            throw WarningError.permissionDenied("signals.ingest takes data from monitoring systems (service, admin or operator tokens); you are \(describe(actor))")
        }
    }

    static func describe(_ actor: Actor) -> String {
        actor.dept.map { "\(actor.role.rawValue) of \($0)" } ?? actor.role.rawValue
    }
}
