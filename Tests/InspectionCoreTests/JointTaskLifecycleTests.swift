import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

/// The whole life of a joint task with three departments (进一次门、查多项事), from planning's event to closure.
@Suite struct JointTaskLifecycleTests {
    @Test func aJointTaskOfThreeDepartmentsRunsFromIssueToClosure() async throws {
        // Given a joint task issued by planning for three departments, each with one item and two inspectors
        let harness = try Fixture.harness()
        #expect(try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-task-1")) == .applied)
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        #expect(task.status == .scheduled)
        #expect(task.source == .plan && task.sourceRef == "plan-task-1")
        #expect(task.depts == [Fixture.market, Fixture.health, Fixture.ecology])
        #expect(task.items.map(\.dept) == [Fixture.market, Fixture.health, Fixture.ecology])
        #expect(task.inspectors.count == 6)

        // When the inspectors start, record every item, and submit
        let started = try await harness.result(
            "tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market), decoding: M.InspectionTask.self)
        #expect(started.status == .inProgress)
        let evidence = M.Evidence(sha256: String(repeating: "ab", count: 32), name: "photo-1.jpg")
        let market = try await harness.result(
            "results.record",
            M.ResultRecord(
                taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem, findings: "licences in order", evidence: [evidence], signedBy: ["m2"],
                internalNotes: "owner cooperative"),
            as: Fixture.inspector("m1", of: Fixture.market), decoding: M.Result.self)
        #expect(market.signedBy == ["m1", "m2"])
        #expect(market.dept == Fixture.market)
        let deadline = Fixture.day(10)
        _ = try await harness.result(
            "results.record",
            M.ResultRecord(
                taskId: task.id, item: Fixture.itemHealth, outcome: .orderedToCorrect, findings: "expired disinfectant", deadline: deadline,
                signedBy: ["h2"]),
            as: Fixture.inspector("h1", of: Fixture.health), decoding: M.Result.self)
        _ = try await harness.result(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemEcology, outcome: .noProblem),
            as: Fixture.inspector("e1", of: Fixture.ecology), decoding: M.Result.self)
        let submitted = try await harness.result(
            "tasks.submit", M.TaskRef(taskId: task.id), as: Fixture.operatorOf(Fixture.market), decoding: M.InspectionTask.self)
        #expect(submitted.status == .submitted)
        #expect(submitted.items.allSatisfy { $0.resultId != nil })

        // Then each department publishes its own results; the last publication closes the task
        let first = try await harness.result(
            "results.publish", M.ResultPublish(taskId: task.id), as: Fixture.operatorOf(Fixture.market), decoding: M.Publication.self)
        #expect(first.status == .published)
        #expect(first.published == [market.id])
        let second = try await harness.result(
            "results.publish", M.ResultPublish(taskId: task.id), as: Fixture.operatorOf(Fixture.health), decoding: M.Publication.self)
        #expect(second.status == .published)
        #expect(second.recheckTaskIds.count == 1)
        let third = try await harness.result(
            "results.publish", M.ResultPublish(taskId: task.id), as: Fixture.operatorOf(Fixture.ecology), decoding: M.Publication.self)
        #expect(third.status == .closed)

        // The events: one result.published per item, with exactly the agreed payload, and one task.closed
        let published = try await harness.events(topic: "inspection.result.published")
        #expect(published.count == 3)
        for event in published {
            guard case .object(let payload) = event.event else {
                Issue.record("payload is not an object")
                continue
            }
            #expect(Set(payload.keys) == ["uscc", "item", "dept", "outcome", "resultId", "taskId", "publishedAt", "year"])
            #expect(payload["uscc"] == .string(Fixture.entity))
            #expect(payload["taskId"] == .string(task.id))
        }
        #expect(published.compactMap { $0.event["outcome"]?.stringValue }.sorted() == ["noProblem", "noProblem", "orderedToCorrect"])
        let closed = try await harness.events(topic: "inspection.task.closed")
        #expect(closed.count == 1)
        #expect(closed.first?.event["status"] == "closed")
        #expect(closed.first?.event["sourceRef"] == "plan-task-1")

        // The public sees the three results without internal notes, inspectors or evidence
        let reply = try await harness.call("public.results", M.PublicResultsQuery(uscc: Fixture.entity))
        #expect(reply.status == .ok)
        let results = try #require(reply.result?["results"]?.arrayValue)
        #expect(results.count == 3)
        for result in results {
            guard case .object(let fields) = result else { continue }
            #expect(fields["internalNotes"] == nil && fields["signedBy"] == nil && fields["evidence"] == nil && fields["recordedBy"] == nil)
        }

        // The audit trail has every action in order, and the chain holds
        let audit = try await harness.result("audit.list", M.AuditListQuery(taskId: task.id), as: Fixture.auditor, decoding: M.AuditList.self)
        #expect(audit.entries.map(\.action) == ["create", "start", "record", "record", "record", "submit", "publish", "publish", "publish", "close"])
        #expect(audit.entries.first?.actor == M.AuditActor(role: "service", dept: "", user: "planning"))
        let verification = try await harness.result("audit.verify", SystemMessages.Empty(), as: Fixture.auditor, decoding: M.AuditVerification.self)
        #expect(verification.intact)
        #expect(verification.firstBroken == nil)
        #expect(verification.resultMismatches.isEmpty)

        // And the closed task shows it
        let final = try await harness.result(
            "tasks.get", M.TaskRef(taskId: task.id), as: Fixture.operatorOf(Fixture.health), decoding: M.InspectionTask.self)
        #expect(final.status == .closed && final.closedAt != nil)
    }

