import Bus
import Messages

/// `ItemSource`, `EntitySource` and `InspectorSource` over the catalog service.
///
/// Calls: `items.get {code}`; `entities.list {itemCode, domain?, industry?, region?, kind?, tag?, fields:"ids",
/// after?, limit}` → `{ids, next}`, paged; `inspectors.list {dept, active:true, after?, limit}` → `{people, next}`.
struct BusCatalog: ItemSource, EntitySource, InspectorSource {
    let bus: BusClient
    static let idsPage = 10_000
    static let peoplePage = 1_000

    private struct ItemRef: Encodable, Sendable { var code: String }
    private struct ItemReply: Decodable {
        var code: String
        var status: String
        var leadDept: String
        var cooperatingDepts: [String]?
        var methods: [String]?
        var publishedVersion: Int?
    }

    func item(_ code: String) async throws -> CatalogItem? {
        do {
            let item = try await bus.call("catalog", "items.get", ItemRef(code: code), as: ItemReply.self)
            return CatalogItem(
                code: item.code, status: item.status, published: item.status == "published" || item.publishedVersion != nil,
                leadDept: item.leadDept, cooperatingDepts: item.cooperatingDepts ?? [], fullCoverage: item.methods?.contains("fullCoverage") ?? false)
        } catch let error as RemoteError where error.status == .notFound {
            return nil
        }
    }

    private struct EntityQuery: Encodable, Sendable {
        var itemCode: String
        var domain: String?
        var industry: String?
        var region: String?
        var kind: String?
        var tag: String?
        var fields = "ids"
        var after: String?
        var limit: Int
    }
    private struct IDPage: Decodable {
        var ids: [String]?
        var next: String?
    }

    func entityIDs(item: String, filter: PlanningMessages.TargetFilter) async throws -> [String] {
        // The catalog filters by one tag at a time: ask once per tag and keep the ids every answer has.
        let tags: [String?] = (filter.tags ?? []).isEmpty ? [nil] : (filter.tags ?? []).map { $0 }
        var result: [String]?
        for tag in tags {
            var ids: [String] = []
            var after: String?
            repeat {
                let query = EntityQuery(
                    itemCode: item, domain: filter.domain, industry: filter.industry, region: filter.region, kind: filter.kind, tag: tag,
                    after: after, limit: Self.idsPage)
                let page = try await bus.call("catalog", "entities.list", query, as: IDPage.self)
                ids += page.ids ?? []
                after = page.next
            } while after != nil
            if let kept = result {
                let these = Set(ids)
                result = kept.filter { these.contains($0) }
            } else {
                result = ids.sorted(by: Digests.utf8Precedes)
            }
        }
        return result ?? []
    }

    private struct PeopleQuery: Encodable, Sendable {
        var dept: String
        var active = true
        var after: String?
        var limit: Int
    }
    private struct PeoplePage: Decodable {
        struct Person: Decodable {
            var id: String
            var dept: String
            var conflicts: [String]?
            var active: Bool?
        }
        var people: [Person]
        var next: String?
    }

    func activeInspectors(dept: String) async throws -> [Inspector] {
        var inspectors: [Inspector] = []
        var after: String?
        repeat {
            let page = try await bus.call("catalog", "inspectors.list", PeopleQuery(dept: dept, after: after, limit: Self.peoplePage), as: PeoplePage.self)
            inspectors += page.people.filter { $0.active ?? true }.map { Inspector(id: $0.id, dept: $0.dept, conflicts: Set($0.conflicts ?? [])) }
            after = page.next
        } while after != nil
        return inspectors
    }
}
