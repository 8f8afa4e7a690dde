import CatalogCore
import Foundation
import JGTesting
import Messages
import Testing

/// The registries' write paths reach their rows through indexes: a statement that scans a registry table is
/// harmless on a test database and linear in its size in production (a million entities, every inspector of a
/// district), so the plans SQLite chooses for them are checked directly.
@Suite("Query plans")
struct QueryPlanTests {
    static let registries: Set<String> = ["person", "person_attribute", "entity", "entity_domain", "entity_tag"]

    /// Replacing an inspector's qualifications deleted its old attribute rows by a column that no index led with,
    /// so each inspector written (and each row of an inspector import) read every attribute row of every person.
    @Test func writingAnInspectorScansNoRegistry() async throws {
        let harness = try await seededHarness()
        for n in 0..<10 {
            let _: M.Person = try await harness.result(
                "inspectors.create", M.PersonCreate(dept: "hy-health", name: "检查员\(n)", certificateNo: "4116030\(1000 + n)", qualifications: ["law-enforcement"]),
                as: Actors.admin)
        }
        let report = try await QueryPlans.scans(of: Self.registries, in: harness.database) {
            let _: M.Person = try await harness.result(
                "inspectors.update", M.PersonUpdate(id: "INS-41160301003", qualifications: ["law-enforcement", "food-safety"], expertise: ["catering"]),
                as: Actors.admin)
            let _: M.ImportReport = try await harness.result(
                "inspectors.import", M.ImportRequest(csv: "dept,name,certificateNo,qualifications\nhy-health,新检查员,41160309999,law-enforcement;food-safety\n"),
                as: Actors.admin)
        }
        #expect(report.statements >= 4)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }

    @Test func writingAnEntityScansNoRegistry() async throws {
        let harness = try await seededHarness()
        let _: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: ImportTests.entityCSV(0..<30)), as: Actors.admin)
        let report = try await QueryPlans.scans(of: Self.registries, in: harness.database) {
            let _: M.ImportReport = try await harness.result("entities.import", M.ImportRequest(csv: ImportTests.entityCSV(20..<40)), as: Actors.admin)
        }
        #expect(report.statements >= 4)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }
}
