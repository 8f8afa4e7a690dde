import Bus
import Messages

/// A catalog item as planning needs it.
public struct CatalogItem: Sendable, Hashable {
    public var code: String
    /// The catalog's status of the version in force (`published`, `draft`, `repealed`, …).
    public var status: String
    /// True when a version of the item is in force.
    public var published: Bool
    public var leadDept: String
    public var cooperatingDepts: [String]
    /// Full-coverage key item (检查方式 fullCoverage): every targeted entity is taken, no sampling.
    public var fullCoverage: Bool

    public init(code: String, status: String, published: Bool, leadDept: String, cooperatingDepts: [String] = [], fullCoverage: Bool = false) {
        self.code = code
        self.status = status
        self.published = published
        self.leadDept = leadDept
        self.cooperatingDepts = cooperatingDepts
        self.fullCoverage = fullCoverage
    }
}

/// An inspector of the registry (执法检查人员名录库) as the assignment needs them.
public struct Inspector: Sendable, Hashable {
    public var id: String
    public var dept: String
    /// Entity ids the inspector declared a conflict with in the catalog (回避); planning's own declarations add to these.
    public var conflicts: Set<String>

    public init(id: String, dept: String, conflicts: Set<String> = []) {
        self.id = id
        self.dept = dept
        self.conflicts = conflicts
    }
}

/// Credit's grade table as the draw uses it: a sampling ratio per grade.
public struct GradeTable: Sendable, Hashable {
    public var ratios: [String: Double]
    public init(ratios: [String: Double]) { self.ratios = ratios }
}

/// Items from the catalog.
public protocol ItemSource: Sendable {
    /// The item with `code`, or nil when the catalog has none.
    func item(_ code: String) async throws -> CatalogItem?
}

/// Entity ids from the catalog's registry (监管对象名录库).
public protocol EntitySource: Sendable {
    /// Ids of the entities the published item targets that match `filter`, in ascending UTF-8 order.
    func entityIDs(item: String, filter: PlanningMessages.TargetFilter) async throws -> [String]
}

/// Inspectors from the catalog's registry.
public protocol InspectorSource: Sendable {
    /// Active inspectors of `dept`.
    func activeInspectors(dept: String) async throws -> [Inspector]
}

/// Grades, the grade table and the whitelist from credit.
public protocol CreditSource: Sendable {
    /// Which of `ids` are on the approved whitelist.
    func whitelisted(_ ids: [String]) async throws -> Set<String>
    /// The grade letter of each of `ids` (entities credit does not know may be missing).
    func grades(_ ids: [String]) async throws -> [String: String]
    func gradeTable() async throws -> GradeTable
}

/// Everything planning asks other services, behind narrow protocols: on the bus in production, in memory in tests
/// and benchmarks.
public struct PlanningSources: Sendable {
    public var items: any ItemSource
    public var entities: any EntitySource
    public var inspectors: any InspectorSource
    public var credit: any CreditSource

    public init(items: any ItemSource, entities: any EntitySource, inspectors: any InspectorSource, credit: any CreditSource) {
        self.items = items
        self.entities = entities
        self.inspectors = inspectors
        self.credit = credit
    }

    /// The catalog and credit services, called over the bus as `planning`.
    public static func bus(_ bus: BusClient) -> PlanningSources {
        let catalog = BusCatalog(bus: bus)
        return PlanningSources(items: catalog, entities: catalog, inspectors: catalog, credit: BusCredit(bus: bus))
    }

    /// One in-memory catalog and credit, for tests and benchmarks.
    public static func inMemory(catalog: InMemoryCatalog, credit: InMemoryCredit) -> PlanningSources {
        PlanningSources(items: catalog, entities: catalog, inspectors: catalog, credit: credit)
    }
}

/// Runs one call to another service, turning its failure into `PlanningError.dependency` naming the call.
func calling<T>(_ call: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PlanningError {
        throw error
    } catch let error as any ServiceError {
        throw PlanningError.dependency(call: call, status: error.status, message: error.message)
    } catch {
        throw PlanningError.dependency(call: call, status: .unavailable, message: "\(error)")
    }
}
