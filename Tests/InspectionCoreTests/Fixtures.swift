import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

typealias M = InspectionMessages

/// Shared actors, entities and helpers for the inspection tests.
enum Fixture {
    // USCCs with valid GB 32100 check characters (computed with the standard's weights in Python).
    static let entity = "91411626MA9F000018"
    static let entity2 = "91411626MA9F00002B"
    static let entity3 = "91411626MA9F00003E"
    static let entity4 = "92411626MA9F00004E"
    static let entity5 = "91411626MA9F00005L"

    static let market = "hy-market"
    static let health = "hy-health"
    static let ecology = "hy-ecology"

    static let itemMarket = "HY-2025-01"
    static let itemHealth = "HY-2025-02"
    static let itemEcology = "HY-2025-03"

    static let admin = Actor(dept: "hy-office", user: "office-1", role: .admin)
    static let auditor = Actor(user: "audit-1", role: .auditor)
    static func operatorOf(_ dept: String) -> Actor { Actor(dept: dept, user: "op-\(dept)", role: .operator) }
    static func inspector(_ id: String, of dept: String) -> Actor { Actor(dept: dept, user: id, role: .inspector) }

    static let jointItems = [
        M.TaskItemSpec(code: itemMarket, dept: market), M.TaskItemSpec(code: itemHealth, dept: health),
        M.TaskItemSpec(code: itemEcology, dept: ecology),
    ]
    static let jointInspectors = [
        M.InspectorRef(id: "m1", dept: market), M.InspectorRef(id: "m2", dept: market), M.InspectorRef(id: "h1", dept: health),
        M.InspectorRef(id: "h2", dept: health), M.InspectorRef(id: "e1", dept: ecology), M.InspectorRef(id: "e2", dept: ecology),
    ]

    static func harness(_ environment: [String: String] = [:]) throws -> ServiceHarness<InspectionService> {
        try ServiceHarness<InspectionService>(environment: ["JG_INSPECTION_CLUE_SINK": "memory"].merging(environment) { _, new in new })
    }

    static func sink(_ harness: ServiceHarness<InspectionService>) throws -> InMemoryClueSink {
        try #require(harness.core.clueSink as? InMemoryClueSink)
    }

    /// A calendar day (China Standard Time) `offset` days from today.
    static func day(_ offset: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3_600) ?? .gmt
        let date = calendar.date(byAdding: .day, value: offset, to: Date()) ?? Date()
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static var window: M.Window { M.Window(start: day(), end: day(30)) }

    static func planEvent(
        seq: Int64, taskId: String, uscc: String = entity, items: [M.TaskItemSpec] = jointItems, inspectors: [M.InspectorRef] = jointInspectors
    ) throws -> EventEnvelope {
        let payload = M.PlanningTaskIssued(
            taskId: taskId, planIds: ["plan-2025-1"], uscc: uscc, items: items, depts: items.compactMap(\.dept), inspectors: inspectors,
            window: window, source: "plan")
        return EventEnvelope(
            source: "planning", seq: seq, topic: "planning.task.issued", at: Wire.timestamp(Date()), traceId: nil,
            event: try JSONValue(encoding: payload))
    }

    static func warningEvent(seq: Int64, requestId: String, uscc: String, items: [M.TaskItemSpec]) throws -> EventEnvelope {
        let payload = M.JointInspectionRequested(
            requestId: requestId, warningId: "w-1", uscc: uscc, items: items, depts: nil, reason: "signals converge")
        return EventEnvelope(
            source: "warning", seq: seq, topic: "warning.joint_inspection.requested", at: Wire.timestamp(Date()), traceId: nil,
            event: try JSONValue(encoding: payload))
    }

    /// The only task of an entity (fails the test if there is not exactly one).
    static func onlyTask(_ harness: ServiceHarness<InspectionService>, uscc: String) async throws -> M.InspectionTask {
        let list = try await harness.result("tasks.list", M.TaskListQuery(uscc: uscc), as: admin, decoding: M.TaskList.self)
        try #require(list.tasks.count == 1, "expected one task for \(uscc), found \(list.tasks.count)")
        return list.tasks[0]
    }

    /// A one-department special campaign task for `uscc`, created by that department's operator, with inspectors `<dept>-a`, `<dept>-b`.
    static func campaign(
        _ harness: ServiceHarness<InspectionService>, uscc: String, dept: String, items: [M.TaskItemSpec], name: String = "2025 spring campaign"
    ) async throws -> M.InspectionTask {
        let params = M.TaskCreate(
            source: .campaign, campaign: name, uscc: uscc, items: items,
            inspectors: [M.InspectorRef(id: "\(dept)-a", dept: dept), M.InspectorRef(id: "\(dept)-b", dept: dept)], window: window)
        return try await harness.result("tasks.create", params, as: operatorOf(dept), decoding: M.InspectionTask.self)
    }

    /// Starts a task, records `outcome` for each item by its department's first inspector, submits and publishes.
    @discardableResult
    static func runCampaign(
        _ harness: ServiceHarness<InspectionService>, task: M.InspectionTask, dept: String, outcome: M.Outcome, deadline: String? = nil,
        findings: String? = "checked on site"
    ) async throws -> [M.Publication] {
        let inspector = inspector("\(dept)-a", of: dept)
        _ = try await harness.result("tasks.start", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        for item in task.items where item.recognisedResultId == nil {
            let record = M.ResultRecord(
                taskId: task.id, item: item.item, outcome: outcome, findings: findings, deadline: deadline, signedBy: ["\(dept)-b"])
            _ = try await harness.result("results.record", record, as: inspector, decoding: M.Result.self)
        }
        _ = try await harness.result("tasks.submit", M.TaskRef(taskId: task.id), as: inspector, decoding: M.InspectionTask.self)
        let publication = try await harness.result(
            "results.publish", M.ResultPublish(taskId: task.id), as: operatorOf(dept), decoding: M.Publication.self)
        return [publication]
    }
}
