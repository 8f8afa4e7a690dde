import Foundation

/// What routing needs to know about one published supervision item: who leads it, who cooperates, its domain.
public struct RoutingEntry: Sendable, Hashable, Codable {
    public var code: String
    public var domain: String
    public var leadDept: String
    public var cooperatingDepts: [String]

    public init(code: String, domain: String, leadDept: String, cooperatingDepts: [String]) {
        self.code = code
        self.domain = domain
        self.leadDept = leadDept
        self.cooperatingDepts = cooperatingDepts
    }
}

/// Where routing data comes from: the catalog over the bus in production (`CatalogRoutingDirectory`), an items
/// CSV in tests and offline demos (`InMemoryRoutingDirectory`).
public protocol RoutingDirectory: Sendable {
    /// The published item with this code, or nil if the catalog has none.
    func item(code: String) async throws -> RoutingEntry?
    /// The published items of a domain (empty if none).
    func items(domain: String) async throws -> [RoutingEntry]
}

/// Routing data held in memory, e.g. loaded from the demo `items.csv`.
public struct InMemoryRoutingDirectory: RoutingDirectory {
    public let entries: [RoutingEntry]
    private let byCode: [String: RoutingEntry]
    private let byDomain: [String: [RoutingEntry]]

    public init(entries: [RoutingEntry]) {
        self.entries = entries
        byCode = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
        byDomain = Dictionary(grouping: entries, by: \.domain)
    }

    /// Loads an items CSV with a header naming at least `code`, `lead`, `domain` (and optionally `cooperating`,
    /// `;`-separated), as `deploy/demo-data/items.csv`.
    public init(csvPath path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try self.init(entries: ItemsCSV.entries(from: text, origin: path))
    }

    public func item(code: String) async throws -> RoutingEntry? { byCode[code] }
    public func items(domain: String) async throws -> [RoutingEntry] { byDomain[domain] ?? [] }
}
