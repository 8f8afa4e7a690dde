import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

/// Who may do what (DESIGN §3.4): assigned inspectors record for their own department's items, departments publish
/// only their own results, mutations need an actor.
@Suite struct PermissionTests {
    /// A joint task from planning, started, with market's item recorded and the task not yet submitted.
    func startedJointTask() async throws -> (ServiceHarness<InspectionService>, M.InspectionTask) {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-perm"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        _ = try await harness.result(
            "tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market), decoding: M.InspectionTask.self)
        return (harness, task)
    }

    @Test func mutationsWithoutAnActorAreUnauthenticated() async throws {
        let (harness, task) = try await startedJointTask()
        let record = try await harness.call("results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem), as: nil)
        #expect(record.status == .unauthenticated)
        let anonymous = try await harness.call("tasks.cancel", M.TaskCancel(taskId: task.id, reason: "x"), as: .anonymous)
        #expect(anonymous.status == .unauthenticated)
        let list = try await harness.call("tasks.list", M.TaskListQuery(), as: nil)
        #expect(list.status == .unauthenticated)
    }

    @Test func anInspectorNotAssignedToTheTaskCannotRecord() async throws {
        let (harness, task) = try await startedJointTask()
        let reply = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem),
            as: Fixture.inspector("m9", of: Fixture.market))
        #expect(reply.status == .permissionDenied)
        #expect(reply.error?.message.contains("not assigned") == true)
        // An assigned id claimed with another department is not the assigned inspector either
        let spoofed = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem),
            as: Fixture.inspector("m1", of: Fixture.health))
        #expect(spoofed.status == .permissionDenied)
    }

    @Test func anInspectorCannotRecordAnotherDepartmentsItem() async throws {
        let (harness, task) = try await startedJointTask()
        let reply = try await harness.call(
            "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem),
            as: Fixture.inspector("h1", of: Fixture.health))
        #expect(reply.status == .permissionDenied)
        #expect(reply.error?.message.contains("checked by \(Fixture.market)") == true)
    }

    @Test func operatorsAndAdminDoNotRecordResults() async throws {
        let (harness, task) = try await startedJointTask()
        for actor in [Fixture.operatorOf(Fixture.market), Fixture.admin, Fixture.auditor] {
            let reply = try await harness.call(
                "results.record", M.ResultRecord(taskId: task.id, item: Fixture.itemMarket, outcome: .noProblem), as: actor)
            #expect(reply.status == .permissionDenied, "\(actor.role)")
        }
    }

    @Test func aDepartmentCannotPublishAnotherDepartmentsResults() async throws {
        let (harness, task) = try await startedJointTask()
        for (id, dept, item) in [
            ("m1", Fixture.market, Fixture.itemMarket), ("h1", Fixture.health, Fixture.itemHealth), ("e1", Fixture.ecology, Fixture.itemEcology),
        ] {
            _ = try await harness.result(
                "results.record", M.ResultRecord(taskId: task.id, item: item, outcome: .noProblem), as: Fixture.inspector(id, of: dept),
                decoding: M.Result.self)
        }
        _ = try await harness.result(
            "tasks.submit", M.TaskRef(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market), decoding: M.InspectionTask.self)
        let foreign = try await harness.call(
            "results.publish", M.ResultPublish(taskId: task.id, dept: Fixture.health), as: Fixture.operatorOf(Fixture.market))
        #expect(foreign.status == .permissionDenied)
        let inspector = try await harness.call("results.publish", M.ResultPublish(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market))
        #expect(inspector.status == .permissionDenied)
        let outsider = try await harness.call("results.publish", M.ResultPublish(taskId: task.id), as: Fixture.operatorOf("hy-transport"))
        #expect(outsider.status == .permissionDenied)
        // Market's own publication goes through and publishes only market's result
        let own = try await harness.result(
            "results.publish", M.ResultPublish(taskId: task.id), as: Fixture.operatorOf(Fixture.market), decoding: M.Publication.self)
        #expect(own.published.count == 1)
        // And a published result is corrected only by its own department
        let results = try await harness.result("results.list", M.TaskRef(taskId: task.id), as: Fixture.auditor, decoding: M.ResultList.self)
        let marketResult = try #require(results.results.first { $0.dept == Fixture.market })
        let correction = M.ResultCorrect(resultId: marketResult.id, outcome: .noRelatedBusiness, reason: "business ceased before the visit")
        #expect(try await harness.call("results.correct", correction, as: Fixture.operatorOf(Fixture.health)).status == .permissionDenied)
    }

    @Test func tasksAreVisibleOnlyToTheirDepartmentsInspectorsAuditorsAndAdmin() async throws {
        let (harness, task) = try await startedJointTask()
        #expect(try await harness.call("tasks.get", M.TaskRef(taskId: task.id), as: Fixture.operatorOf("hy-transport")).status == .permissionDenied)
        #expect(
            try await harness.call("tasks.get", M.TaskRef(taskId: task.id), as: Fixture.inspector("x1", of: Fixture.market)).status
                == .permissionDenied)
        #expect(try await harness.call("tasks.get", M.TaskRef(taskId: task.id), as: Fixture.auditor).status == .ok)
        #expect(try await harness.call("tasks.get", M.TaskRef(taskId: task.id), as: Fixture.inspector("h2", of: Fixture.health)).status == .ok)
        let outsiderList = try await harness.result(
            "tasks.list", M.TaskListQuery(), as: Fixture.operatorOf("hy-transport"), decoding: M.TaskList.self)
        #expect(outsiderList.tasks.isEmpty)
        let inspectorList = try await harness.result(
            "tasks.list", M.TaskListQuery(), as: Fixture.inspector("e2", of: Fixture.ecology), decoding: M.TaskList.self)
        #expect(inspectorList.tasks.map(\.id) == [task.id])
    }

    @Test func auditorsReadButDoNotChange() async throws {
        let (harness, task) = try await startedJointTask()
        #expect(try await harness.call("tasks.submit", M.TaskRef(taskId: task.id), as: Fixture.auditor).status == .permissionDenied)
        #expect(try await harness.call("tasks.cancel", M.TaskCancel(taskId: task.id, reason: "x"), as: Fixture.auditor).status == .permissionDenied)
        #expect(try await harness.call("audit.verify", SystemMessages.Empty(), as: Fixture.auditor).status == .ok)
        #expect(try await harness.call("audit.verify", SystemMessages.Empty(), as: Fixture.operatorOf(Fixture.market)).status == .permissionDenied)
    }

    @Test func onlyTheLeadDepartmentOrAdminCancels() async throws {
        let (harness, task) = try await startedJointTask()
        #expect(task.leadDept == Fixture.market)
        #expect(
            try await harness.call("tasks.cancel", M.TaskCancel(taskId: task.id, reason: "x"), as: Fixture.operatorOf(Fixture.health)).status
                == .permissionDenied)
        #expect(
            try await harness.call("tasks.cancel", M.TaskCancel(taskId: task.id, reason: "coordination decision"), as: Fixture.admin).status == .ok)
    }

    @Test func anOperatorCreatesCampaignsOnlyForTheirOwnDepartment() async throws {
        let harness = try Fixture.harness()
        let params = M.TaskCreate(
            source: .campaign, campaign: "c", uscc: Fixture.entity, items: [.init(code: Fixture.itemMarket)], window: Fixture.window,
            leadDept: Fixture.health)
        #expect(try await harness.call("tasks.create", params, as: Fixture.operatorOf(Fixture.market)).status == .permissionDenied)
        #expect(try await harness.call("tasks.create", params, as: Fixture.inspector("m1", of: Fixture.market)).status == .permissionDenied)
    }

    @Test func publicResultsNeedNoActor() async throws {
        let harness = try Fixture.harness()
        let reply = try await harness.call("public.results", M.PublicResultsQuery(uscc: Fixture.entity), as: nil)
        #expect(reply.status == .ok)
        let bad = try await harness.call("public.results", M.PublicResultsQuery(uscc: "123"), as: nil)
        #expect(bad.status == .invalidArgument)
    }
}
