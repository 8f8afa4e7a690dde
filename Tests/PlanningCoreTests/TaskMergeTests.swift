import JGTesting
import Messages
import PlanningCore
import Testing

/// Joint tasks (进一次门、查多项事): entities drawn by several plans in one window become one visit.
@Suite struct TaskMergeTests {
    @Test func mergeListsEverythingOnceAndCountsTheVisitsSaved() {
        let window = PlanningMessages.Window(start: "2025-04-01", end: "2025-06-30")
        let a = PlanningMessages.InspectorRef(id: "A1", dept: "market")
        let b = PlanningMessages.InspectorRef(id: "B1", dept: "health")
        let visits = [
            DrawnVisit(planId: "P2", entityId: "E1", items: ["I2"], depts: ["health"], inspectors: [b], window: .init(start: "2025-05-01", end: "2025-05-31")),
            DrawnVisit(planId: "P1", entityId: "E1", items: ["I1"], depts: ["market", "fire"], inspectors: [a, b], window: .init(start: "2025-03-01", end: "2025-04-30")),
            DrawnVisit(planId: "P1", entityId: "E2", items: ["I1"], depts: ["market", "fire"], inspectors: [a], window: .init(start: "2025-03-01", end: "2025-04-30")),
        ]
        let merge = TaskMerge.merge(visits, window: window)
        #expect(merge.visits == 3)
        #expect(merge.visitsSaved == 1)
        #expect(merge.tasks.count == 2)
        let joint = merge.tasks[0]
        #expect(joint.uscc == "E1")
        #expect(joint.planIds == ["P1", "P2"])
        #expect(joint.items == ["I1", "I2"])
        #expect(joint.depts == ["fire", "health", "market"])
        #expect(joint.inspectors == [a, b])
        #expect(joint.window == .init(start: "2025-04-01", end: "2025-05-31"))
        // Without lead departments (old callers) no item is paired with a department.
        #expect(joint.itemDepts == nil)
    }

    /// Each item is checked by the lead department of the plan that drew it, whatever the alphabetical order of
    /// items and departments: gas (HY-2025-04, hy-urban) and slaughter (HY-2025-09, hy-agri) must not pair by position.
    @Test func eachItemIsCheckedByTheLeadDepartmentOfItsPlan() {
        let window = PlanningMessages.Window(start: "2025-04-01", end: "2025-06-30")
        let visits = [
            DrawnVisit(planId: "P1", entityId: "E1", items: ["HY-2025-04"], depts: ["hy-urban"], inspectors: [], window: window, leadDept: "hy-urban"),
            DrawnVisit(planId: "P2", entityId: "E1", items: ["HY-2025-09"], depts: ["hy-agri"], inspectors: [], window: window, leadDept: "hy-agri"),
        ]
        let task = TaskMerge.merge(visits, window: window).tasks[0]
        #expect(task.items == ["HY-2025-04", "HY-2025-09"])
        #expect(task.depts == ["hy-agri", "hy-urban"])
        #expect(task.itemDepts == [.init(code: "HY-2025-04", dept: "hy-urban"), .init(code: "HY-2025-09", dept: "hy-agri")])
        let event = PlanningMessages.TaskIssued(taskId: "T2025-000001", task: task)
        #expect(event.items == [.init(code: "HY-2025-04", dept: "hy-urban"), .init(code: "HY-2025-09", dept: "hy-agri")])
    }

    /// Two departments' plans draw the whole of a shared pool of 8: 16 visits become 8 joint tasks.
    @Test func issuingSavesTheVisitsThePreviewClaimsAndIssuesEachTaskOnce() async throws {
        let ids = Fixture.ids(8)
        let harness = try Fixture(entities: ids, items: [Fixture.gas, Fixture.food]).harness()
        let gasPlan = try await harness.approvedPlan(.gas(sampling: .init(count: 8)))
        let foodPlan = try await harness.approvedPlan(
            .gas(sampling: .init(count: 8), items: [Fixture.food], lead: "hy-health", cooperating: [], window: .init(start: "2025-05-01", end: "2025-07-31")),
            by: Actors.health)
        _ = try await harness.draw(gasPlan)
        _ = try await harness.draw(foodPlan, by: Actors.health)
        // A plan in another window stays out.
        let later = try await harness.approvedPlan(.gas(sampling: .init(count: 3), window: .init(start: "2025-10-01", end: "2025-12-31")))
        _ = try await harness.draw(later, seeds: [[5]])

        let window = PlanningMessages.TaskWindowRequest(window: .init(start: "2025-04-01", end: "2025-06-30"))
        let preview = try await harness.result("tasks.preview", window, as: Actors.admin, decoding: PlanningMessages.TaskMergeResult.self)
        #expect(preview.visits == 16)
        #expect(preview.tasks.count == 8)
        #expect(preview.visitsSaved == 8)
        #expect(preview.tasks.allSatisfy { $0.taskId == nil && $0.planIds == [gasPlan, foodPlan] && $0.items == [Fixture.gas, Fixture.food] })
        #expect(preview.tasks.allSatisfy { $0.depts == ["hy-fire", "hy-health", "hy-market"] && $0.inspectors.count >= 2 })

        let denied = try await harness.call("tasks.issue", window, as: Actors.market)
        #expect(denied.status == .permissionDenied)
        let issued = try await harness.result("tasks.issue", window, as: Actors.admin, decoding: PlanningMessages.TaskMergeResult.self)
        #expect(issued.tasks.count == 8)
        #expect(issued.visitsSaved == 8)
        #expect(issued.tasks.map(\.taskId) == (1...8).map { "T2025-00000\($0)" })
        let events = try await harness.events(topic: "planning.task.issued")
        #expect(events.count == 8)
        let first = try #require(events.first).event
        #expect(first["source"] == "plan")
        #expect(first["uscc"] == .string(ids[0]))
        #expect(first["window"]?["start"] == "2025-05-01")
        #expect(first["window"]?["end"] == "2025-06-30")
        #expect(first["planIds"] == .array([.string(gasPlan), .string(foodPlan)]))
        // Inspection learns which department checks which item (the plans' lead departments), not a positional guess.
        #expect(first["items"] == [["code": .string(Fixture.gas), "dept": "hy-market"], ["code": .string(Fixture.food), "dept": "hy-health"]])

        // Issuing again finds nothing open; the issued plan can no longer be cancelled.
        let again = try await harness.result("tasks.issue", window, as: Actors.admin, decoding: PlanningMessages.TaskMergeResult.self, id: "second")
        #expect(again.tasks.isEmpty)
        #expect(try await harness.events(topic: "planning.task.issued").count == 8)
        let cancel = try await harness.call("plans.cancel", PlanningMessages.PlanAction(planId: gasPlan, note: "x"), as: Actors.market)
        #expect(cancel.status == .failedPrecondition)
        let listed = try await harness.result("tasks.list", PlanningMessages.TaskFilter(planId: foodPlan), as: Actors.auditor, decoding: PlanningMessages.TaskList.self)
        #expect(listed.tasks.count == 8)
        // The stored task keeps who checks what, as the event said.
        #expect(listed.tasks.allSatisfy { $0.itemDepts == [.init(code: Fixture.gas, dept: "hy-market"), .init(code: Fixture.food, dept: "hy-health")] })
    }
}
