import Foundation
import JGTesting
import Messages
import Testing
import WarningCore

/// The closed loop (生成 → 推送 → 核查 → 处置 → 反馈), joint assessment of red warnings, and the dashboard.
@Suite("Closed loop")
struct LifecycleTests {
    func redWarning(_ harness: ServiceHarness<WarningService>) async throws -> String {
        try await harness.createRule(
            "R-RED", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "1h", threshold: 50, level: .red,
            scope: M.RuleScope(domain: "gas-safety"), pushTo: ["hy-emergency", "hy-housing"])
        return try #require(try await harness.ingest([M.Reading(site: "S1", metric: "ch4.ppm", value: 80, at: at(), domain: "gas-safety")]).raised.first)
    }

    @Test func aWarningGoesRoundTheLoopAndCloses() async throws {
        let harness = try makeHarness()
        let id = try await redWarning(harness)

        // Only pushed departments act; steps go in order.
        #expect(try await harness.call("warnings.ack", M.WarningAction(warningId: id), as: market).status == .permissionDenied)
        #expect(try await harness.call("warnings.verify", M.WarningAction(warningId: id, note: "x", finding: "confirmed"), as: emergency).status
            == .failedPrecondition)
        let acked: M.Warning = try await harness.result("warnings.ack", M.WarningAction(warningId: id), as: emergency)
        #expect(acked.status == .acknowledged)
        #expect(try await harness.call("warnings.verify", M.WarningAction(warningId: id, note: "leak"), as: emergency).status == .invalidArgument)
        _ = try await harness.result(
            "warnings.verify", M.WarningAction(warningId: id, note: "leak at valve 3", finding: "confirmed"), as: housing, decoding: M.Warning.self)
        _ = try await harness.result("warnings.handle", M.WarningAction(warningId: id, note: "valve replaced"), as: emergency, decoding: M.Warning.self)
        _ = try await harness.result("warnings.feedback", M.WarningAction(warningId: id, note: "readings normal"), as: emergency, decoding: M.Warning.self)

        // A red warning cannot close until every department has answered its joint assessment.
        #expect(try await harness.call("warnings.close", M.WarningAction(warningId: id), as: emergency).status == .failedPrecondition)
        let detail: M.WarningDetail = try await harness.result("warnings.get", M.WarningAction(warningId: id), as: emergency)
        let assessmentId = try #require(detail.warning.assessmentId)
        _ = try await harness.result(
            "assessments.respond", M.AssessmentRespond(assessmentId: assessmentId, view: .confirmed, opinion: "pressure drop confirmed"), as: emergency,
            decoding: M.Assessment.self)
        #expect(
            try await harness.call("assessments.respond", M.AssessmentRespond(assessmentId: assessmentId, view: .confirmed, opinion: "again"), as: emergency)
                .status == .alreadyExists)
        #expect(
            try await harness.call("assessments.respond", M.AssessmentRespond(assessmentId: assessmentId, view: .confirmed, opinion: "x"), as: market)
                .status == .permissionDenied)
        let concluded: M.Assessment = try await harness.result(
            "assessments.respond", M.AssessmentRespond(assessmentId: assessmentId, view: .notConfirmed, opinion: "no structural risk"), as: housing)
        #expect(concluded.status == "concluded")
        #expect(concluded.outcome == .confirmed)
        #expect(concluded.pending.isEmpty)

        let closed: M.Warning = try await harness.result("warnings.close", M.WarningAction(warningId: id), as: emergency)
        #expect(closed.status == .closed)
        let event = try #require(try await harness.events(topic: "warning.closed").first).event.decode(M.WarningClosed.self)
        #expect(event.warningId == id)
        #expect(event.closedBy == "hy-emergency")
        let steps: M.WarningDetail = try await harness.result("warnings.get", M.WarningAction(warningId: id), as: auditor)
        #expect(steps.steps.map(\.action) == ["generate", "push", "ack", "verify", "handle", "feedback", "assess", "close"])
    }

    @Test func departmentsSeeTheirWarningsAndFigures() async throws {
        let harness = try makeHarness()
        let id = try await redWarning(harness)
        #expect(try await harness.warnings(as: market).isEmpty)
        #expect(try await harness.warnings(as: housing).map(\.warningId) == [id])
        #expect(try await harness.call("warnings.get", M.WarningAction(warningId: id), as: market).status == .permissionDenied)

        var stats: M.StatsSummary = try await harness.result("stats.summary", M.StatsQuery(), as: admin)
        #expect(stats.open == 1)
        #expect(stats.openByLevel == ["red": 1])
        #expect(stats.openByDomain == ["gas-safety": 1])
        #expect(stats.meanSecondsToAcknowledge == nil)
        _ = try await harness.result("warnings.ack", M.WarningAction(warningId: id), as: emergency, decoding: M.Warning.self)
        stats = try await harness.result("stats.summary", M.StatsQuery(), as: auditor)
        #expect(stats.acknowledged == 1)
        #expect((stats.meanSecondsToAcknowledge ?? -1) >= 0)
        let marketStats: M.StatsSummary = try await harness.result("stats.summary", M.StatsQuery(), as: market)
        #expect(marketStats.open == 0)
    }

    @Test func theCoordinationOfficeClosesEarlyOnlyWithAReason() async throws {
        let harness = try makeHarness()
        let id = try await redWarning(harness)
        #expect(try await harness.call("warnings.close", M.WarningAction(warningId: id), as: admin).status == .invalidArgument)
        let closed: M.Warning = try await harness.result("warnings.close", M.WarningAction(warningId: id, note: "sensor fault"), as: admin)
        #expect(closed.status == .closed)
        #expect(try await harness.call("warnings.ack", M.WarningAction(warningId: id), as: emergency).status == .failedPrecondition)
    }
}
