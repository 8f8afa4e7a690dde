import CatalogCore
import JGTesting
import Messages
import Testing

/// First start with `JG_DEMO_DATA`.
struct DemoLoaderTests {
    @Test func loadsTheDemoOnceIntoAnEmptyCatalog() async throws {
        let harness = try makeHarness(["JG_DEMO_DATA": DemoFiles.directory.path, "JG_DEMO_ENTITIES": "300", "JG_DEMO_INSPECTORS": "2"])
        let departments: M.DepartmentList = try await harness.result("depts.list", M.DepartmentFilter())
        #expect(departments.departments.count == 42)  // 41 + the coordination office
        let items: M.ItemList = try await harness.result("items.list", M.ItemFilter(limit: 100))
        #expect(items.items.count == 19 && items.items.allSatisfy { $0.status == .published && $0.category == .key })
        let entities: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 1000), as: Actors.auditor)
        #expect(entities.ids?.count == 300)
        let organisations: M.EntityList = try await harness.result("entities.list", M.EntityFilter(limit: 1000), as: Actors.auditor)
        #expect(organisations.entities?.compactMap(\.uscc).allSatisfy(USCC.isValid) == true)
        let inspectors: M.PersonList = try await harness.result("inspectors.list", M.PersonFilter(dept: "hy-market"), as: Actors.auditor)
        #expect(inspectors.people.count == 2 && inspectors.people.allSatisfy { $0.expertise.contains("pharmacy") })
        let gas: M.EntityList = try await harness.result("entities.list", M.EntityFilter(itemCode: "HY-2025-04", fields: "ids", limit: 1000), as: Actors.auditor)
        #expect((gas.ids?.count ?? 0) > 15)
        #expect(try await harness.events(topic: "catalog.item.published").count == 19)

        // A second start over the same database changes nothing.
        let again = try Harness(environment: ["JG_DEMO_DATA": DemoFiles.directory.path], database: harness.database)
        let still: M.ItemList = try await again.result("items.list", M.ItemFilter(limit: 100))
        #expect(still.items.count == 19)
    }

    @Test func generatedCodesAreValidAndStable() {
        // Check characters from the Python in USCCTests: check("91411603MA0000000") == "C", check("93411603MA0000123") == "7".
        #expect(DemoGenerator.uscc(0, kind: .enterprise) == "91411603MA0000000C")
        #expect(DemoGenerator.uscc(123, kind: .cooperative) == "93411603MA00001237")
        #expect(DemoGenerator.entity(5) == DemoGenerator.entity(5))
    }
}
