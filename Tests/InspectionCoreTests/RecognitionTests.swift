import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

/// Mutual recognition (互认): a published result counts for every department on the same item.
@Suite struct RecognitionTests {
    @Test func aPublishedResultBlocksASecondRoutineCheckOfTheSameItem() async throws {
        // Given market checked item 01 of entity 2 and published it
        let harness = try Fixture.harness()
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity2, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .noProblem)
        let published = try #require(try await harness.events(topic: "inspection.result.published").first?.event["resultId"]?.stringValue)

        // Then recognition.check finds it, valid for the configured period
        let check = try await harness.result(
            "recognition.check", M.RecognitionQuery(uscc: Fixture.entity2, item: Fixture.itemMarket), as: Fixture.operatorOf(Fixture.health),
            decoding: M.Recognition.self)
        #expect(check.recognised)
        #expect(check.result?.resultId == published)
        #expect(check.result?.dept == Fixture.market)
        #expect(check.periodDays == 365)

        // And health cannot schedule the same check again: FAILED_PRECONDITION naming the recognised result
        let again = M.TaskCreate(
            source: .campaign, campaign: "health sweep", uscc: Fixture.entity2, items: [.init(code: Fixture.itemMarket, dept: Fixture.health)],
            window: Fixture.window)
        let refused = try await harness.call("tasks.create", again, as: Fixture.operatorOf(Fixture.health))
        #expect(refused.status == .failedPrecondition)
        #expect(refused.error?.message.contains(published) == true)
        #expect(refused.error?.details?["resultId"] == .string(published))

        // A planning draw covering it leaves the recognised item out and checks the rest
        try await harness.deliver(
            Fixture.planEvent(
                seq: 1, taskId: "plan-rec-1", uscc: Fixture.entity2,
                items: [.init(code: Fixture.itemMarket, dept: Fixture.market), .init(code: Fixture.itemHealth, dept: Fixture.health)]))
        let planned = try await harness.result(
            "tasks.list", M.TaskListQuery(uscc: Fixture.entity2, source: .plan), as: Fixture.admin, decoding: M.TaskList.self)
        let plannedTask = try #require(planned.tasks.first)
        #expect(plannedTask.status == .scheduled)
        #expect(plannedTask.items.first { $0.item == Fixture.itemMarket }?.recognisedResultId == published)
        #expect(plannedTask.items.first { $0.item == Fixture.itemHealth }?.recognisedResultId == nil)

        // A draw of nothing but recognised items gives a cancelled task saying why
        try await harness.deliver(
            Fixture.planEvent(seq: 2, taskId: "plan-rec-2", uscc: Fixture.entity2, items: [.init(code: Fixture.itemMarket, dept: Fixture.market)]))
        let all = try await harness.result(
            "tasks.list", M.TaskListQuery(uscc: Fixture.entity2, source: .plan), as: Fixture.admin, decoding: M.TaskList.self)
        let empty = try #require(all.tasks.first { $0.sourceRef == "plan-rec-2" })
        #expect(empty.status == .cancelled)
        #expect(empty.cancelReason?.contains("互认") == true)

        // A warning-driven joint inspection is not blocked (risk-driven checks are never limited)
        try await harness.deliver(
            Fixture.warningEvent(seq: 1, requestId: "jir-1", uscc: Fixture.entity2, items: [.init(code: Fixture.itemMarket, dept: Fixture.market)]))
        let warned = try await harness.result(
            "tasks.list", M.TaskListQuery(uscc: Fixture.entity2, source: .warning), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(warned.tasks.first?.status == .scheduled)
        #expect(warned.tasks.first?.items.first?.recognisedResultId == nil)
    }

    @Test func refusedAndUncontactableChecksAreNotRecognised() async throws {
        let harness = try Fixture.harness()
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity3, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .refused)
        let check = try await harness.result(
            "recognition.check", M.RecognitionQuery(uscc: Fixture.entity3, item: Fixture.itemMarket), as: Fixture.auditor,
            decoding: M.Recognition.self)
        #expect(!check.recognised)
        #expect(check.result == nil)
    }

    @Test func theRecognitionPeriodComesFromTheEnvironment() async throws {
        let harness = try Fixture.harness(["JG_RECOGNITION_DAYS": "30"])
        let check = try await harness.result(
            "recognition.check", M.RecognitionQuery(uscc: Fixture.entity3, item: Fixture.itemMarket), as: Fixture.auditor,
            decoding: M.Recognition.self)
        #expect(check.periodDays == 30)
        #expect(throws: (any Error).self) { try InspectionConfiguration(environment: ["JG_RECOGNITION_DAYS": "soon"]) }
    }

    @Test func aCorrectionReplacesTheRecognisedResult() async throws {
        let harness = try Fixture.harness()
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity3, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .noProblem)
        let original = try #require(try await harness.events(topic: "inspection.result.published").first?.event["resultId"]?.stringValue)
        let correction = try await harness.result(
            "results.correct",
            M.ResultCorrect(resultId: original, outcome: .refused, findings: "the visit was in fact refused", reason: "data entry error"),
            as: Fixture.operatorOf(Fixture.market), decoding: M.Correction.self)
        #expect(correction.result.corrects == original)
        #expect(correction.result.publishedAt != nil)
        // The corrected outcome (refused) is not a completed check, so nothing is recognised any more
        let check = try await harness.result(
            "recognition.check", M.RecognitionQuery(uscc: Fixture.entity3, item: Fixture.itemMarket), as: Fixture.auditor,
            decoding: M.Recognition.self)
        #expect(!check.recognised)
        // The public sees both, linked
        let publicView = try await harness.result("public.results", M.PublicResultsQuery(uscc: Fixture.entity3), decoding: M.PublicResults.self)
        #expect(publicView.results.count == 2)
        #expect(publicView.results.first { $0.resultId == original }?.correctedBy == correction.result.id)
        // A corrected result cannot be corrected twice: correct the correction instead
        let twice = try await harness.call(
            "results.correct", M.ResultCorrect(resultId: original, outcome: .noProblem, reason: "again"), as: Fixture.operatorOf(Fixture.market))
        #expect(twice.status == .failedPrecondition)
        #expect(twice.error?.details?["resultId"] == .string(correction.result.id))
        #expect(try await harness.events(topic: "inspection.result.corrected").count == 1)
    }
}
