import GRDB
import Messages

/// A row of `tasks`: an issued joint task.
struct TaskRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tasks"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var seq: Int
    var year: Int
    var uscc: String
    var planIds: [String]
    var items: [String]
    var depts: [String]
    var inspectors: [PlanningMessages.InspectorRef]
    var windowStart: String
    var windowEnd: String
    var issuedAt: String
    var issuedBy: String?
    /// Which department checks each item (nil for tasks issued before it was kept).
    var itemDepts: [PlanningMessages.TaskItem]?

    var message: PlanningMessages.JointTask {
        .init(taskId: id, planIds: planIds, uscc: uscc, items: items, depts: depts, inspectors: inspectors, window: .init(start: windowStart, end: windowEnd),
            itemDepts: itemDepts)
    }

    static func nextSeq(_ db: Database, year: Int) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks WHERE year = ?", arguments: [year]) ?? 1
    }
}
