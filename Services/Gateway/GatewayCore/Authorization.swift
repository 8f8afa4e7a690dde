import Messages

/// Which role may call which method: the one table (DESIGN §3.4). Everything finer — a department editing only
/// the items it leads, an inspector recording only for tasks they are on — is each service's ownership rule.
public enum Authorization {
    /// Anyone, without a token: published data (公示) and the pure, stateless draw check.
    static let openMethods: Set<String> = ["health.check", "methods.list", "draws.preview", "draws.verify", "draws.pool", "guides.get"]

    /// Verbs that only read. Auditors may call every method whose verb is one of these.
    static let readVerbs: Set<String> = [
        "get", "list", "history", "check", "lookup", "table", "profile", "related", "summary", "preview", "verify", "since",
        "overInspected", "whoami",
    ]

    /// Only the coordination office (admin).
    static let adminOnly: Set<String> = [
        "gateway tokens.issue", "gateway tokens.revoke", "gateway tokens.list",
        "planning plans.approve", "referral disputes.decide", "credit grades.setTable", "credit indicators.set",
        "credit whitelist.approve", "credit repairs.review", "catalog depts.create", "catalog depts.update",
    ]

    /// What an inspector may change besides reading: the steps of an inspection they take part in.
    static let inspectorMethods: Set<String> = [
        "inspection tasks.start", "inspection results.record", "inspection tasks.submit", "catalog avoidance.declare", "planning avoidance.declare",
    ]

    /// Readable by auditors and admin only (not operators): raw event streams and the access log.
    static let auditOnly: Set<String> = ["gateway access.list"]

    /// Nil when `actor` may call `service method`, else the reason it may not.
    public static func denial(for actor: Actor, service: String, method: String) -> String? {
        let full = "\(service) \(method)"
        let verb = method.split(separator: ".").last.map(String.init) ?? method
        let isOpen = openMethods.contains(method) || method.hasPrefix("public.")
        switch actor.role {
        case .admin, .service:
            return nil
        case .auditor:
            if isOpen || readVerbs.contains(verb) || auditOnly.contains(full) || method == "auth.whoami" { return nil }
            return "auditors only read; \(full) changes state"
        case .operator:
            if adminOnly.contains(full) { return "\(full) is for the coordination office (admin) only" }
            if auditOnly.contains(full) || method == "events.since" { return "\(full) is for auditors and the coordination office" }
            if actor.dept == nil { return "an operator token must name its department" }
            return nil
        case .inspector:
            if isOpen || method == "auth.whoami" || (readVerbs.contains(verb) && method != "events.since" && !auditOnly.contains(full)) {
                return nil
            }
            if inspectorMethods.contains(full) { return nil }
            return "inspectors may read and record inspections; \(full) is not one of those"
        case .public:
            if isOpen { return nil }
            return "\(full) needs a token (Authorization: Bearer …); without one only published data is open"
        }
    }
}
