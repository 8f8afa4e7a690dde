import Foundation
import GRDB
import InspectionCore
import JGTesting
import Messages
import Testing

/// Tasks from planning, warnings, clues and campaigns; each scheduled exactly once.
@Suite struct TaskIntakeTests {
    @Test func aDuplicatePlanningEventCreatesOneTask() async throws {
        let harness = try Fixture.harness()
        let event = try Fixture.planEvent(seq: 1, taskId: "plan-dup")
        #expect(try await harness.deliver(event) == .applied)
        // The same seq delivered twice: the inbox cursor drops it
        #expect(try await harness.deliver(event) == .duplicate)
        // The same planning taskId under a new seq (planning re-issued it): the source reference drops it
        #expect(try await harness.deliver(Fixture.planEvent(seq: 2, taskId: "plan-dup")) == .applied)
        let list = try await harness.result("tasks.list", M.TaskListQuery(source: .plan), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(list.tasks.count == 1)
        let creates = try await harness.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE action = 'create'") }
        #expect(creates == 1)
        #expect(try await harness.database.inboxCursors()["planning"] == 2)
    }

    @Test func aMalformedPlanningEventIsSkippedWithoutBlockingTheNextOne() async throws {
        let harness = try Fixture.harness()
        let bad = EventEnvelope(
            source: "planning", seq: 1, topic: "planning.task.issued", at: Wire.timestamp(Date()), traceId: nil,
            event: ["taskId": "t-bad", "uscc": "not-a-uscc", "items": ["HY-2025-01"], "window": ["start": "2025-01-01", "end": "2025-01-31"]])
        #expect(try await harness.deliver(bad) == .applied)
        #expect(try await harness.deliver(Fixture.planEvent(seq: 2, taskId: "plan-good")) == .applied)
        let list = try await harness.result("tasks.list", M.TaskListQuery(), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(list.tasks.map(\.sourceRef) == ["plan-good"])
    }

    @Test func bareItemCodesPairWithDepartmentsByPosition() async throws {
        let harness = try Fixture.harness()
        let payload: JSONValue = [
            "taskId": "plan-bare", "planIds": ["p1"], "uscc": .string(Fixture.entity),
            "items": [.string(Fixture.itemMarket), .string(Fixture.itemHealth)],
            "depts": [.string(Fixture.market), .string(Fixture.health)], "inspectors": [["id": "m1", "dept": .string(Fixture.market)]],
            "window": ["start": .string(Fixture.day()), "end": .string(Fixture.day(5))], "source": "plan",
        ]
        try await harness.deliver(
            EventEnvelope(source: "planning", seq: 1, topic: "planning.task.issued", at: Wire.timestamp(Date()), traceId: nil, event: payload))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        #expect(task.items.map(\.dept) == [Fixture.market, Fixture.health])
        #expect(task.origin["planIds"] == ["p1"])
    }

    @Test func aWarningRequestBecomesATaskOnceWithADefaultWindow() async throws {
        let harness = try Fixture.harness()
        let event = try Fixture.warningEvent(seq: 1, requestId: "jir-9", uscc: Fixture.entity, items: Fixture.jointItems)
        try await harness.deliver(event)
        try await harness.deliver(Fixture.warningEvent(seq: 2, requestId: "jir-9", uscc: Fixture.entity, items: Fixture.jointItems))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        #expect(task.source == .warning)
        #expect(task.sourceRef == "jir-9")
        #expect(task.origin["warningId"] == "w-1")
        #expect(task.window.start == Fixture.day())
        #expect(task.window.end == Fixture.day(30))
        #expect(task.inspectors.isEmpty)
        // Inspectors are assigned afterwards by each department
        let updated = try await harness.result(
            "tasks.reassign", M.TaskReassign(taskId: task.id, add: .init(id: "h7", dept: Fixture.health), reason: "assigned after the warning"),
            as: Fixture.operatorOf(Fixture.health), decoding: M.InspectionTask.self)
        #expect(updated.inspectors.map(\.id) == ["h7"])
    }

    @Test func aClueReferralCreatesOneTaskPerClue() async throws {
        let harness = try Fixture.harness()
        let referral = Actor.service("referral")
        let params = M.TaskCreate(
            source: .clue, clueId: "clue-42", uscc: Fixture.entity, items: [.init(code: Fixture.itemHealth)],
            inspectors: [.init(id: "h1", dept: Fixture.health)], window: Fixture.window, leadDept: Fixture.health, reason: "12345 hotline report")
        let task = try await harness.result("tasks.create", params, as: referral, decoding: M.InspectionTask.self)
        #expect(task.source == .clue)
        #expect(task.sourceRef == "clue-42")
        #expect(task.leadDept == Fixture.health)
        #expect(task.items.first?.dept == Fixture.health)
        let again = try await harness.call("tasks.create", params, as: referral)
        #expect(again.status == .alreadyExists)
        #expect(again.error?.details?["taskId"] == .string(task.id))
        // Without a clueId it is refused naming the field
        var missing = params
        missing.clueId = nil
        #expect(try await harness.call("tasks.create", missing, as: referral).error?.details?["field"] == "params.clueId")
    }

    /// Items may be bare codes or objects, `item` standing for `code`; a misspelt key in an object is refused (a
    /// `dpet` would otherwise leave the item to the lead department).
    @Test func anItemObjectWithAnUnknownKeyIsRefusedByIndex() async throws {
        let harness = try Fixture.harness()
        func params(_ items: JSONValue) throws -> JSONValue {
            [
                "source": "campaign", "campaign": "c", "uscc": .string(Fixture.entity), "items": items,
                "window": try JSONValue(encoding: Fixture.window), "leadDept": .string(Fixture.market),
            ]
        }
        let misspelt = try await harness.call(
            "tasks.create",
            try params([.string(Fixture.itemMarket), ["item": .string(Fixture.itemHealth), "dpet": .string(Fixture.health)]]),
            as: Fixture.admin)
        #expect(misspelt.status == .invalidArgument)
        #expect(misspelt.error?.details?["field"] == "params.items[1].dpet")
        #expect(misspelt.error?.message.hasPrefix("params.items[1].dpet is not a field of items[1] (did you mean dpet → dept?); it takes code, item, dept, leadDept") == true)
        let task = try await harness.result(
            "tasks.create", try params([.string(Fixture.itemMarket), ["item": .string(Fixture.itemHealth), "dept": .string(Fixture.health)]]),
            as: Fixture.admin, decoding: M.InspectionTask.self)
        #expect(task.items.map(\.dept) == [Fixture.market, Fixture.health])
    }

    @Test func aRetriedRequestIsAnsweredFromTheFirstReply() async throws {
        let harness = try Fixture.harness()
        let params = M.TaskCreate(
            source: .campaign, campaign: "c", uscc: Fixture.entity, items: [.init(code: Fixture.itemMarket)], window: Fixture.window)
        let first = try await harness.result(
            "tasks.create", params, as: Fixture.operatorOf(Fixture.market), decoding: M.InspectionTask.self, id: "req-1")
        let second = try await harness.result(
            "tasks.create", params, as: Fixture.operatorOf(Fixture.market), decoding: M.InspectionTask.self, id: "req-1")
        #expect(first.id == second.id)
        let list = try await harness.result("tasks.list", M.TaskListQuery(), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(list.tasks.count == 1)
    }

    @Test func badWindowsAndUSCCsAreRefusedNamingTheField() async throws {
        let harness = try Fixture.harness()
        let backwards = M.TaskCreate(
            source: .campaign, campaign: "c", uscc: Fixture.entity, items: [.init(code: Fixture.itemMarket)],
            window: .init(start: Fixture.day(5), end: Fixture.day()))
        #expect(try await harness.call("tasks.create", backwards, as: Fixture.operatorOf(Fixture.market)).error?.details?["field"] == "params.window")
        var badUSCC = backwards
        badUSCC.window = Fixture.window
        badUSCC.uscc = "91411626MA9F000019"
        #expect(try await harness.call("tasks.create", badUSCC, as: Fixture.operatorOf(Fixture.market)).error?.details?["field"] == "params.uscc")
    }

    @Test func tasksListFiltersByDepartmentInspectorEntityStatusAndWindow() async throws {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "p-1", uscc: Fixture.entity))
        try await harness.deliver(
            Fixture.planEvent(
                seq: 2, taskId: "p-2", uscc: Fixture.entity2, items: [.init(code: Fixture.itemHealth, dept: Fixture.health)],
                inspectors: [.init(id: "h1", dept: Fixture.health)]))
        let byDept = try await harness.result("tasks.list", M.TaskListQuery(dept: Fixture.ecology), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(byDept.tasks.map(\.sourceRef) == ["p-1"])
        let byInspector = try await harness.result("tasks.list", M.TaskListQuery(inspector: "h1"), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(byInspector.tasks.count == 2)
        let byEntity = try await harness.result("tasks.list", M.TaskListQuery(uscc: Fixture.entity2), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(byEntity.tasks.map(\.sourceRef) == ["p-2"])
        let byStatus = try await harness.result("tasks.list", M.TaskListQuery(status: .inProgress), as: Fixture.admin, decoding: M.TaskList.self)
        #expect(byStatus.tasks.isEmpty)
        let later = M.Window(start: Fixture.day(60), end: Fixture.day(90))
        #expect(try await harness.result("tasks.list", M.TaskListQuery(window: later), as: Fixture.admin, decoding: M.TaskList.self).tasks.isEmpty)
        let overlapping = M.Window(start: Fixture.day(10), end: Fixture.day(12))
        #expect(
            try await harness.result("tasks.list", M.TaskListQuery(window: overlapping), as: Fixture.admin, decoding: M.TaskList.self).tasks.count
                == 2)
    }
}
