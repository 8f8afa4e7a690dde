import Foundation
import GRDB
import Messages

/// Credit repair applications (信用修复) as stored, with the records each concerns.
enum RepairStore {
    typealias M = CreditMessages

    static func fetch(_ db: Database, id: String) throws -> M.Repair? {
        try Row.fetchOne(db, sql: "SELECT * FROM credit_repairs WHERE id = ?", arguments: [id]).map { try repair(db, $0) }
    }

    static func list(_ db: Database, query: M.RepairListQuery) throws -> [M.Repair] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let uscc = query.uscc {
            conditions.append("uscc = ?")
            _ = arguments.append(contentsOf: [uscc])
        }
        if let status = query.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT * FROM credit_repairs \(filter) ORDER BY applied_at DESC, id LIMIT 1000", arguments: arguments)
            .map { try repair(db, $0) }
    }

    static func insert(_ db: Database, _ repair: M.Repair, recordIds: [Int64], appliedBy: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO credit_repairs (id, uscc, evidence, evidence_digests, status, applied_by_dept, applied_by, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                repair.id, repair.uscc, repair.evidence, try PunishmentStore.json(repair.evidenceDigests), repair.status.rawValue, repair.appliedByDept,
                appliedBy, repair.appliedAt,
            ])
        for recordId in recordIds {
            try db.execute(sql: "INSERT INTO credit_repair_records (repair_id, record_id) VALUES (?, ?)", arguments: [repair.id, recordId])
        }
    }

    /// Record ids (of `ids`) already in a pending or approved repair.
    static func claimed(_ db: Database, ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT rr.record_id FROM credit_repair_records AS rr JOIN credit_repairs AS r ON r.id = rr.repair_id
                WHERE rr.record_id IN (\(marks)) AND r.status IN ('pending', 'approved') ORDER BY rr.record_id
                """, arguments: StatementArguments(ids))
    }

    static func review(_ db: Database, id: String, status: M.RepairStatus, dept: String, by user: String?, reason: String?, at timestamp: String) throws {
        try db.execute(
            sql: "UPDATE credit_repairs SET status = ?, reviewed_by_dept = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ? WHERE id = ?",
            arguments: [status.rawValue, dept, user, timestamp, reason, id])
        if status == .approved {
            try db.execute(
                sql: "UPDATE credit_records SET repair_id = ? WHERE id IN (SELECT record_id FROM credit_repair_records WHERE repair_id = ?)",
                arguments: [id, id])
        }
    }

    private static func repair(_ db: Database, _ row: Row) throws -> M.Repair {
        let id: String = row["id"]
        let records = try Int64.fetchAll(db, sql: "SELECT record_id FROM credit_repair_records WHERE repair_id = ? ORDER BY record_id", arguments: [id])
        let digests = (try? Wire.decode([String].self, from: Data((row["evidence_digests"] as String).utf8))) ?? []
        return M.Repair(
            id: id, uscc: row["uscc"], recordIds: records.map { String($0) }, evidence: row["evidence"], evidenceDigests: digests,
            status: M.RepairStatus(rawValue: row["status"]) ?? .pending, appliedByDept: row["applied_by_dept"], appliedAt: row["applied_at"],
            reviewedByDept: row["reviewed_by_dept"], reviewedAt: row["reviewed_at"], reviewReason: row["review_reason"])
    }
}
