import Bus
import Foundation
import Messages

/// Routing data from the catalog service over the bus (as `service(referral)`):
/// `catalog items.get {code}` → an item with `leadDept`, `cooperatingDepts`, `domain`, `status`;
/// `catalog items.list {domain, status: "published"}` → `{items: […], next}` (followed page by page).
///
/// Only published items route. A `NOT_FOUND` answer means "no such item"; any other failure (catalog down, time-out)
/// is thrown as `UNAVAILABLE` so the caller can retry — registration is idempotent on the source reference.
public struct CatalogRoutingDirectory: RoutingDirectory {
    let bus: BusClient

    public init(bus: BusClient) {
        self.bus = bus
    }

    /// The fields of a catalog item routing reads; the rest of the item is ignored.
    struct CatalogItem: Decodable {
        var code: String
        var domain: String
        var leadDept: String
        var cooperatingDepts: [String]?
        var status: String?

        var entry: RoutingEntry { RoutingEntry(code: code, domain: domain, leadDept: leadDept, cooperatingDepts: cooperatingDepts ?? []) }
    }

    struct CatalogItemList: Decodable {
        var items: [CatalogItem]
        var next: String?
    }

    struct ItemGet: Encodable, Sendable {
        var code: String
    }

    struct ItemListQuery: Encodable, Sendable {
        var domain: String
        var status: String
        var after: String?
        var limit: Int
    }

    public func item(code: String) async throws -> RoutingEntry? {
        do {
            let item = try await bus.call("catalog", "items.get", ItemGet(code: code), as: CatalogItem.self)
            guard item.status == nil || item.status == "published" else { return nil }
            return item.entry
        } catch let error as RemoteError where error.status == .notFound {
            return nil
        } catch {
            throw ReferralError.unavailable("routing needs the catalog (items.get \(code)) and it did not answer (\(error)); retry the registration")
        }
    }

    public func items(domain: String) async throws -> [RoutingEntry] {
        var entries: [RoutingEntry] = []
        var after: String? = nil
        do {
            for _ in 0..<100 {
                let page = try await bus.call(
                    "catalog", "items.list", ItemListQuery(domain: domain, status: "published", after: after, limit: 500), as: CatalogItemList.self)
                entries += page.items.filter { $0.domain == domain && ($0.status == nil || $0.status == "published") }.map(\.entry)
                guard let next = page.next, !page.items.isEmpty else { break }
                after = next
            }
        } catch {
            throw ReferralError.unavailable("routing needs the catalog (items.list domain=\(domain)) and it did not answer (\(error)); retry the registration")
        }
        return entries
    }
}