    @Test func anItemCanBeRecordedAgainUntilSubmitButNotAfter() async throws {
        let harness = try Fixture.harness()
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity4, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        let inspector = Fixture.inspector("hy-market-a", of: Fixture.market)
        _ = try await harness.result("tasks.start", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        let first = try await harness.result(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .cannotContact), as: inspector,
            decoding: M.Result.self)
        let second = try await harness.result(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem), as: inspector, decoding: M.Result.self)
        #expect(first.id == second.id)
        #expect(second.outcome == .noProblem)
        _ = try await harness.result("tasks.submit", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        let late = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .refused), as: inspector)
        #expect(late.status == .failedPrecondition)
    }

    @Test func recordingBeforeStartAndSubmittingWithMissingItemsAreRefusedWithWhatToDo() async throws {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-task-2"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        let inspector = Fixture.inspector("m1", of: Fixture.market)
        let early = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem), as: inspector)
        #expect(early.status == .failedPrecondition)
        #expect(early.error?.message.contains("tasks.start") == true)
        _ = try await harness.result("tasks.start", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        _ = try await harness.result(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem), as: inspector, decoding: M.Result.self)
        let submit = try await harness.call("tasks.submit", M.TaskRef(taskId: task.id), as: inspector)
        #expect(submit.status == .failedPrecondition)
        #expect(submit.error?.details?["missingItems"] == [.string(Fixture.itemHealth), .string(Fixture.itemEcology)])
    }

    @Test func anOrderedToCorrectResultNeedsADeadlineAndEvidenceMustBeSHA256() async throws {
        let harness = try Fixture.harness()
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity4, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        let inspector = Fixture.inspector("hy-market-a", of: Fixture.market)
        _ = try await harness.result("tasks.start", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        let noDeadline = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .orderedToCorrect, findings: "x"), as: inspector)
        #expect(noDeadline.status == .invalidArgument)
        #expect(noDeadline.error?.details?["field"] == "params.deadline")
        let badEvidence = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem, evidence: [.init(sha256: "abc")]),
            as: inspector)
        #expect(badEvidence.error?.details?["field"] == "params.evidence[0].sha256")
    }

    @Test func cancellingATaskKeepsTheReasonAndAnnouncesIt() async throws {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-task-3"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        let cancelled = try await harness.result(
            "tasks.cancel", M.TaskCancel(taskId: task.id, reason: "entity deregistered"), as: Fixture.operatorOf(Fixture.market),
            decoding: M.InspectionTask.self)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.cancelReason == "entity deregistered")
        let closed = try await harness.events(topic: "inspection.task.closed")
        #expect(closed.first?.event["status"] == "cancelled")
        #expect(closed.first?.event["reason"] == "entity deregistered")
        let again = try await harness.call("tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market))
        #expect(again.status == .failedPrecondition)
    }

    @Test func reassigningReplacesAnInspectorWithAReason() async throws {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-task-4"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        let updated = try await harness.result(
            "tasks.reassign",
            M.TaskReassign(taskId: task.id, remove: "m2", add: .init(id: "m3", dept: Fixture.market), reason: "m2 declared a conflict (回避)"),
            as: Fixture.operatorOf(Fixture.market), decoding: M.InspectionTask.self)
        #expect(updated.inspectors.first { $0.id == "m2" }?.active == false)
        #expect(updated.inspectors.first { $0.id == "m2" }?.removalReason == "m2 declared a conflict (回避)")
        #expect(updated.inspectors.first { $0.id == "m3" }?.active == true)
        // The replaced inspector may no longer record; the new one may
        _ = try await harness.result(
            "tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("m3", of: Fixture.market), decoding: M.InspectionTask.self)
        let old = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem),
            as: Fixture.inspector("m2", of: Fixture.market))
        #expect(old.status == .permissionDenied)
        // Another department's operator may not touch market's inspectors
        let foreign = try await harness.call(
            "tasks.reassign", M.TaskReassign(taskId: task.id, remove: "m1", reason: "x"), as: Fixture.operatorOf(Fixture.health))
        #expect(foreign.status == .permissionDenied)
        let audit = try await harness.result("audit.list", M.AuditListQuery(taskId: task.id), as: Fixture.admin, decoding: M.AuditList.self)
        #expect(audit.entries.map(\.action).contains("reassign"))
    }
}
