import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

/// A joint task's whole path (intake, start, record, submit, publish) reaches its rows through indexes: a scan of the
/// task, result or audit tables passes on a test database and is linear in every year of inspections in production.
@Suite("Query plans")
struct QueryPlanTests {
    /// The tables and the aliases the service's statements give them.
    static let large: Set<String> = [
        "tasks", "t", "task_items", "i", "task_depts", "d", "task_inspectors", "results", "r", "c", "audit_log", "pending_referrals",
        "idempotency", "outbox",
    ]

    @Test func aJointTaskScansNoLargeTable() async throws {
        let harness = try Fixture.harness()
        for (index, uscc) in [Fixture.entity, Fixture.entity2, Fixture.entity3].enumerated() {
            let task = try await Fixture.campaign(harness, uscc: uscc, dept: Fixture.market, items: [M.TaskItemSpec(code: Fixture.itemMarket)])
            try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: index == 0 ? .failed : .noProblem)
        }
        let report = try await QueryPlans.scans(of: Self.large, in: harness.database) {
            _ = try await harness.deliver(try Fixture.planEvent(seq: 1, taskId: "plan-task-1", uscc: Fixture.entity4))
            let task = try await Fixture.campaign(harness, uscc: Fixture.entity5, dept: Fixture.health, items: [M.TaskItemSpec(code: Fixture.itemHealth)])
            try await Fixture.runCampaign(harness, task: task, dept: Fixture.health, outcome: .orderedToCorrect, deadline: Fixture.day(10))
        }
        #expect(report.statements >= 20)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }
}
