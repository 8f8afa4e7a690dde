import Messages

/// The catalog's items, entities and inspectors held in memory, for tests and benchmarks.
public struct InMemoryCatalog: ItemSource, EntitySource, InspectorSource {
    /// A supervised entity with the attributes a plan's target filter reads.
    public struct Entity: Sendable, Hashable {
        public var id: String
        public var kind: String?
        public var industry: String?
        public var region: String?
        public var domains: [String]
        public var tags: [String]

        public init(id: String, kind: String? = nil, industry: String? = nil, region: String? = nil, domains: [String] = [], tags: [String] = []) {
            self.id = id
            self.kind = kind
            self.industry = industry
            self.region = region
            self.domains = domains
            self.tags = tags
        }

        func matches(_ filter: PlanningMessages.TargetFilter) -> Bool {
            if let domain = filter.domain, !domains.contains(domain) { return false }
            if let prefix = filter.industry, !(industry ?? "").hasPrefix(prefix) { return false }
            if let prefix = filter.region, !(region ?? "").hasPrefix(prefix) { return false }
            if let kind = filter.kind, self.kind != kind { return false }
            return (filter.tags ?? []).allSatisfy(tags.contains)
        }
    }

    public private(set) var items: [String: CatalogItem] = [:]
    /// The entities each item targets, in the order added.
    public private(set) var targets: [String: [Entity]] = [:]
    public private(set) var inspectors: [Inspector] = []

    public init() {}

    public mutating func add(_ item: CatalogItem) { items[item.code] = item }

    /// Adds an entity targeted by `items` (adding in ascending id order spares a sort on every read).
    public mutating func add(_ entity: Entity, targetedBy items: [String]) {
        for item in items { targets[item, default: []].append(entity) }
    }

    /// Adds many entities targeted by one item at once.
    public mutating func add(_ entities: [Entity], targetedBy item: String) {
        targets[item, default: []] += entities
    }

    public mutating func add(_ inspector: Inspector) { inspectors.append(inspector) }

    public func item(_ code: String) async throws -> CatalogItem? { items[code] }

    public func entityIDs(item: String, filter: PlanningMessages.TargetFilter) async throws -> [String] {
        let entities = targets[item] ?? []
        let open = filter.domain == nil && filter.industry == nil && filter.region == nil && filter.kind == nil && (filter.tags ?? []).isEmpty
        let ids = open ? entities.map(\.id) : entities.filter { $0.matches(filter) }.map(\.id)
        let sorted = zip(ids, ids.dropFirst()).allSatisfy { Digests.utf8Precedes($0, $1) }
        return sorted ? ids : ids.sorted(by: Digests.utf8Precedes)
    }

    public func activeInspectors(dept: String) async throws -> [Inspector] {
        inspectors.filter { $0.dept == dept }
    }
}

/// Credit's grades, grade table and whitelist held in memory, for tests and benchmarks.
public struct InMemoryCredit: CreditSource {
    public var gradeOf: [String: String]
    public var table: GradeTable
    public var whitelist: Set<String>

    public init(grades: [String: String] = [:], table: GradeTable = GradeTable(ratios: [:]), whitelist: Set<String> = []) {
        gradeOf = grades
        self.table = table
        self.whitelist = whitelist
    }

    public func whitelisted(_ ids: [String]) async throws -> Set<String> {
        whitelist.isEmpty ? [] : Set(ids.filter(whitelist.contains))
    }

    public func grades(_ ids: [String]) async throws -> [String: String] {
        var result: [String: String] = [:]
        result.reserveCapacity(ids.count)
        for id in ids { if let grade = gradeOf[id] { result[id] = grade } }
        return result
    }

    public func gradeTable() async throws -> GradeTable { table }
}
