import GRDB
import Messages

/// A row of `plans`.
struct PlanRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plans"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var seq: Int
    var year: Int
    var name: String
    var leadDept: String
    var cooperatingDepts: [String]
    var items: [String]
    var filter: PlanningMessages.TargetFilter
    var sampling: PlanningMessages.Sampling
    var frequencyPerYear: Int
    var windowStart: String
    var windowEnd: String
    var method: PlanningMessages.DrawMethod
    var status: PlanningMessages.PlanStatus
    var dueOn: String
    var createdAt: String
    var createdBy: String?
    var updatedAt: String
    var submittedAt: String?
    var submittedOn: String?
    var approvedAt: String?
    var approvedBy: String?
    var cancelledAt: String?
    var cancelReason: String?

    enum Columns {
        static let id = Column("id")
        static let year = Column("year")
        static let status = Column("status")
        static let leadDept = Column("lead_dept")
    }

    var depts: [String] { [leadDept] + cooperatingDepts }
    var window: PlanningMessages.Window { .init(start: windowStart, end: windowEnd) }

    /// Submitted after its due day, or not submitted by `today` when that is past it.
    func isLate(today: String) -> Bool {
        if status == .cancelled, submittedOn == nil { return false }
        return (submittedOn ?? today) > dueOn
    }

    func message(today: String, drawId: String?) -> PlanningMessages.Plan {
        .init(
            planId: id, year: year, name: name, leadDept: leadDept, cooperatingDepts: cooperatingDepts, items: items, filter: filter,
            sampling: sampling, frequencyPerYear: frequencyPerYear, window: window, method: method, status: status, dueOn: dueOn,
            late: isLate(today: today), createdAt: createdAt, createdBy: createdBy, submittedAt: submittedAt, approvedAt: approvedAt,
            approvedBy: approvedBy, cancelledAt: cancelledAt, cancelReason: cancelReason, drawId: drawId)
    }

    static func find(_ db: Database, _ id: String) throws -> PlanRecord {
        guard let plan = try PlanRecord.fetchOne(db, key: id) else { throw PlanningError.planNotFound(id) }
        return plan
    }

    static func nextSeq(_ db: Database, year: Int) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM plans WHERE year = ?", arguments: [year]) ?? 1
    }

    static func drawId(_ db: Database, planId: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM draws WHERE plan_id = ?", arguments: [planId])
    }
}

extension PlanningMessages.PlanStatus: DatabaseValueConvertible {}
extension PlanningMessages.DrawMethod: DatabaseValueConvertible {}
