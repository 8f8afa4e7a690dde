import Messages

/// Who may do what in the catalog (DESIGN §3.4). Every refusal names its rule in `details.rule`.
///
/// - Changes need an actor (`UNAUTHENTICATED` without one) with role `admin` or `operator`; auditors, inspectors
///   and services only read.
/// - `admin`, and operators of the coordination office (`JG_COORDINATION_DEPT`), act for any department.
/// - An item's lead department edits, submits, publishes, amends and repeals it; a listed cooperating department
///   reviews it; the justice department (`JG_JUSTICE_DEPT`) performs the legality review.
/// - Departments are managed by the coordination office; inspectors and experts by it or by their own department.
/// - Published items and guides may be read by anyone; unpublished versions only by suite members (any
///   authenticated role); entities, inspectors and experts by suite members.
public struct Access: Sendable {
    public let config: CatalogConfig

    public init(config: CatalogConfig) { self.config = config }

    /// The coordination office: role `admin`, or an operator of the coordination department.
    public func isAdmin(_ actor: Actor?) -> Bool {
        guard let actor else { return false }
        return actor.role == .admin || (actor.role == .operator && actor.dept == config.coordinationDept)
    }

    /// An authenticated caller, for reads of non-public data.
    @discardableResult
    public func member(_ actor: Actor?, to action: String) throws(CatalogError) -> Actor {
        guard let actor, actor.role != .public else {
            throw .unauthenticated("\(action) needs an authenticated caller; send a token through the gateway")
        }
        return actor
    }

    /// A caller allowed to change something: admin or operator.
    @discardableResult
    public func writer(_ actor: Actor?, to action: String) throws(CatalogError) -> Actor {
        let actor = try member(actor, to: action)
        guard actor.role == .admin || actor.role == .operator else {
            throw .permissionDenied(rule: "read-only-role", "role \(actor.role.rawValue) only reads; \(action) needs an operator or admin")
        }
        if actor.role == .operator, actor.dept == nil {
            throw .permissionDenied(rule: "operator-has-department", "an operator token must name its department to \(action)")
        }
        return actor
    }

    public func requireAdmin(_ actor: Actor?, to action: String) throws(CatalogError) {
        let actor = try writer(actor, to: action)
        guard isAdmin(actor) else {
            throw .permissionDenied(
                rule: "coordination-office-only", "only the coordination office (\(config.coordinationDept) or role admin) may \(action)")
        }
    }

    /// The lead department (or admin) of an item.
    public func requireLead(_ actor: Actor?, of item: String, leadDept: String, to action: String) throws(CatalogError) {
        let actor = try writer(actor, to: action)
        guard isAdmin(actor) || actor.dept == leadDept else {
            throw .permissionDenied(
                rule: "lead-department-only",
                "only the lead department \(leadDept) of item \(item) (or the coordination office) may \(action); you act for \(actor.dept ?? "no department")")
        }
    }

    /// A listed cooperating department, acting for itself.
    public func requireCooperating(_ actor: Actor?, of item: String, cooperating: [String]) throws(CatalogError) -> String {
        let actor = try writer(actor, to: "review item \(item)")
        guard let dept = actor.dept, cooperating.contains(dept) else {
            throw .permissionDenied(
                rule: "cooperating-department-only",
                "only a cooperating department of item \(item) (\(cooperating.joined(separator: ", "))) may review it; you act for \(actor.dept ?? "no department")")
        }
        return dept
    }

    /// The justice department, acting for itself.
    public func requireJustice(_ actor: Actor?, of item: String) throws(CatalogError) -> String {
        let actor = try writer(actor, to: "perform the legality review of item \(item)")
        guard actor.dept == config.justiceDept else {
            throw .permissionDenied(
                rule: "justice-department-only",
                "only the justice department \(config.justiceDept) performs the legality review of item \(item); you act for \(actor.dept ?? "no department")")
        }
        return config.justiceDept
    }

    /// A department's own operator (or admin), for its inspectors and experts.
    public func requireDept(_ actor: Actor?, dept: String, to action: String) throws(CatalogError) {
        let actor = try writer(actor, to: action)
        guard isAdmin(actor) || actor.dept == dept else {
            throw .permissionDenied(
                rule: "own-department-only", "only department \(dept) (or the coordination office) may \(action); you act for \(actor.dept ?? "no department")")
        }
    }

    /// May this caller see versions that are not published?
    public func seesUnpublished(_ actor: Actor?) -> Bool {
        guard let actor else { return false }
        return actor.role != .public
    }
}
