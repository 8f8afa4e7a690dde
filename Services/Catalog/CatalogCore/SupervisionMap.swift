import GRDB
import Messages

/// Which departments supervise which entities, through the items in force.
///
/// **Mapping.** A published item targets an entity when the entity lists the item's `domain` among its
/// `domains` and the item's `targetKinds` is empty or contains the entity's `kind`. The departments supervising
/// an entity are the lead and cooperating departments of every item targeting it; with two or more the entity is
/// in the cross-department pool (跨部门综合监管对象库).
///
/// Only the (small) item side is computed here; entity filters become SQL over the `entity_domain` index, so
/// nothing has to be recomputed for a million entities when an item is published or repealed.
struct SupervisionMap: Sendable {
    /// One published item's reach.
    struct Rule: Sendable, Hashable {
        var itemCode: String
        var domain: String
        /// Empty: every kind.
        var kinds: Set<CatalogMessages.EntityKind>
        var departments: Set<String>

        func targets(kind: CatalogMessages.EntityKind) -> Bool { kinds.isEmpty || kinds.contains(kind) }
    }

    let rules: [Rule]

    init(items: [CatalogMessages.Item]) {
        rules = items.map {
            Rule(itemCode: $0.code, domain: $0.domain, kinds: Set($0.targetKinds), departments: Set([$0.leadDept] + $0.cooperatingDepts))
        }
    }

    static func load(_ db: Database) throws -> SupervisionMap { SupervisionMap(items: try ItemStore.published(db)) }

    /// The departments supervising an entity with these domains and kind, sorted.
    func departments(domains: [String], kind: CatalogMessages.EntityKind) -> [String] {
        let domainSet = Set(domains)
        var result: Set<String> = []
        for rule in rules where domainSet.contains(rule.domain) && rule.targets(kind: kind) { result.formUnion(rule.departments) }
        return result.sorted()
    }

    // MARK: SQL conditions over `entity e`

    /// How a list-valued condition is written.
    ///
    /// `membership` checks each candidate row (`EXISTS`, a primary-key probe): right when another indexed filter
    /// (industry, region, kind) picks the candidates, or when matches are dense. `driving` lets the side table pick
    /// the candidates (`e.id IN (…)`, materialised in id order, bounded below by the page cursor): right when it is
    /// the most selective filter, since a sparse domain would otherwise cost a scan of every entity.
    enum Style: Sendable {
        case membership
        case driving(after: String?)
    }

    /// A list-valued entity attribute: `;`-joined on the row, one row per value in its side table.
    enum ListColumn: String, Sendable {
        case domains, tags

        var table: String { self == .domains ? "entity_domain" : "entity_tag" }
        var key: String { self == .domains ? "domain" : "tag" }
    }

    /// `e` has one of `values` in `column`. Membership reads the row's own `;`-joined copy (no index probe per
    /// value); driving selects candidates from the side table's (value, entity_id) key.
    static func has(_ column: ListColumn, in values: [String], style: Style) -> (sql: String, arguments: StatementArguments) {
        switch style {
        case .membership:
            let probes = values.map { _ in "instr(';' || e.\(column.rawValue) || ';', ?) > 0" }
            return ("(" + probes.joined(separator: " OR ") + ")", StatementArguments(values.map { ";\($0);" }))
        case .driving(let after):
            let list = placeholders(values.count)
            let bound = after == nil ? "" : " AND x.entity_id > ?"
            var arguments = StatementArguments(values)
            if let after { arguments += [after] }
            return ("e.id IN (SELECT x.entity_id FROM \(column.table) x WHERE x.\(column.key) IN (\(list))\(bound))", arguments)
        }
    }

