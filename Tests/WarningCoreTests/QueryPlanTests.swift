import Foundation
import JGTesting
import Messages
import Testing
import WarningCore

/// Ingesting readings and applying the suite's events reaches rows through indexes: a scan of the signal or warning
/// tables passes on a test database and is linear in months of monitoring data in production.
@Suite("Query plans")
struct QueryPlanTests {
    static let large: Set<String> = [
        "signals", "warnings", "warning_depts", "rule_owners", "warning_steps", "joint_requests", "reading_entities", "assessments", "idempotency", "outbox",
    ]

    @Test func ingestAndEventsScanNoLargeTable() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "1h", threshold: 50)
        for n in 0..<10 { try await harness.ingest([reading(site: "site-\(n)", 10, at: at(minutes: Double(n)))]) }
        try await harness.deliver(Events.clue(1, uscc(1), at: at(days: 1)))
        let report = try await QueryPlans.scans(of: Self.large, in: harness.database) {
            try await harness.ingest([reading(site: "site-1", 80, at: at(minutes: 20)), reading(site: "site-2", 12, at: at(minutes: 21))])
            try await harness.deliver(Events.clue(2, uscc(1), source: "media", at: at(days: 2)))
            try await harness.deliver(Events.inspection(1, uscc(1), at: at(days: 3)))
            try await harness.createRule("R-GAS-2", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "2h", threshold: 60)
        }
        #expect(report.statements >= 5)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }
}
