import CatalogCore
import JGTesting
import Messages
import Testing

/// CSV imports: the demo files, all-or-nothing refusals with row-level reports, chunked batches.
struct ImportTests {
    /// Imports `deploy/demo-data` as the coordination office.
    static func importDemo(_ harness: Harness) async throws -> (M.ImportReport, M.ImportReport) {
        let departments: M.ImportReport = try await harness.result(
            "depts.import", M.ImportRequest(csv: try DemoFiles.text("departments.csv")), as: Actors.admin)
        let items: M.ImportReport = try await harness.result(
            "items.import", M.ImportRequest(csv: try DemoFiles.text("items.csv"), publish: true), as: Actors.admin)
        return (departments, items)
    }

    @Test func importsTheDemoListWithCooperatingDepartmentsResolved() async throws {
        let harness = try makeHarness()
        let (departments, items) = try await Self.importDemo(harness)
        #expect(departments.rows == 41 && departments.imported == 41 && departments.rejected == 0 && departments.committed)
        #expect(items.rows == 19 && items.imported == 19 && items.rejected == 0)

        let allDepartments: M.DepartmentList = try await harness.result("depts.list", M.DepartmentFilter())
        #expect(allDepartments.departments.count == 41)
        let competent: M.DepartmentList = try await harness.result("depts.list", M.DepartmentFilter(kind: .competent))
        #expect(competent.departments.count == 15)

        let page1: M.ItemList = try await harness.result("items.list", M.ItemFilter(limit: 10))
        let page2: M.ItemList = try await harness.result("items.list", M.ItemFilter(after: page1.next, limit: 10))
        #expect(page1.items.count == 10 && page1.next == "HY-2025-10" && page2.items.count == 9 && page2.next == nil)
        #expect((page1.items + page2.items).allSatisfy { $0.status == .published })

        // HY-2025-04 as written in items.csv: lead hy-urban, 14 cooperating departments in source order.
        let gas: M.Item = try await harness.result("items.get", M.ItemRef(code: "HY-2025-04"))
        #expect(gas.name == "城镇燃气安全综合监管" && gas.leadDept == "hy-urban" && gas.domain == "gas-safety")
        #expect(
            gas.cooperatingDepts == [
                "hy-housing", "hy-edu", "hy-industry-it", "hy-police", "hy-civil-affairs", "hy-natural-resources", "hy-transport", "hy-commerce",
                "hy-culture-tourism", "hy-health", "hy-emergency", "hy-market", "hy-fire", "hy-meteo",
            ])
        #expect(gas.targets == "燃气经营企业,气瓶充装、检验单位,运输企业,餐饮等使用燃气的生产经营单位")

