import Foundation
import GRDB
import Messages

/// The stored head of a task (the `tasks` row).
struct TaskRecord: Sendable {
    var id: String
    var source: InspectionMessages.TaskSource
    var sourceRef: String?
    var uscc: String
    var leadDept: String?
    var status: InspectionMessages.TaskStatus
    var window: InspectionMessages.Window
    var origin: String
    var cancelReason: String?
    var createdAt: String
    var startedAt: String?
    var submittedAt: String?
    var closedAt: String?

    init(row: Row) throws {
        id = row["id"]
        let sourceText: String = row["source"]
        let statusText: String = row["status"]
        guard let source = InspectionMessages.TaskSource(rawValue: sourceText), let status = InspectionMessages.TaskStatus(rawValue: statusText)
        else {
            throw StoreCorruption(
                message: "task \(row["id"] as String) has source \(sourceText) / status \(statusText), which this version does not know")
        }
        self.source = source
        self.status = status
        sourceRef = row["source_ref"]
        uscc = row["uscc"]
        leadDept = row["lead_dept"]
        window = InspectionMessages.Window(start: row["window_start"], end: row["window_end"])
        origin = row["origin"]
        cancelReason = row["cancel_reason"]
        createdAt = row["created_at"]
        startedAt = row["started_at"]
        submittedAt = row["submitted_at"]
        closedAt = row["closed_at"]
    }
}

/// A stored value this version cannot read (an INTERNAL error, logged).
struct StoreCorruption: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Reads and writes tasks with their items, departments and inspectors.
enum TaskStore {
    typealias M = InspectionMessages

