import GRDB
import Foundation
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

    /// A batch of many chunks is written chunk after chunk in one transaction (each staged chunk read again while the
    /// one before it is written): every row lands, in the order sent, so a later row about the same entity wins.
    @Test func aBatchOfManyChunksWritesEveryRowInOrder() async throws {
        let harness = try makeHarness()
        let market = Actors.op("hy-market")
        let renamed = Self.entityCSV(3..<4).replacingOccurrences(of: DemoGenerator.entity(3).name, with: "改名后的公司")
        let chunks = [Self.entityCSV(0..<10), Self.entityCSV(10..<20), renamed, Self.entityCSV(20..<30)]
        for (index, csv) in chunks.enumerated() {
            let report: M.ImportReport = try await harness.result(
                "entities.import", M.ImportRequest(csv: csv, batchId: "many", last: index == chunks.count - 1), as: market)
            #expect(report.committed == (index == chunks.count - 1))
            if index == chunks.count - 1 { #expect(report.rows == 31 && report.imported == 31 && report.rejected == 0) }
        }
        let after: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 1000), as: market)
        #expect(after.ids?.count == 30)
        let uscc = try #require(DemoGenerator.entity(3).uscc)
        let entity: M.Entity = try await harness.result("entities.get", M.EntityRef(uscc: uscc), as: market)
        #expect(entity.name == "改名后的公司", "chunk 3 was written after chunk 1")
    }

    /// Staged chunks are read again when the batch commits, so the options that change how a row reads (a
    /// department's default level) must stay the same across the batch; each row gets the level it was sent with.
    @Test func aChunkedDepartmentImportKeepsItsDefaultLevel() async throws {
        let harness = try makeHarness()
        let first = "code,name,kind\nhy-test-a,测试甲局,regulator\n"
        let _: M.ImportReport = try await harness.result("depts.import", M.ImportRequest(csv: first, batchId: "levels", level: .street), as: Actors.admin)
        let open: M.ImportBatchList = try await harness.result("imports.list", SystemMessages.Empty(), as: Actors.admin)
        #expect(open.batches.map(\.options) == ["level=street"], "imports.list says which options the next chunks must repeat")
        let mixed = try await expectFailure(
            harness, "depts.import", M.ImportRequest(csv: "code,name,kind\nhy-test-b,测试乙局,regulator\n", batchId: "levels", last: true),
            as: Actors.admin, .failedPrecondition)
        #expect(mixed?.message.contains("level=street") == true)
        let last: M.ImportReport = try await harness.result(
            "depts.import", M.ImportRequest(csv: "code,name,kind,level\nhy-test-b,测试乙局,regulator,city\n", batchId: "levels", last: true, level: .street),
            as: Actors.admin)
        #expect(last.imported == 2 && last.committed)
        let a: M.Department = try await harness.result("depts.get", ["code": "hy-test-a"], as: Actors.admin)
        let b: M.Department = try await harness.result("depts.get", ["code": "hy-test-b"], as: Actors.admin)
        #expect(a.level == .street && b.level == .city)
    }

    @Test func aChunkedImportBelongsToItsSenderAndItsIdEndsWithIt() async throws {
        let harness = try makeHarness()
        let market = Actors.op("hy-market")
        let health = Actors.op("hy-health")
        let _: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: Self.entityCSV(0..<20), batchId: "mine"), as: market)

        // Another department may neither add to it nor see it; the coordination office sees it.
        let denied = try await expectFailure(
            harness, "entities.import", M.ImportRequest(csv: Self.entityCSV(20..<30), batchId: "mine", last: true), as: health, .permissionDenied)
        #expect(denied?.details?["rule"]?.stringValue == "import-batch-owner")
        let theirs: M.ImportBatchList = try await harness.result("imports.list", SystemMessages.Empty(), as: health)
        #expect(theirs.batches.isEmpty)
        let all: M.ImportBatchList = try await harness.result("imports.list", SystemMessages.Empty(), as: Actors.admin)
        let open = try #require(all.batches.first)
        #expect(all.batches.count == 1 && open.batchId == "mine" && open.target == "entities" && open.chunks == 1 && open.rows == 20)
        #expect(open.options == nil, "entities have no reading options")
        #expect(open.owner == "operator:hy-market:user-hy-market")

        let last: M.ImportReport = try await harness.result(
            "entities.import", M.ImportRequest(csv: Self.entityCSV(20..<30), batchId: "mine", last: true), as: market)
        #expect(last.imported == 30 && last.committed)
        // A late or repeated chunk (a new request) would start a second, partial batch: refused instead.
        let late = try await expectFailure(
            harness, "entities.import", M.ImportRequest(csv: Self.entityCSV(30..<40), batchId: "mine"), as: market, .failedPrecondition)
        #expect(late?.message.contains("committed") == true)
        let none: M.ImportBatchList = try await harness.result("imports.list", SystemMessages.Empty(), as: Actors.admin)
        #expect(none.batches.isEmpty)
    }

    @Test func anAbandonedBatchIsDroppedWithItsStagedRowsAndItsIdClosed() async throws {
        let harness = try makeHarness(["JG_CATALOG_IMPORT_TTL_S": "3600"])
        let market = Actors.op("hy-market")
        let _: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: Self.entityCSV(0..<25), batchId: "old"), as: market)
        let _: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: Self.entityCSV(25..<30), batchId: "fresh"), as: market)
        // Age "old": its last chunk two hours ago (the TTL is one hour); "fresh" is a minute old.
        try await harness.database.writer.write { db in
            try db.execute(
                sql: "UPDATE import_batch SET updated_at = ? WHERE batch_id = 'old'", arguments: [Wire.timestamp(Date().addingTimeInterval(-7_200))])
        }

        // Operators may not run the expiry; the catalog itself (its periodic call) and the coordination office may.
        try await expectFailure(harness, "imports.expire", SystemMessages.Empty(), as: market, .permissionDenied)
        let expiry: M.ImportExpiry = try await harness.result("imports.expire", SystemMessages.Empty(), as: .service("catalog"))
        #expect(expiry.expired == ["old"] && expiry.rows == 25)
        let staged = try await harness.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_chunk WHERE batch_id = 'old'") }
        #expect(staged == 0)
        let left: M.ImportBatchList = try await harness.result("imports.list", SystemMessages.Empty(), as: market)
        #expect(left.batches.map(\.batchId) == ["fresh"])

        let late = try await expectFailure(
            harness, "entities.import", M.ImportRequest(csv: Self.entityCSV(30..<40), batchId: "old", last: true), as: market, .failedPrecondition)
        #expect(late?.message.contains("abandoned") == true)
        let entities: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 1000), as: market)
        #expect(entities.ids == [])
    }
}
