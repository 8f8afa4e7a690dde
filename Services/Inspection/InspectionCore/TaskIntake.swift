import Foundation
import Messages

/// A task about to be scheduled, whatever its source.
struct TaskDraft: Sendable {
    struct Item: Sendable, Hashable {
        var code: String
        /// The department that checks it; nil = any participating department (the source did not say).
        var dept: String?
        var leadDept: String?
        var recognisedResultId: String?
    }

    var id: String
    var source: InspectionMessages.TaskSource
    var sourceRef: String?
    var uscc: String
    var leadDept: String?
    var depts: [String]
    var items: [Item]
    var inspectors: [InspectionMessages.InspectorRef]
    var window: InspectionMessages.Window
    var origin: JSONValue
}

/// Turns each source's input (planning event, warning event, `tasks.create`, a re-check) into a `TaskDraft`, with
/// the same validation for all.
///
/// Item → department: an item object names its `dept`; a bare code takes the task's only department, or the
/// department at the same position when `depts` lists exactly one per item; otherwise it stays open (any
/// participating department's inspector may record it).
enum TaskIntake {
    typealias M = InspectionMessages

    static func newId() -> String { "task-" + TimeOrderedID.make() }

    static func fromPlan(_ event: M.PlanningTaskIssued) throws -> TaskDraft {
        try require(event.taskId, "event.taskId")
        var origin: [String: JSONValue] = ["planningTaskId": .string(event.taskId)]
        if let plans = event.planIds { origin["planIds"] = .array(plans.map(JSONValue.string)) }
        return try draft(
            source: .plan, sourceRef: event.taskId, uscc: event.uscc, items: event.items, depts: event.depts ?? [],
            inspectors: event.inspectors ?? [],
            window: event.window, leadDept: nil, origin: .object(origin), prefix: "event")
    }

    static func fromWarning(_ event: M.JointInspectionRequested, today: String, defaultDays: Int) throws -> TaskDraft {
        try require(event.requestId, "event.requestId")
        let window = event.window ?? M.Window(start: today, end: InspectionCalendar.adding(defaultDays, to: today) ?? today)
        var origin: [String: JSONValue] = ["requestId": .string(event.requestId)]
        if let warning = event.warningId { origin["warningId"] = .string(warning) }
        if let reason = event.reason { origin["reason"] = .string(reason) }
        return try draft(
            source: .warning, sourceRef: event.requestId, uscc: event.uscc, items: event.items, depts: event.depts ?? [], inspectors: [],
            window: window, leadDept: nil, origin: .object(origin), prefix: "event")
    }

