import Messages

/// One drawn entity of one plan, before merging: one visit if it were issued alone.
public struct DrawnVisit: Sendable, Hashable {
    public var planId: String
    public var entityId: String
    public var items: [String]
    public var depts: [String]
    public var inspectors: [PlanningMessages.InspectorRef]
    public var window: PlanningMessages.Window
    /// The plan's lead department, which checks the plan's items on the visit.
    public var leadDept: String?

    public init(
        planId: String, entityId: String, items: [String], depts: [String], inspectors: [PlanningMessages.InspectorRef],
        window: PlanningMessages.Window, leadDept: String? = nil
    ) {
        self.planId = planId
        self.entityId = entityId
        self.items = items
        self.depts = depts
        self.inspectors = inspectors
        self.window = window
        self.leadDept = leadDept
    }
}

/// 进一次门、查多项事: within one window, every entity drawn by several plans or departments becomes one joint task
/// listing all its plans, items, departments and inspectors.
public enum TaskMerge {
    /// Tasks in ascending entity id; plans, items and departments ascending; inspectors in plan order, each once.
    /// A task's window is the days its plans' windows share within the requested one, or when they share none, the
    /// requested window narrowed to their span.
    public static func merge(_ visits: [DrawnVisit], window: PlanningMessages.Window) -> PlanningMessages.TaskMergeResult {
        var byEntity: [String: [DrawnVisit]] = [:]
        for visit in visits { byEntity[visit.entityId, default: []].append(visit) }
        var tasks: [PlanningMessages.JointTask] = []
        tasks.reserveCapacity(byEntity.count)
        for entity in byEntity.keys.sorted(by: Digests.utf8Precedes) {
            let group = (byEntity[entity] ?? []).sorted { Digests.utf8Precedes($0.planId, $1.planId) }
            var inspectors: [PlanningMessages.InspectorRef] = []
            var seen = Set<String>()
            for visit in group {
                for inspector in visit.inspectors where seen.insert(inspector.id).inserted { inspectors.append(inspector) }
            }
            // When the plans share days inside the window, the visit falls on them; otherwise on their span.
            var start = max(window.start, group.map(\.window.start).max() ?? window.start)
            var end = min(window.end, group.map(\.window.end).min() ?? window.end)
            if start > end {
                start = max(window.start, group.map(\.window.start).min() ?? window.start)
                end = min(window.end, group.map(\.window.end).max() ?? window.end)
            }
            // Each item is checked by the lead department of the first plan (by id) that drew the entity for it.
            let items = sortedUnique(group.flatMap(\.items))
            let itemDepts = items.compactMap { item in
                group.first { $0.items.contains(item) }?.leadDept.map { PlanningMessages.TaskItem(code: item, dept: $0) }
            }
            tasks.append(
                .init(
                    taskId: nil, planIds: sortedUnique(group.map(\.planId)), uscc: entity, items: items,
                    depts: sortedUnique(group.flatMap(\.depts)), inspectors: inspectors, window: .init(start: start, end: end),
                    itemDepts: itemDepts.isEmpty ? nil : itemDepts))
        }
        return .init(window: window, tasks: tasks, visits: visits.count, visitsSaved: visits.count - tasks.count)
    }

    static func sortedUnique(_ values: [String]) -> [String] {
        Array(Set(values)).sorted(by: Digests.utf8Precedes)
    }
}
