import Foundation
import JGTesting
import Messages
import Testing
import WarningCore

/// Rules fire at their threshold over a sliding window, changes apply at once, one open warning per rule and entity.
@Suite("Rules and windows")
struct RuleEngineTests {
    let maxGas = M.Indicator(aggregate: .max, metric: "ch4.ppm")
    let countGas = M.Indicator(aggregate: .count, metric: "ch4.ppm")

    @Test func aRuleFiresExactlyAtItsThresholdAndNotBelow() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: maxGas, window: "1h", threshold: 50)

        // Given a reading just below the threshold: nothing.
        var result = try await harness.ingest([reading(site: "S1", 49.99, at: at(minutes: 0))])
        #expect(result.accepted == 1)
        #expect(result.raised.isEmpty)
        #expect(try await harness.raisedEvents().isEmpty)

        // When a reading reaches it exactly: one warning naming the rule version.
        result = try await harness.ingest([reading(site: "S1", 50, at: at(minutes: 1))])
        #expect(result.raised.count == 1)
        let raised = try #require(try await harness.raisedEvents().first)
        #expect(raised.ruleId == "R-GAS")
        #expect(raised.ruleVersion == 1)
        #expect(raised.value == 50)
        #expect(raised.site == "S1")
        #expect(raised.entity == "site:S1")
        #expect(raised.pushedTo == ["hy-emergency"])
        #expect(raised.level == .yellow)
    }

    @Test func theWindowSlides() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-COUNT", indicator: countGas, window: "30d", threshold: 3)

        // Day 0, 20, 40: at day 40 the window (day 10, day 40] holds two readings — no warning.
        try await harness.ingest([
            reading(site: "S1", 1, at: at(days: 0)), reading(site: "S1", 1, at: at(days: 20)), reading(site: "S1", 1, at: at(days: 40)),
        ])
        #expect(try await harness.raisedEvents().isEmpty)
        // Day 50: the window (day 20, day 50] holds exactly one window-old reading, which no longer counts — still two.
        try await harness.ingest([reading(site: "S1", 1, at: at(days: 50))])
        #expect(try await harness.raisedEvents().isEmpty)
        // Day 55: (day 25, day 55] holds days 40, 50, 55 — three.
        let result = try await harness.ingest([reading(site: "S1", 1, at: at(days: 55))])
        #expect(result.raised.count == 1)
        let raised = try #require(try await harness.raisedEvents().first)
        #expect(raised.value == 3)
        #expect(raised.window == M.Period(start: at(days: 25), end: at(days: 55)))
    }

    @Test func aRuleEditedAtRunTimeAppliesToNewSignals() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: maxGas, window: "1h", threshold: 50)
        try await harness.ingest([reading(site: "S1", 30, at: at(minutes: 0))])
        #expect(try await harness.raisedEvents().isEmpty)

        // When the lead department lowers the threshold, the next reading is judged by version 2.
        let updated: M.Rule = try await harness.result(
            "rules.update", M.RuleUpdate(ruleId: "R-GAS", expectedVersion: 1, threshold: 25, level: .orange, reason: "season"), as: emergency)
        #expect(updated.version == 2)
        try await harness.ingest([reading(site: "S1", 30, at: at(minutes: 1))])
        let raised = try #require(try await harness.raisedEvents().first)
        #expect(raised.ruleVersion == 2)
        #expect(raised.level == .orange)
        #expect(raised.threshold == 25)

        // Both versions stay readable; a stale expected version is refused.
        let first: M.Rule = try await harness.result("rules.get", M.RuleRef(ruleId: "R-GAS", version: 1), as: auditor)
        #expect(first.threshold == 50)
        let stale = try await harness.call("rules.update", M.RuleUpdate(ruleId: "R-GAS", expectedVersion: 1, threshold: 10), as: emergency)
        #expect(stale.status == .aborted)

        // Disabled, the rule raises nothing for another site.
        let disabled: M.Rule = try await harness.result("rules.disable", M.RuleRef(ruleId: "R-GAS", reason: "sensor recall"), as: emergency)
        #expect(disabled.version == 3)
        #expect(!disabled.enabled)
        try await harness.ingest([reading(site: "S2", 99, at: at(minutes: 2))])
        #expect(try await harness.raisedEvents().count == 1)
    }

    @Test func theSameRuleUpdatesItsOpenWarningInsteadOfRaisingASecond() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: maxGas, window: "1h", threshold: 50)
        try await harness.ingest([reading(site: "S1", 60, at: at(minutes: 0))])
        let second = try await harness.ingest([reading(site: "S1", 70, at: at(minutes: 5)), reading(site: "S1", 80, at: at(minutes: 6))])
        #expect(second.raised.isEmpty)
        #expect(second.updated.count == 1)
        let warnings = try await harness.warnings(M.WarningFilter(ruleId: "R-GAS"))
        #expect(warnings.count == 1)
        #expect(warnings.first?.hits == 3)
        #expect(warnings.first?.value == 80)
        #expect(try await harness.raisedEvents().count == 1)

        // Another site is another warning; once closed, a new firing raises a new one.
        try await harness.ingest([reading(site: "S2", 60, at: at(minutes: 7))])
        #expect(try await harness.raisedEvents().count == 2)
        let id = try #require(warnings.first?.warningId)
        _ = try await harness.result("warnings.close", M.WarningAction(warningId: id, note: "false alarm: sensor drift"), as: admin, decoding: M.Warning.self)
        try await harness.ingest([reading(site: "S1", 90, at: at(minutes: 8))])
        #expect(try await harness.raisedEvents().count == 3)
    }

    @Test func scopeLimitsTheSignalsARuleCounts() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-NORTH", indicator: maxGas, window: "1h", threshold: 50, scope: M.RuleScope(region: "411602"))
        try await harness.ingest([
            reading(site: "S1", 90, at: at(minutes: 0), region: "411603001"), reading(site: "S2", 90, at: at(minutes: 0), region: "411602007"),
            reading(site: "S3", 90, at: at(minutes: 0)),
        ])
        #expect(try await harness.raisedEvents().map(\.entity) == ["site:S2"])
    }

    @Test func onlyOwnersOrAdminEditARule() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: maxGas, window: "1h", threshold: 50)
        #expect(try await harness.call("rules.update", M.RuleUpdate(ruleId: "R-GAS", threshold: 1), as: market).status == .permissionDenied)
        #expect(try await harness.call("rules.update", M.RuleUpdate(ruleId: "R-GAS", threshold: 1), as: auditor).status == .permissionDenied)
        #expect(try await harness.call("rules.update", M.RuleUpdate(ruleId: "R-GAS", threshold: 40), as: admin).status == .ok)
        // The built-in correlation rule belongs to the coordination office.
        #expect(try await harness.call("rules.update", M.RuleUpdate(ruleId: "correlation", window: "60d"), as: emergency).status == .permissionDenied)
        let invalid = try await harness.call(
            "rules.create", M.RuleCreate(name: "bad", indicator: M.Indicator(aggregate: .sum), window: "30x", threshold: 1, level: .red), as: emergency)
        #expect(invalid.status == .invalidArgument)
        #expect(invalid.error?.details?["field"] == "params.window")
    }
}

/// The in-memory windows rebuilt from the store (a rule needing more history) count each signal once.
@Suite("Engine rebuild")
struct EngineRebuildTests {
    @Test func aRebuildCountsEachStoredSignalOnce() async throws {
        let harness = try makeHarness()
        let count = M.Indicator(aggregate: .count, metric: "ch4.ppm")
        try await harness.createRule("R-1H", indicator: count, window: "1h", threshold: 3)
        try await harness.ingest([reading(site: "S1", 1, at: at(minutes: 0)), reading(site: "S1", 1, at: at(minutes: 10))])
        // A longer window than memory holds: the next evaluation reloads the stored signals.
        try await harness.createRule("R-2H", indicator: count, window: "2h", threshold: 10)
        let result = try await harness.ingest([reading(site: "S1", 1, at: at(minutes: 20))])
        #expect(result.raised.count == 1)
        #expect(try await harness.raisedEvents().map(\.value) == [3])
    }
}