    /// Entities targeted by any of `rules` (false when there are none).
    static func condition(targetedBy rules: [Rule], style: Style) -> (sql: String, arguments: StatementArguments) {
        guard !rules.isEmpty else { return ("0", []) }
        // Group domains by the kinds they are restricted to, so the common case is one IN list.
        var byKinds: [Set<CatalogMessages.EntityKind>: Set<String>] = [:]
        for rule in rules { byKinds[rule.kinds, default: []].insert(rule.domain) }
        var parts: [String] = []
        var arguments: StatementArguments = []
        for (kinds, domains) in byKinds.sorted(by: { $0.value.sorted().joined() < $1.value.sorted().joined() }) {
            var part = has(.domains, in: domains.sorted(), style: byKinds.count == 1 ? style : .membership)
            if !kinds.isEmpty {
                let sortedKinds = kinds.map(\.rawValue).sorted()
                part = ("(e.kind IN (\(Self.placeholders(sortedKinds.count))) AND \(part.sql))", StatementArguments(sortedKinds) + part.arguments)
            }
            parts.append(part.sql)
            arguments += part.arguments
        }
        return (parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")", arguments)
    }

    /// Entities a department supervises (as lead or cooperating department of an item in force).
    func condition(supervisedBy dept: String, style: Style) -> (sql: String, arguments: StatementArguments) {
        Self.condition(targetedBy: rules.filter { $0.departments.contains(dept) }, style: style)
    }

    /// Entities in the cross-department pool: supervised by two or more departments.
    ///
    /// Per kind: a domain whose items alone involve ≥ 2 departments puts an entity in the pool; otherwise the entity
    /// needs domains whose single departments differ, counted with a CASE over its domains.
    func poolCondition() -> (sql: String, arguments: StatementArguments) {
        struct Shape: Hashable {
            var multi: [String]
            var single: [String: String]
        }
        var kindsByShape: [Shape: [CatalogMessages.EntityKind]] = [:]
        for kind in CatalogMessages.EntityKind.allCases {
            var departmentsByDomain: [String: Set<String>] = [:]
            for rule in rules where rule.targets(kind: kind) { departmentsByDomain[rule.domain, default: []].formUnion(rule.departments) }
            let multi = departmentsByDomain.filter { $0.value.count >= 2 }.keys.sorted()
            let single = departmentsByDomain.filter { $0.value.count == 1 }.compactMapValues(\.first)
            kindsByShape[Shape(multi: multi, single: single), default: []].append(kind)
        }
        var parts: [String] = []
        var arguments: StatementArguments = []
        for (shape, kinds) in kindsByShape.sorted(by: { $0.value.map(\.rawValue).joined() < $1.value.map(\.rawValue).joined() }) {
            var alternatives: [String] = []
            var shapeArguments: StatementArguments = []
            if !shape.multi.isEmpty {
                let multi = Self.has(.domains, in: shape.multi, style: .membership)
                alternatives.append(multi.sql)
                shapeArguments += multi.arguments
            }
            if Set(shape.single.values).count >= 2 {
                let domains = shape.single.keys.sorted()
                let cases = domains.map { _ in "WHEN ? THEN ?" }.joined(separator: " ")
                alternatives.append(
                    "(SELECT COUNT(DISTINCT CASE d.domain \(cases) END) FROM entity_domain d WHERE d.domain IN (\(Self.placeholders(domains.count))) AND d.entity_id = e.id) >= 2"
                )
                for domain in domains { shapeArguments += [domain, shape.single[domain] ?? ""] }
                shapeArguments += StatementArguments(domains)
            }
            guard !alternatives.isEmpty else { continue }
            let allKinds = kinds.count == CatalogMessages.EntityKind.allCases.count
            let kindClause = allKinds ? "" : "e.kind IN (\(Self.placeholders(kinds.count))) AND "
            parts.append("(\(kindClause)(\(alternatives.joined(separator: " OR "))))")
            if !allKinds { arguments += StatementArguments(kinds.map(\.rawValue)) }
            arguments += shapeArguments
        }
        guard !parts.isEmpty else { return ("0", []) }
        return ("(" + parts.joined(separator: " OR ") + ")", arguments)
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
