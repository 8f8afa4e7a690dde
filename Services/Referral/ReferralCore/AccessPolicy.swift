import Messages
import ServiceRunner

/// Who may do what in referral (DESIGN §3.4): only the assigned department acts on a clue; the coordination office
/// (admin, or an operator of `JG_COORDINATION_DEPT`) assigns, decides disputes and closes; operators, admin and suite
/// services register; auditors read everything; requests without an actor are refused.
struct AccessPolicy: Sendable {
    let coordinationDept: String

    /// Any identified caller; otherwise `UNAUTHENTICATED`.
    func caller(_ context: RequestContext) throws -> Actor {
        guard let actor = context.actor, actor.role != .public else {
            throw ReferralError.unauthenticated("referral \(context.method) needs an authenticated caller; present a bearer token to the gateway")
        }
        return actor
    }

    func isCoordination(_ actor: Actor) -> Bool {
        actor.role == .admin || (actor.role == .operator && actor.dept == coordinationDept)
    }

    /// Operators, admin and suite services register clues.
    func registrar(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard [.operator, .admin, .service].contains(actor.role) else {
            throw ReferralError.permissionDenied(
                "referral clues.register is for operators, the coordination office and suite services; role \(actor.role.rawValue) may not register clues")
        }
        return actor
    }

    /// The coordination office only.
    func coordination(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard isCoordination(actor) else {
            throw ReferralError.permissionDenied(
                "referral \(context.method) is reserved to the coordination office (role admin, or an operator of \(coordinationDept))")
        }
        return actor
    }

    /// The coordination office, or a suite service (the overdue watcher).
    func coordinationOrService(_ context: RequestContext) throws -> Actor {
        let actor = try caller(context)
        guard isCoordination(actor) || actor.role == .service else {
            throw ReferralError.permissionDenied("referral \(context.method) is reserved to the coordination office and suite services")
        }
        return actor
    }

    /// The department a clue is assigned to: its operators act; so does admin when that department is the
    /// coordination office itself.
    func handler(_ actor: Actor, of clue: ClueRecord, method: String) throws {
        guard let dept = clue.assignedDept else {
            throw ReferralError.failedPrecondition("clue \(clue.id) is assigned to no department; the coordination office assigns it first")
        }
        let own = actor.role == .operator && actor.dept == dept
        let office = actor.role == .admin && dept == coordinationDept
        guard own || office else {
            throw ReferralError.permissionDenied(
                "only the assigned department \(dept) acts on clue \(clue.id) (\(method)); the caller acts for \(actor.dept ?? "no department") as \(actor.role.rawValue)")
        }
    }

    /// Whether `actor` may read the clue: the coordination office, auditors, suite services, and members of the
    /// assigned, joint or reporting department.
    func mayRead(_ actor: Actor, _ clue: ClueRecord) -> Bool {
        if isCoordination(actor) || actor.role == .auditor || actor.role == .service { return true }
        guard let dept = actor.dept else { return false }
        return clue.assignedDept == dept || clue.jointDepts.contains(dept) || clue.reportingDept == dept
    }

    /// The reporter's contact: the coordination office, or the assigned department's operators if the reporter agreed.
    func seesReporter(_ actor: Actor, _ clue: ClueRecord, consent: Bool) -> Bool {
        if isCoordination(actor) { return true }
        return consent && actor.role == .operator && actor.dept != nil && actor.dept == clue.assignedDept
    }

    /// The department an operator lists: their own (another one is refused); others may name any or none.
    func listedDept(_ actor: Actor, requested: String?) throws -> String? {
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        guard actor.role == .operator || actor.role == .inspector, !isCoordination(actor) else { return requested }
        guard let own = actor.dept, !own.isEmpty else {
            throw ReferralError.permissionDenied("the caller's token names no department; operators see their own department's clues")
        }
        if let requested, requested != own {
            throw ReferralError.permissionDenied("an operator of \(own) sees \(own)'s clues, not \(requested)'s; ask the coordination office")
        }
        return own
    }
}