    /// `tasks.create` (clue or campaign); `leadDept` is the department the caller acts for.
    static func fromRequest(_ params: M.TaskCreate, leadDept: String) throws -> TaskDraft {
        var origin: [String: JSONValue] = [:]
        let sourceRef: String?
        switch params.source {
        case .clue:
            guard let clue = params.clueId, !clue.isEmpty else {
                throw InspectionError.invalidArgument(
                    field: "params.clueId", "a task from a clue needs params.clueId (the referral clue it verifies)")
            }
            sourceRef = clue
            origin["clueId"] = .string(clue)
        case .campaign:
            guard let name = params.campaign, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InspectionError.invalidArgument(field: "params.campaign", "a special campaign task needs params.campaign, the campaign's name")
            }
            sourceRef = nil
            origin["campaign"] = .string(name)
        case .plan, .warning, .recheck:
            throw InspectionError.invalidArgument(
                field: "params.source",
                "tasks.create makes tasks from a clue or a campaign; \(params.source.rawValue) tasks come from their events or from publication")
        }
        if let reason = params.reason { origin["reason"] = .string(reason) }
        var depts = params.depts ?? []
        if !depts.contains(leadDept) { depts.insert(leadDept, at: 0) }
        let items = params.items.map { spec in
            var spec = spec
            if spec.dept == nil, params.depts == nil { spec.dept = leadDept }
            return spec
        }
        return try draft(
            source: params.source, sourceRef: sourceRef, uscc: params.uscc, items: items, depts: depts, inspectors: params.inspectors ?? [],
            window: params.window, leadDept: leadDept, origin: .object(origin), prefix: "params")
    }

    /// The re-check of an ordered-to-correct result: same entity, item and department, the inspectors who signed,
    /// from the deadline for `windowDays`.
    static func recheck(of result: M.Result, leadDept: String?, inspectors: [M.InspectorRef], windowDays: Int) throws -> TaskDraft {
        guard let deadline = result.deadline else {
            throw InspectionError.failedPrecondition("result \(result.id) has no deadline, so no re-check can be scheduled")
        }
        let end = InspectionCalendar.adding(windowDays, to: deadline) ?? deadline
        return TaskDraft(
            id: newId(), source: .recheck, sourceRef: result.id, uscc: result.uscc, leadDept: result.dept, depts: [result.dept],
            items: [TaskDraft.Item(code: result.item, dept: result.dept, leadDept: leadDept ?? result.dept)], inspectors: inspectors,
            window: M.Window(start: deadline, end: end),
            origin: ["resultId": .string(result.id), "taskId": .string(result.taskId), "deadline": .string(deadline)])
    }

    // MARK: Shared validation

    static func draft(
        source: M.TaskSource, sourceRef: String?, uscc: String, items specs: [M.TaskItemSpec], depts given: [String], inspectors: [M.InspectorRef],
        window: M.Window, leadDept: String?, origin: JSONValue, prefix: String
    ) throws -> TaskDraft {
        try USCC.validate(uscc, field: "\(prefix).uscc")
        guard !specs.isEmpty else { throw InspectionError.missing("\(prefix).items") }
        let window = try validated(window, field: "\(prefix).window")
        let pairByPosition = given.count == specs.count && specs.allSatisfy { $0.dept == nil }
        var seen = Set<String>()
        var items: [TaskDraft.Item] = []
        for (index, spec) in specs.enumerated() {
            let code = spec.code.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw InspectionError.missing("\(prefix).items[\(index)].code") }
            guard seen.insert(code).inserted else {
                throw InspectionError.invalidArgument(field: "\(prefix).items[\(index)]", "item \(code) is listed twice; list each item once")
            }
            let dept = spec.dept ?? (given.count == 1 ? given[0] : (pairByPosition ? given[index] : nil))
            items.append(TaskDraft.Item(code: code, dept: dept, leadDept: spec.leadDept ?? dept))
        }
        var inspectorIds = Set<String>()
        for (index, inspector) in inspectors.enumerated() {
            guard !inspector.id.isEmpty, !inspector.dept.isEmpty else {
                throw InspectionError.invalidArgument(field: "\(prefix).inspectors[\(index)]", "each inspector needs an id and a dept")
            }
            guard inspectorIds.insert(inspector.id).inserted else {
                throw InspectionError.invalidArgument(field: "\(prefix).inspectors[\(index)]", "inspector \(inspector.id) is listed twice")
            }
        }
        var depts: [String] = []
        for dept in [leadDept].compactMap({ $0 }) + given + items.compactMap(\.dept) + inspectors.map(\.dept)
        where !dept.isEmpty && !depts.contains(dept) {
            depts.append(dept)
        }
        return TaskDraft(
            id: newId(), source: source, sourceRef: sourceRef, uscc: uscc, leadDept: leadDept ?? depts.first, depts: depts, items: items,
            inspectors: inspectors, window: window, origin: origin)
    }

    static func validated(_ window: M.Window, field: String) throws -> M.Window {
        guard let start = InspectionCalendar.normalisedDay(window.start) else {
            throw InspectionError.invalidArgument(field: "\(field).start", "\(field).start \(window.start.debugDescription) is not a YYYY-MM-DD day")
        }
        guard let end = InspectionCalendar.normalisedDay(window.end) else {
            throw InspectionError.invalidArgument(field: "\(field).end", "\(field).end \(window.end.debugDescription) is not a YYYY-MM-DD day")
        }
        guard start <= end else {
            throw InspectionError.invalidArgument(field: field, "\(field) ends (\(end)) before it starts (\(start))")
        }
        return M.Window(start: start, end: end)
    }

    private static func require(_ value: String, _ field: String) throws {
        if value.isEmpty { throw InspectionError.missing(field) }
    }
}
