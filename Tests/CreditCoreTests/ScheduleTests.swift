import CreditCore
import Foundation
import JGTesting
import Logging
import Messages
import Testing

@Suite("Periodic re-evaluation")
struct ScheduleTests {
    /// The scheduler's check runs the evaluation once per quarter: the first check runs it, the next does not.
    @Test func schedulerRunsOncePerPeriod() async throws {
        let harness = try makeHarness()
        try await harness.addRecord(uscc(60), .enforcement, .negative, .serious)
        let before: M.EvaluationStatus = try await harness.result("evaluation.status", SystemMessages.Empty(), as: auditor)
        #expect(before.due)
        #expect(before.lastRun == nil)
        #expect(before.periodMonths == 3)

        let scheduler = EvaluationScheduler(
            dispatcher: harness.dispatcher, configuration: try CreditConfiguration(environment: [:]), logger: Logger(label: "test.scheduler"))
        #expect(await scheduler.tick() == .ok)
        #expect(await scheduler.tick() == .ok)

        let after: M.EvaluationStatus = try await harness.result("evaluation.status", SystemMessages.Empty(), as: auditor)
        #expect(!after.due)
        #expect(after.lastRun?.trigger == "schedule")
        #expect(after.lastRun?.entities == 1)
        #expect(after.nextDueOn == "2025-07-01")
        let again = try await harness.call("evaluation.runIfDue", SystemMessages.Empty(), as: admin)
        #expect(again.status == .ok)
        #expect((again.result?["run"] ?? .null) == .null, "no second run in the same quarter")
        #expect(try await harness.status("evaluation.runIfDue", SystemMessages.Empty(), as: market) == .permissionDenied)
    }
}
