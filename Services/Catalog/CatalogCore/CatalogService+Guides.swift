import Foundation
import GRDB
import Messages
import ServiceRunner

extension CatalogService {
    func registerGuides(_ router: inout MethodRouter) {
        let database = database
        typealias M = CatalogMessages

        router.register(
            "guides.get", summary: "The compliance guide (一业一册) for a domain or a GB/T 4754 industry: published items by lead department, JSON and Markdown.",
            open: true,
            params: [.init("domain", "string"), .init("industry", "string", "items whose industries are a prefix of this code")]
        ) { (params: M.GuideRequest, _) in
            guard (params.domain == nil) != (params.industry == nil) else {
                throw CatalogError.invalidArgument("give exactly one of domain or industry", field: "params.domain")
            }
            if let industry = params.industry, let problem = Validation.industry(industry) {
                throw CatalogError.invalidArgument("industry \(problem)", field: "params.industry")
            }
            return try await database.read { db in
                let items: [M.Item]
                if let domain = params.domain {
                    items = try ItemStore.published(db, domain: domain)
                } else {
                    let industry = params.industry ?? ""
                    // Every prefix of the code (F, F52, F525, F5251) through the industry index.
                    let prefixes = [1, 3, 4, 5].filter { $0 <= industry.count }.map { String(industry.prefix($0)) }
                    let codes = Set(
                        try String.fetchAll(
                            db,
                            sql: """
                                SELECT x.code FROM item_industry x JOIN item i ON i.code = x.code AND i.published_version = x.version
                                WHERE x.industry IN (\(SupervisionMap.placeholders(prefixes.count)))
                                """,
                            arguments: StatementArguments(prefixes)))
                    items = try ItemStore.published(db).filter { codes.contains($0.code) }
                }
                return GuideBuilder.build(items: items, departmentNames: try DepartmentStore.names(db), domain: params.domain, industry: params.industry)
            }
        }
    }
}
