import Foundation
import JGTesting
import Logging
import Messages
import Testing
import WarningCore

/// Unacknowledged warnings escalate after their level's deadline, checked by the watcher on an injected clock.
@Suite("Escalation")
struct EscalationTests {
    @Test func anUnacknowledgedWarningEscalatesAfterItsDeadline() async throws {
        let harness = try makeHarness()
        let clock = ManualClock()
        let watcher = EscalationWatcher(
            dispatcher: harness.dispatcher, clock: clock, configuration: harness.core.configuration, logger: Logger(label: "test.escalation"))
        try await harness.createRule("R-GAS", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "1h", threshold: 50, level: .orange)
        let raised = try await harness.ingest([reading(site: "S1", 70, at: at())]).raised
        let id = try #require(raised.first)

        // Given orange (4 h to acknowledge): at 3 h 59 min nothing happens.
        clock.advance(seconds: 4 * 3_600 - 60)
        #expect(await watcher.tick().isEmpty)

        // When the deadline has passed: one level up, to the coordination office, with red's deadline (1 h).
        clock.advance(seconds: 120)
        #expect(await watcher.tick() == [id])
        let escalated = try #require(try await harness.events(topic: "warning.escalated").first).event.decode(M.WarningEscalated.self)
        #expect(escalated.from == .orange)
        #expect(escalated.to == .red)
        #expect(escalated.pushedTo == ["hy-emergency", "coordination-office"])
        let detail: M.WarningDetail = try await harness.result("warnings.get", M.WarningAction(warningId: id), as: auditor)
        #expect(detail.warning.level == .red)
        #expect(detail.warning.raisedLevel == .orange)
        #expect(detail.warning.escalations == 1)
        #expect(detail.steps.map(\.action) == ["generate", "push", "escalate"])
        // Red opens a joint assessment for everyone it was pushed to.
        let assessmentId = try #require(detail.warning.assessmentId)
        let assessment: M.Assessment = try await harness.result("assessments.get", M.AssessmentRef(assessmentId: assessmentId), as: auditor)
        #expect(assessment.pending == ["hy-emergency", "coordination-office"])

        // Not again before the new deadline; after it, red with the office has nowhere further to go.
        #expect(await watcher.tick().isEmpty)
        clock.advance(seconds: 2 * 3_600)
        #expect(await watcher.tick().isEmpty)
        #expect(try await harness.events(topic: "warning.escalated").count == 1)
        let stats: M.StatsSummary = try await harness.result("stats.summary", M.StatsQuery(), as: admin)
        #expect(stats.open == 1)
        // The handler reads the system clock; the watcher's asOf is only for itself.
        #expect(stats.overdue == 0)
    }

    @Test func anAcknowledgedWarningDoesNotEscalate() async throws {
        let harness = try makeHarness(["JG_WARNING_ACK_YELLOW": "30m"])
        let clock = ManualClock()
        let watcher = EscalationWatcher(
            dispatcher: harness.dispatcher, clock: clock, configuration: harness.core.configuration, logger: Logger(label: "test.escalation"))
        try await harness.createRule("R-GAS", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "1h", threshold: 50)
        let id = try #require(try await harness.ingest([reading(site: "S1", 70, at: at())]).raised.first)
        let acked: M.Warning = try await harness.result("warnings.ack", M.WarningAction(warningId: id), as: emergency)
        #expect(acked.status == .acknowledged)
        clock.advance(seconds: 3_600)
        #expect(await watcher.tick().isEmpty)
    }

    @Test func onlyTheWatcherMayNameTheTime() async throws {
        let harness = try makeHarness()
        let reply = try await harness.call("warnings.escalateDue", M.EscalateDue(asOf: "2099-01-01T00:00:00Z"), as: emergency)
        #expect(reply.status == .permissionDenied)
        let run: M.EscalationRun = try await harness.result("warnings.escalateDue", M.EscalateDue(asOf: "2099-01-01T00:00:00Z"), as: admin)
        #expect(run.at != "2099-01-01T00:00:00Z")
    }
}
