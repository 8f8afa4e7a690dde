import Foundation
import GRDB
import Messages

/// Criminal transfer cases (行刑衔接) as stored.
enum CaseStore {
    typealias M = ReferralMessages

    static func insert(_ db: Database, _ item: M.CriminalCase, by user: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO referral_cases (id, clue_id, from_dept, to_dept, uscc, summary, documents, status, transferred_at, transferred_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                item.id, item.clueId, item.fromDept, item.toDept, item.uscc, item.summary, String(decoding: try Wire.encode(item.documents), as: UTF8.self),
                item.status.rawValue, item.transferredAt, user,
            ])
    }

    static func fetch(_ db: Database, id: String) throws -> M.CriminalCase? {
        try Row.fetchOne(db, sql: "SELECT * FROM referral_cases WHERE id = ?", arguments: [id]).map(criminalCase)
    }

    static func acknowledge(_ db: Database, id: String, at: String, by: String?) throws {
        try db.execute(
            sql: "UPDATE referral_cases SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ?", arguments: [at, by, id])
    }

    static func settle(_ db: Database, id: String, outcome: M.CaseOutcome, reason: String?, caseNumber: String?, at: String) throws {
        try db.execute(
            sql: "UPDATE referral_cases SET status = ?, outcome_at = ?, reason = ?, case_number = ? WHERE id = ?",
            arguments: [outcome.rawValue, at, reason, caseNumber, id])
    }

    static func list(_ db: Database, query: M.CaseListQuery, dept: String?) throws -> [M.CriminalCase] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let dept {
            conditions.append("(from_dept = ? OR to_dept = ?)")
            _ = arguments.append(contentsOf: [dept, dept])
        }
        if let status = query.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let clueId = query.clueId {
            conditions.append("clue_id = ?")
            _ = arguments.append(contentsOf: [clueId])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT * FROM referral_cases \(filter) ORDER BY transferred_at DESC, id LIMIT 1000", arguments: arguments)
            .map(criminalCase)
    }

    private static func criminalCase(_ row: Row) -> M.CriminalCase {
        let documents = (try? Wire.decode([M.CaseDocument].self, from: Data((row["documents"] as String? ?? "[]").utf8))) ?? []
        return M.CriminalCase(
            id: row["id"], clueId: row["clue_id"], fromDept: row["from_dept"], toDept: row["to_dept"], uscc: row["uscc"], summary: row["summary"],
            documents: documents, status: M.CaseStatus(rawValue: row["status"]) ?? .transferred, transferredAt: row["transferred_at"],
            acknowledgedAt: row["acknowledged_at"], outcomeAt: row["outcome_at"], reason: row["reason"], caseNumber: row["case_number"])
    }
}
