import Foundation
import JGTesting
import Messages
import Scenario
import Synchronization
import Testing

/// Issue #10's whole-suite scenario against the real executables with the 淮阳 demo data: the same steps `make
/// demo` runs, each outcome checked against what the services answered.
@Suite(.serialized) struct ScenarioTests {
    static func demoSuite() async throws -> SuiteProcesses {
        let demoData = SuiteProcesses.repositoryRoot.appendingPathComponent("deploy/demo-data").path
        // 200 demo entities are enough (the scenario makes its own); short catch-up so a dropped event is fetched soon.
        let suite = try SuiteProcesses(environment: ["JG_DEMO_DATA": demoData, "JG_DEMO_ENTITIES": "200", "JG_CATCHUP_MS": "1000"])
        try suite.startSuite()
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 90)
        #expect(health.status == 200, "suite not healthy: \(health.text)\n\(suite.log("gateway"))")
        return suite
    }

    @Test func theWholeSuiteScenarioRunsTwiceAgainstOneSuite() async throws {
        let suite = try await Self.demoSuite()
        let endpoints = ScenarioEndpoints(
            gateway: suite.brokerEndpoint, http: suite.httpBase, adminToken: try suite.adminToken(), timeoutMs: 10_000, propagationSeconds: 60)
        let narrated = Mutex<[Narration]>([])
        let scenario = SuiteScenario(endpoints: endpoints) { narration in narrated.withLock { $0.append(narration) } }

        // Given the suite with the demo data, when the scenario runs:
        let summary: ScenarioSummary
        do {
            summary = try await scenario.run()
        } catch {
            let logs = ["planning", "inspection", "credit", "warning", "referral"].map { "\($0):\n\(suite.log($0).suffix(3_000))" }
            Issue.record("scenario failed: \(error)\n\(logs.joined(separator: "\n"))")
            return
        }

        // Then every step was narrated and is in the summary.
        #expect(summary.steps.count == 12)
        #expect(narrated.withLock { $0.map(\.step) } == Array(1...12))
        #expect(narrated.withLock { $0.allSatisfy { !$0.lines.isEmpty } })

        // Two departments' plans, each draw reproducible by anyone, both drew the shared entity.
        #expect(summary.plans.map(\.dept) == ["hy-urban", "hy-agri"])
        #expect(summary.plans.allSatisfy { $0.verified && $0.selected.contains(summary.jointEntity) && $0.poolSize == 2 })

        // One joint task per entity: the shared entity's task merges both plans, saving a visit.
        #expect(summary.visitsSaved >= 1)
        #expect(summary.itemDepts == ["HY-2025-04": "hy-urban", "HY-2025-09": "hy-agri"], "each item checked by its plan's lead department")
        #expect(Set(summary.taskDepts).isSuperset(of: ["hy-urban", "hy-agri"]))

        // Results recorded by inspectors and published by their departments, one failed; the task closed.
        #expect(summary.results.map(\.outcome).sorted() == ["failed", "noProblem"])
        #expect(summary.taskStatus == "closed")

        // Credit: a record per result plus the penalty; the grade dropped.
        #expect(summary.creditRecords.count == 3)
        #expect(summary.gradeBefore == "B")
        #expect(["C", "D"].contains(summary.gradeAfter))

        // The gas department's rule raised a warning naming its version; correlation asked for a joint inspection.
        #expect(summary.gradeWarning?.ruleId == "gas-credit-downgrade")
        #expect((summary.gradeWarning?.ruleVersion ?? 0) >= 1)
        #expect(summary.gradeWarning?.pushedTo == ["hy-urban"])
        #expect(summary.correlationWarning?.ruleId == "correlation")
        #expect((summary.correlationWarning?.ruleVersion ?? 0) >= 1)
        #expect(!summary.jointInspectionTaskId.isEmpty)
        #expect(summary.jointInspectionItems.contains("HY-2025-04"))

        // The 12345 clue went to the gas item's lead department with a deadline, and its loop closed with feedback.
        #expect(summary.clueDept == "hy-urban")
        #expect(!summary.clueDueAt.isEmpty)
        #expect(summary.clueConclusionDueAt > summary.clueDueAt, "accepting starts the longer conclusion deadline")
        #expect(summary.clueStatus == "closed")
        #expect(!summary.clueFeedback.isEmpty)

        // Public pages show the published data and nothing private.
        #expect(summary.pages.count == 5)
        #expect(summary.pages.allSatisfy { $0.status == 200 && $0.ok })
        #expect(summary.privacyLeaks.isEmpty)
        #expect(summary.tokensRevoked >= 4)

        // And independently of the scenario's own checks: the public results page, fetched here, has the failure.
        let page = try await HTTP.get("\(suite.httpBase)/public/results/\(summary.jointEntity)")
        #expect(page.status == 200)
        #expect(page.text.contains("failed") && !page.text.contains("内部备注"))

        // Re-runnable: a second run on the same suite makes its own entities and plans and succeeds too.
        let again = try await scenario.run()
        #expect(again.jointEntity != summary.jointEntity)
        #expect(again.steps.count == 12)
        #expect(again.gradeWarning?.ruleVersion == summary.gradeWarning?.ruleVersion, "the rule made by the first run is reused")
    }
}