    static func insert(_ db: Database, _ draft: TaskDraft, status: M.TaskStatus, at: String, by actor: Actor, cancelReason: String? = nil) throws {
        try db.executeCached(
            sql: """
                INSERT INTO tasks (id, source, source_ref, uscc, lead_dept, status, window_start, window_end, origin, cancel_reason, created_at, created_by, closed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                draft.id, draft.source.rawValue, draft.sourceRef, draft.uscc, draft.leadDept, status.rawValue, draft.window.start, draft.window.end,
                String(decoding: try Wire.encode(draft.origin), as: UTF8.self), cancelReason, at, actor.user ?? actor.role.rawValue,
                status == .cancelled ? at : nil,
            ])
        for (position, item) in draft.items.enumerated() {
            try db.executeCached(
                sql: "INSERT INTO task_items (task_id, item, dept, lead_dept, position, recognised_result_id) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [draft.id, item.code, item.dept, item.leadDept, position, item.recognisedResultId])
        }
        for dept in draft.depts {
            try db.executeCached(sql: "INSERT INTO task_depts (task_id, dept) VALUES (?, ?)", arguments: [draft.id, dept])
        }
        for (position, inspector) in draft.inspectors.enumerated() {
            try db.executeCached(
                sql: "INSERT INTO task_inspectors (task_id, inspector_id, dept, active, position) VALUES (?, ?, ?, 1, ?)",
                arguments: [draft.id, inspector.id, inspector.dept, position])
        }
    }

    /// The task's id for a source reference already scheduled, if any (exactly-once intake).
    static func existing(_ db: Database, source: M.TaskSource, sourceRef: String?) throws -> String? {
        guard let sourceRef else { return nil }
        return try String.fetchOneCached(db, sql: "SELECT id FROM tasks WHERE source = ? AND source_ref = ?", arguments: [source.rawValue, sourceRef])
    }

    static func record(_ db: Database, id: String) throws -> TaskRecord {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]) else { throw InspectionError.taskNotFound(id) }
        return try TaskRecord(row: row)
    }

    static func setStatus(_ db: Database, id: String, _ status: M.TaskStatus, stamp column: String? = nil, at: String) throws {
        if let column {
            try db.executeCached(sql: "UPDATE tasks SET status = ?, \(column) = ? WHERE id = ?", arguments: [status.rawValue, at, id])
        } else {
            try db.executeCached(sql: "UPDATE tasks SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
        }
    }

    static func depts(_ db: Database, id: String) throws -> [String] {
        try String.fetchAllCached(db, sql: "SELECT dept FROM task_depts WHERE task_id = ? ORDER BY rowid", arguments: [id])
    }

    static func items(_ db: Database, id: String) throws -> [M.TaskItem] {
        try Row.fetchAllCached(
            db,
            sql: """
                SELECT i.item, i.dept, i.lead_dept, i.recognised_result_id,
                       (SELECT r.id FROM results r WHERE r.task_id = i.task_id AND r.item = i.item AND r.corrects IS NULL) AS result_id
                FROM task_items i WHERE i.task_id = ? ORDER BY i.position
                """, arguments: [id]
        ).map {
            M.TaskItem(
                item: $0["item"], dept: $0["dept"], leadDept: $0["lead_dept"], recognisedResultId: $0["recognised_result_id"],
                resultId: $0["result_id"])
        }
    }

    static func inspectors(_ db: Database, id: String) throws -> [M.TaskInspector] {
        try Row.fetchAllCached(
            db, sql: "SELECT inspector_id, dept, active, removal_reason FROM task_inspectors WHERE task_id = ? ORDER BY position", arguments: [id]
        ).map { M.TaskInspector(id: $0["inspector_id"], dept: $0["dept"], active: $0["active"], removalReason: $0["removal_reason"]) }
    }

    /// The active inspector `id` of a task, if assigned.
    static func activeInspector(_ db: Database, taskId: String, inspector: String) throws -> M.InspectorRef? {
        try Row.fetchOneCached(
            db, sql: "SELECT inspector_id, dept FROM task_inspectors WHERE task_id = ? AND inspector_id = ? AND active = 1",
            arguments: [taskId, inspector]
        ).map { M.InspectorRef(id: $0["inspector_id"], dept: $0["dept"]) }
    }

    static func load(_ db: Database, id: String) throws -> M.InspectionTask {
        try view(db, record(db, id: id))
    }

    static func view(_ db: Database, _ record: TaskRecord) throws -> M.InspectionTask {
        M.InspectionTask(
            id: record.id, source: record.source, sourceRef: record.sourceRef, uscc: record.uscc, leadDept: record.leadDept,
            depts: try depts(db, id: record.id), status: record.status, window: record.window, items: try items(db, id: record.id),
            inspectors: try inspectors(db, id: record.id), origin: (try? Wire.decode(JSONValue.self, from: Data(record.origin.utf8))) ?? .emptyObject,
            cancelReason: record.cancelReason, createdAt: record.createdAt, startedAt: record.startedAt, submittedAt: record.submittedAt,
            closedAt: record.closedAt)
    }

    /// Who may see which tasks in a list.
    enum Scope: Sendable {
        case all
        case dept(String)
        case inspector(String)
    }

    static func list(_ db: Database, _ query: M.TaskListQuery, scope: Scope, limit: Int, offset: Int) throws -> [M.InspectionTask] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        func add(_ clause: String, _ values: any DatabaseValueConvertible...) {
            clauses.append(clause)
            arguments.append(contentsOf: values)
        }
        switch scope {
        case .all: break
        case .dept(let dept): add("t.id IN (SELECT task_id FROM task_depts WHERE dept = ?)", dept)
        case .inspector(let id): add("t.id IN (SELECT task_id FROM task_inspectors WHERE inspector_id = ?)", id)
        }
        if let dept = query.dept { add("t.id IN (SELECT task_id FROM task_depts WHERE dept = ?)", dept) }
        if let inspector = query.inspector { add("t.id IN (SELECT task_id FROM task_inspectors WHERE inspector_id = ?)", inspector) }
        if let uscc = query.uscc { add("t.uscc = ?", uscc) }
        if let status = query.status { add("t.status = ?", status.rawValue) }
        if let source = query.source { add("t.source = ?", source.rawValue) }
        if let window = query.window { add("t.window_end >= ? AND t.window_start <= ?", window.start, window.end) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let rows = try Row.fetchAllCached(
            db, sql: "SELECT t.* FROM tasks t \(whereClause) ORDER BY t.window_start, t.created_at, t.id LIMIT ? OFFSET ?",
            arguments: StatementArguments(arguments + [limit, offset]))
        return try rows.map { try view(db, TaskRecord(row: $0)) }
    }
}
