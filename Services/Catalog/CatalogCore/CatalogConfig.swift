import ServiceRunner

/// The catalog's own settings, read once at start from the raw environment (DESIGN §6).
public struct CatalogConfig: Sendable, Hashable {
    /// `JG_JUSTICE_DEPT`: the department that performs the legality review (合法性审核). Default `hy-justice`.
    public var justiceDept: String
    /// `JG_COORDINATION_DEPT`: the coordination office (工作专班办公室); its operators act as `admin`.
    /// Default `hy-coordination`.
    public var coordinationDept: String
    /// `JG_DEMO_DATA`: a directory with `departments.csv` and `items.csv` loaded on first start when the catalog is
    /// empty. Default: none (no demo data).
    public var demoDataDirectory: String?
    /// `JG_DEMO_ENTITIES`: how many entities the demo loader generates. Default 2000.
    public var demoEntities: Int
    /// `JG_DEMO_INSPECTORS`: inspectors generated per department. Default 4.
    public var demoInspectorsPerDept: Int
    /// `JG_CATALOG_IMPORT_TTL_S`: a chunked import with no chunk for this long is dropped. Default 86400 (a day).
    public var importTTLSeconds: Int

    /// Every variable this struct reads.
    public static let variables = ["JG_JUSTICE_DEPT", "JG_COORDINATION_DEPT", "JG_DEMO_DATA", "JG_DEMO_ENTITIES", "JG_DEMO_INSPECTORS", "JG_CATALOG_IMPORT_TTL_S"]

    public init(environment: [String: String]) throws(CatalogError) {
        func value(_ key: String) -> String? {
            guard let text = environment[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func count(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(CatalogError) -> Int {
            guard let text = value(key) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw .invalidConfiguration("\(key)=\(text) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        justiceDept = value("JG_JUSTICE_DEPT") ?? "hy-justice"
        coordinationDept = value("JG_COORDINATION_DEPT") ?? "hy-coordination"
        demoDataDirectory = value("JG_DEMO_DATA")
        demoEntities = try count("JG_DEMO_ENTITIES", 2_000, 0...1_000_000)
        demoInspectorsPerDept = try count("JG_DEMO_INSPECTORS", 4, 0...1_000)
        importTTLSeconds = try count("JG_CATALOG_IMPORT_TTL_S", 86_400, 60...2_592_000)
    }
}
