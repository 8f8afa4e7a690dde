import Messages

/// Routing by the catalog (DESIGN §4): a clue's suspected items (or, failing those, its domain's published items)
/// → their lead departments. One lead department → it handles the clue; several → the one leading most of the
/// matched items (first named on a tie) organises joint verification (跨部门协同核查) with the others; nothing
/// matched, or every candidate already returned the clue → the coordination office.
public struct Router: Sendable {
    /// What the directory said about a clue's items and domain.
    public struct Lookup: Sendable, Hashable {
        /// Suspected items the catalog knows (published), in the order the clue named them.
        public var items: [RoutingEntry]
        /// Suspected item codes the catalog does not know.
        public var unknownItems: [String]
        public var domain: String?
        /// The domain's published items (looked up only when no suspected item matched).
        public var domainItems: [RoutingEntry]

        public init(items: [RoutingEntry] = [], unknownItems: [String] = [], domain: String? = nil, domainItems: [RoutingEntry] = []) {
            self.items = items
            self.unknownItems = unknownItems
            self.domain = domain
            self.domainItems = domainItems
        }

        /// The items routing goes by.
        public var matched: [RoutingEntry] { items.isEmpty ? domainItems : items }

        /// The clue's domain: the one given, else the first matched item's.
        public var clueDomain: String? { domain ?? matched.first?.domain }
    }

    public let coordinationDept: String

    public init(coordinationDept: String) {
        self.coordinationDept = coordinationDept
    }

    /// The routing decision, skipping the departments in `excluding` (those that returned the clue).
    public func route(_ lookup: Lookup, excluding: [String] = []) -> ReferralMessages.Routing {
        let matched = lookup.matched
        let codes = matched.map(\.code)
        let excluded = Set(excluding)
        let prefix = excluding.isEmpty ? "" : "re-routed after return by \(excluding.joined(separator: ", ")): "
        guard !matched.isEmpty else {
            var why: [String] = []
            if !lookup.unknownItems.isEmpty { why.append("suspected items \(lookup.unknownItems.joined(separator: ", ")) are not published in the catalog") }
            if let domain = lookup.domain { why.append("domain \(domain) has no published items") }
            if why.isEmpty { why.append("the clue names no suspected item or domain") }
            return .init(
                mode: .coordinationOffice, dept: coordinationDept,
                reason: prefix + why.joined(separator: "; ") + "; the coordination office (\(coordinationDept)) assigns it")
        }
        // Lead departments in first-mention order, with how many matched items each leads.
        var leads: [String] = []
        var counts: [String: Int] = [:]
        for entry in matched {
            if counts[entry.leadDept] == nil { leads.append(entry.leadDept) }
            counts[entry.leadDept, default: 0] += 1
        }
        let candidates = leads.filter { !excluded.contains($0) }
        let via = lookup.items.isEmpty ? "domain \(lookup.domain ?? "?"): " : ""
        // Most matched items first; on a tie, the first named (candidates keep first-mention order).
        var primary: String? = nil
        for dept in candidates where primary == nil || counts[dept, default: 0] > counts[primary ?? "", default: 0] { primary = dept }
        guard let primary else {
            return .init(
                mode: .coordinationOffice, dept: coordinationDept, items: codes,
                reason: prefix + "every lead department of \(codes.joined(separator: ", ")) (\(leads.joined(separator: ", "))) returned it; "
                    + "the coordination office (\(coordinationDept)) assigns it")
        }
        let joint = candidates.filter { $0 != primary }
        var cooperating: [String] = []
        for entry in matched {
            for dept in entry.cooperatingDepts where dept != primary && !joint.contains(dept) && !cooperating.contains(dept) {
                cooperating.append(dept)
            }
        }
        let described = matched.map { "\($0.code) (\($0.domain)) led by \($0.leadDept)" }.joined(separator: "; ")
        if joint.isEmpty {
            return .init(mode: .single, dept: primary, items: codes, cooperatingDepts: cooperating, reason: prefix + via + described)
        }
        return .init(
            mode: .joint, dept: primary, jointDepts: joint, items: codes, cooperatingDepts: cooperating,
            reason: prefix + via + described + "; \(primary) leads the most of them and organises joint verification (跨部门协同核查) with "
                + joint.joined(separator: ", "))
    }
}
