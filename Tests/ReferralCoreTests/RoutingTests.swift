import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

@Suite("Routing by the catalog")
struct RoutingTests {
    /// The 19 demo items (淮阳区 2025 batch 1, `/work/shared/data/items.csv`), written out by hand: code, domain, lead.
    static let demoItems: [(code: String, domain: String, lead: String)] = [
        ("HY-2025-01", "vocational-internship", "hy-edu"),
        ("HY-2025-02", "labour-wages", "hy-hrss"),
        ("HY-2025-03", "self-built-housing", "hy-housing"),
        ("HY-2025-04", "gas-safety", "hy-urban"),
        ("HY-2025-05", "road-transport", "hy-transport"),
        ("HY-2025-06", "truck-overload", "hy-transport"),
        ("HY-2025-07", "agri-inputs", "hy-agri"),
        ("HY-2025-08", "livestock", "hy-agri"),
        ("HY-2025-09", "slaughter", "hy-agri"),
        ("HY-2025-10", "auto-market", "hy-commerce"),
        ("HY-2025-11", "medical-beauty", "hy-health"),
        ("HY-2025-12", "hazchem", "hy-emergency"),
        ("HY-2025-13", "medical-insurance-fund", "hy-medical-insurance"),
        ("HY-2025-14", "local-finance", "hy-financial-services"),
        ("HY-2025-15", "seedlings", "hy-natural-resources"),
        ("HY-2025-16", "medical-devices", "hy-market"),
        ("HY-2025-17", "pharmacy", "hy-market"),
        ("HY-2025-18", "grain", "hy-grain-reserve"),
        ("HY-2025-19", "elderly-care", "hy-civil-affairs"),
    ]

    @Test("every demo item routes to its lead department, by item and by domain", arguments: demoItems)
    func demoItemRoutes(item: (code: String, domain: String, lead: String)) async throws {
        let harness = try makeHarness()
        let byItem = try await harness.register(items: [item.code]).clue
        #expect(byItem.dept == item.lead)
        #expect(byItem.status == .assigned)
        #expect(byItem.routing?.mode == .single)
        #expect(byItem.routing?.items == [item.code])
        #expect(byItem.domain == item.domain, "the clue takes its item's domain")
        #expect(byItem.routing?.reason.contains("led by \(item.lead)") == true)

        let byDomain = try await harness.register(items: nil, domain: item.domain).clue
        #expect(byDomain.dept == item.lead)
        #expect(byDomain.routing?.mode == .single)
        #expect(byDomain.routing?.items == [item.code])
        #expect(byDomain.routing?.reason.hasPrefix("domain \(item.domain)") == true)
    }

    @Test func theDirectoryReadsAllNineteenItems() async throws {
        let directory = try InMemoryRoutingDirectory(csvPath: itemsCSV)
        #expect(directory.entries.count == 19)
        #expect(directory.entries.map(\.code) == Self.demoItems.map(\.code))
        let gas = try await directory.item(code: "HY-2025-04")
        #expect(gas?.cooperatingDepts.count == 14)
        #expect(gas?.cooperatingDepts.first == "hy-housing")
    }

    @Test func unknownDomainOrItemGoesToTheCoordinationOffice() async throws {
        let harness = try makeHarness()
        let unknownDomain = try await harness.register(domain: "space-tourism").clue
        #expect(unknownDomain.dept == coordination)
        #expect(unknownDomain.routing?.mode == .coordinationOffice)
        #expect(unknownDomain.routing?.reason.contains("domain space-tourism has no published items") == true)

        let unknownItem = try await harness.register(items: ["HY-2099-01"]).clue
        #expect(unknownItem.dept == coordination)
        #expect(unknownItem.routing?.reason.contains("HY-2099-01") == true)

        let nothing = try await harness.register().clue
        #expect(nothing.dept == coordination)
        #expect(nothing.routing?.reason.contains("names no suspected item or domain") == true)
    }

    @Test func coordinationOfficeIsConfigurable() async throws {
        let harness = try makeHarness(environment: ["JG_COORDINATION_DEPT": "xx-office"])
        #expect(try await harness.register(domain: "nowhere").clue.dept == "xx-office")
    }

    /// Items led by several departments: the department leading the most of them organises joint verification.
    @Test func severalLeadDepartmentsMeanJointVerification() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-17", "HY-2025-07", "HY-2025-08"]).clue
        #expect(clue.dept == "hy-agri", "hy-agri leads two of the three items")
        #expect(clue.routing?.mode == .joint)
        #expect(clue.routing?.jointDepts == ["hy-market"])
        #expect(clue.routing?.reason.contains("joint verification") == true)
        // The joint department may read the clue.
        #expect(try await harness.clue(clue.id, as: market).id == clue.id)

        // A tie goes to the department of the first item named.
        let tie = try await harness.register(items: ["HY-2025-04", "HY-2025-03"]).clue
        #expect(tie.dept == "hy-urban")
        #expect(tie.routing?.jointDepts == ["hy-housing"])
    }

    @Test func routerSkipsDepartmentsThatReturnedTheClue() {
        let router = Router(coordinationDept: coordination)
        let gas = RoutingEntry(code: "HY-2025-04", domain: "gas-safety", leadDept: "hy-urban", cooperatingDepts: ["hy-housing"])
        let housingItem = RoutingEntry(code: "HY-2025-03", domain: "self-built-housing", leadDept: "hy-housing", cooperatingDepts: [])
        let lookup = Router.Lookup(items: [gas, housingItem])
        let first = router.route(lookup, excluding: ["hy-urban"])
        #expect(first.dept == "hy-housing")
        #expect(first.mode == .single)
        #expect(first.reason.hasPrefix("re-routed after return by hy-urban"))
        let none = router.route(lookup, excluding: ["hy-urban", "hy-housing"])
        #expect(none.dept == coordination)
        #expect(none.mode == .coordinationOffice)
    }
}
