import Foundation
import GRDB
import Messages

/// Joint punishments (失信联合惩戒) as stored: the case, its implementing departments and their feedback.
enum PunishmentStore {
    typealias M = CreditMessages

    static func fetch(_ db: Database, id: String, today: String) throws -> M.Punishment? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM credit_punishments WHERE id = ?", arguments: [id]) else { return nil }
        return try punishment(db, row, today: today)
    }

    static func list(_ db: Database, query: M.PunishmentListQuery, today: String) throws -> [M.Punishment] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let uscc = query.uscc {
            conditions.append("p.uscc = ?")
            _ = arguments.append(contentsOf: [uscc])
        }
        if let status = query.status {
            conditions.append("p.status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let dept = query.dept {
            conditions.append("(p.initiator_dept = ? OR p.id IN (SELECT punishment_id FROM credit_punishment_depts WHERE dept = ?))")
            _ = arguments.append(contentsOf: [dept, dept])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT p.* FROM credit_punishments AS p \(filter) ORDER BY p.started_at DESC, p.id LIMIT 1000", arguments: arguments)
            .map { try punishment(db, $0, today: today) }
    }

    /// Punishments of an entity in force today (public view).
    static func inForce(_ db: Database, uscc: String, today: String) throws -> [M.Punishment] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM credit_punishments WHERE uscc = ? AND status = 'active' AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?)
                ORDER BY starts_on
                """, arguments: [uscc, today, today]
        ).map { try punishment(db, $0, today: today) }
    }

    static func insert(_ db: Database, _ punishment: M.Punishment, startedBy: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO credit_punishments (id, uscc, initiator_dept, reason, legal_basis, measures, starts_on, ends_on, status, started_at, started_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                punishment.id, punishment.uscc, punishment.initiatorDept, punishment.reason, punishment.legalBasis, try json(punishment.measures),
                punishment.startsOn, punishment.endsOn, punishment.status.rawValue, punishment.startedAt, startedBy,
            ])
        for (position, dept) in punishment.implementingDepts.enumerated() {
            try db.execute(
                sql: "INSERT INTO credit_punishment_depts (punishment_id, position, dept) VALUES (?, ?, ?)", arguments: [punishment.id, position, dept])
        }
    }

    static func addFeedback(_ db: Database, punishmentId: String, _ feedback: M.PunishmentFeedback) throws {
        try db.execute(
            sql: """
                INSERT INTO credit_punishment_feedback (punishment_id, dept, outcome, measure, note, reported_at, reported_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                punishmentId, feedback.dept, feedback.outcome.rawValue, feedback.measure, feedback.note, feedback.reportedAt, feedback.reportedBy,
            ])
    }

    static func end(_ db: Database, id: String, reason: String, at timestamp: String) throws {
        try db.execute(
            sql: "UPDATE credit_punishments SET status = 'ended', ended_at = ?, end_reason = ? WHERE id = ?", arguments: [timestamp, reason, id])
    }

    private static func punishment(_ db: Database, _ row: Row, today: String) throws -> M.Punishment {
        let id: String = row["id"]
        let depts = try String.fetchAll(db, sql: "SELECT dept FROM credit_punishment_depts WHERE punishment_id = ? ORDER BY position", arguments: [id])
        let feedback = try Row.fetchAll(
            db, sql: "SELECT * FROM credit_punishment_feedback WHERE punishment_id = ? ORDER BY id", arguments: [id]
        ).compactMap { row -> M.PunishmentFeedback? in
            guard let outcome = M.FeedbackOutcome(rawValue: row["outcome"]) else { return nil }
            return M.PunishmentFeedback(
                dept: row["dept"], outcome: outcome, measure: row["measure"], note: row["note"], reportedAt: row["reported_at"],
                reportedBy: row["reported_by"])
        }
        let status = M.PunishmentStatus(rawValue: row["status"]) ?? .ended
        let startsOn: String = row["starts_on"]
        let endsOn: String? = row["ends_on"]
        let inForce = status == .active && startsOn <= today && (endsOn.map { $0 >= today } ?? true)
        let measures = (try? Wire.decode([String].self, from: Data((row["measures"] as String).utf8))) ?? []
        return M.Punishment(
            id: id, uscc: row["uscc"], initiatorDept: row["initiator_dept"], reason: row["reason"], legalBasis: row["legal_basis"], measures: measures,
            implementingDepts: depts, startsOn: startsOn, endsOn: endsOn, status: status, inForce: inForce, startedAt: row["started_at"],
            endedAt: row["ended_at"], endReason: row["end_reason"], feedback: feedback)
    }

    static func json(_ value: some Encodable) throws -> String { String(decoding: try Wire.encode(value), as: UTF8.self) }
}