        // routing for referral: domain → lead department
        let pharmacy: M.ItemList = try await harness.result("items.list", M.ItemFilter(domain: "pharmacy"))
        #expect(pharmacy.items.map(\.leadDept) == ["hy-market"])
        // any participating department, and free text
        let justice: M.ItemList = try await harness.result("items.list", M.ItemFilter(dept: "hy-justice"))
        #expect(justice.items.map(\.code) == ["HY-2025-03", "HY-2025-13"])
        let text: M.ItemList = try await harness.result("items.list", M.ItemFilter(q: "屠宰"))
        #expect(text.items.map(\.code) == ["HY-2025-09"])
        #expect(try await harness.events(topic: "catalog.item.published").count == 19)
    }

    @Test func aFailingImportLeavesNothingBehind() async throws {
        let harness = try makeHarness()
        // A bad kind on line 4: nothing of the three rows is written, the report names row and column.
        let departments = "code,name,kind\nhy-a,区甲局,competent\nhy-b,区乙局,regulator\nhy-c,区丙局,ministry\n"
        let error = try await expectFailure(harness, "depts.import", M.ImportRequest(csv: departments), as: Actors.admin, .invalidArgument)
        let report = try #require(try error?.details?["report"]?.decode(M.ImportReport.self))
        #expect(report.rows == 3 && report.rejected == 1 && report.imported == 0 && !report.committed)
        #expect(report.errors.map { [String($0.row), $0.column ?? ""] } == [["4", "kind"]])
        let none: M.DepartmentList = try await harness.result("depts.list", M.DepartmentFilter())
        #expect(none.departments.isEmpty)

        // A row that only fails when written (unknown lead department, found inside the transaction): the rows
        // before it are rolled back too, and no event escapes.
        _ = try await harness.result("depts.import", M.ImportRequest(csv: try DemoFiles.text("departments.csv")), as: Actors.admin, decoding: M.ImportReport.self)
        var items = try DemoFiles.text("items.csv")
        items += "HY-2025-20,测试事项,企业,内容,hy-nowhere,hy-market,testing\n"
        let refused = try await expectFailure(harness, "items.import", M.ImportRequest(csv: items, publish: true), as: Actors.admin, .invalidArgument)
        let itemReport = try #require(try refused?.details?["report"]?.decode(M.ImportReport.self))
        #expect(itemReport.errors.map { [String($0.row), $0.column ?? ""] } == [["21", "lead"]])
        let latest: M.ItemList = try await harness.result("items.list", M.ItemFilter(view: "latest"), as: Actors.admin)
        #expect(latest.items.isEmpty)
        #expect(try await harness.events(topic: "catalog.item.published").isEmpty)

        // mode=valid imports the good rows and reports the others
        let partial: M.ImportReport = try await harness.result(
            "items.import", M.ImportRequest(csv: items, mode: "valid", publish: true), as: Actors.admin)
        #expect(partial.imported == 19 && partial.rejected == 1 && partial.committed)
    }

    @Test func aDryRunOnlyChecks() async throws {
        let harness = try makeHarness()
        let report: M.ImportReport = try await harness.result(
            "depts.import", M.ImportRequest(csv: try DemoFiles.text("departments.csv"), dryRun: true), as: Actors.admin)
        #expect(report.rows == 41 && report.imported == 0 && report.rejected == 0)
        let none: M.DepartmentList = try await harness.result("depts.list", M.DepartmentFilter())
        #expect(none.departments.isEmpty)
        let broken = try await expectFailure(harness, "depts.import", M.ImportRequest(csv: "code,name\nx,y\n"), as: Actors.admin, .invalidArgument)
        #expect(broken?.message.contains("missing column(s) kind") == true)
    }

    static func entityCSV(_ range: Range<Int>) -> String {
        "uscc,name,kind,industry,region,domains\n"
            + range.map { n in
                let entity = DemoGenerator.entity(n)
                return "\(entity.uscc ?? ""),\(entity.name),\(entity.kind.rawValue),\(entity.industry ?? ""),\(entity.region ?? ""),\((entity.domains ?? []).joined(separator: ";"))"
            }.joined(separator: "\n")
    }

    @Test func chunkedImportsCommitOnTheLastChunk() async throws {
        let harness = try makeHarness()
        let market = Actors.op("hy-market")
        let first: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: Self.entityCSV(0..<50), batchId: "b1"), as: market)
        #expect(first.staged == 50 && first.imported == 0 && !first.committed)
        let between: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids"), as: market)
        #expect(between.ids == [])
        let last: M.ImportReport = try await harness.result(
            "entities.import", M.ImportRequest(csv: Self.entityCSV(50..<80), batchId: "b1", last: true), as: market)
        #expect(last.rows == 80 && last.imported == 80 && last.committed)
        let after: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 1000), as: market)
        #expect(after.ids?.count == 80)
        #expect(try await harness.events(topic: "catalog.entity.upserted").flatMap { $0.event["ids"]?.arrayValue ?? [] }.count == 80)

        // A bad row in an early chunk poisons the batch: the last chunk commits nothing.
        var bad = Self.entityCSV(100..<110)
        bad += "\n91350100M000100Y44,坏代码公司,enterprise,,,"
        try await expectFailure(harness, "entities.import", M.ImportRequest(csv: bad, batchId: "b2"), as: market, .invalidArgument)
        let error = try await expectFailure(
            harness, "entities.import", M.ImportRequest(csv: Self.entityCSV(110..<120), batchId: "b2", last: true), as: market, .invalidArgument)
        let report = try #require(try error?.details?["report"]?.decode(M.ImportReport.self))
        #expect(report.rows == 21 && report.rejected == 1 && report.errors.first?.chunk == 1 && report.errors.first?.column == "uscc")
        let unchanged: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 1000), as: market)
        #expect(unchanged.ids?.count == 80)
    }
}
