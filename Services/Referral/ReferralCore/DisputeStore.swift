import Foundation
import GRDB
import Messages

/// Jurisdiction disputes (管辖争议) as stored.
enum DisputeStore {
    typealias M = ReferralMessages

    static func insert(_ db: Database, _ dispute: M.Dispute) throws {
        try db.execute(
            sql: "INSERT INTO referral_disputes (id, clue_id, status, returned_by, opened_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [dispute.id, dispute.clueId, dispute.status.rawValue, ClueRecord.json(dispute.returnedBy), dispute.openedAt])
    }

    static func fetch(_ db: Database, id: String) throws -> M.Dispute? {
        try Row.fetchOne(db, sql: "SELECT * FROM referral_disputes WHERE id = ?", arguments: [id]).map(dispute)
    }

    static func decide(_ db: Database, id: String, dept: String, reason: String, at: String, by: String?) throws {
        try db.execute(
            sql: "UPDATE referral_disputes SET status = 'decided', decided_dept = ?, decision_reason = ?, decided_at = ?, decided_by = ? WHERE id = ?",
            arguments: [dept, reason, at, by, id])
    }

    static func list(_ db: Database, query: M.DisputeListQuery) throws -> [M.Dispute] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = query.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let clueId = query.clueId {
            conditions.append("clue_id = ?")
            _ = arguments.append(contentsOf: [clueId])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT * FROM referral_disputes \(filter) ORDER BY opened_at, id LIMIT 1000", arguments: arguments).map(dispute)
    }

    private static func dispute(_ row: Row) -> M.Dispute {
        M.Dispute(
            id: row["id"], clueId: row["clue_id"], status: M.DisputeStatus(rawValue: row["status"]) ?? .open,
            returnedBy: ClueRecord.list(row["returned_by"]), openedAt: row["opened_at"], decidedDept: row["decided_dept"],
            decisionReason: row["decision_reason"], decidedAt: row["decided_at"], decidedBy: row["decided_by"])
    }
}
