import Foundation
import GRDB
import Messages

/// SQL over `referral_clues` and the tables around it (history, bounces, links, reporters, escalations).
enum ClueStore {
    typealias M = ReferralMessages

    static let insertSQL = """
        INSERT INTO referral_clues (
            id, source, source_ref, received_at, registered_at, registered_by_dept, registered_by, reporting_dept, uscc, entity, description,
            items, domain, attachments, status, assigned_dept, assigned_at, route_mode, route_reason, routed_items, joint_depts, cooperating_depts,
            accepted_at, concluded_at, finding, severity, conclusion, feedback_at, feedback, closed_at, close_reason, due_step, due_at, escalated_due,
            escalations, returns, transfers, decided, has_reporter, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSQL = """
        UPDATE referral_clues SET
            id = ?, source = ?, source_ref = ?, received_at = ?, registered_at = ?, registered_by_dept = ?, registered_by = ?, reporting_dept = ?,
            uscc = ?, entity = ?, description = ?, items = ?, domain = ?, attachments = ?, status = ?, assigned_dept = ?, assigned_at = ?,
            route_mode = ?, route_reason = ?, routed_items = ?, joint_depts = ?, cooperating_depts = ?, accepted_at = ?, concluded_at = ?,
            finding = ?, severity = ?, conclusion = ?, feedback_at = ?, feedback = ?, closed_at = ?, close_reason = ?, due_step = ?, due_at = ?,
            escalated_due = ?, escalations = ?, returns = ?, transfers = ?, decided = ?, has_reporter = ?, updated_at = ?
        WHERE seq = ?
        """

    static func insert(_ db: Database, _ clue: inout ClueRecord) throws {
        try db.cachedStatement(sql: insertSQL).execute(arguments: clue.arguments)
        clue.seq = db.lastInsertedRowID
    }

    static func update(_ db: Database, _ clue: ClueRecord) throws {
        var arguments = clue.arguments
        _ = arguments.append(contentsOf: [clue.seq])
        try db.cachedStatement(sql: updateSQL).execute(arguments: arguments)
    }

    static func fetch(_ db: Database, id: String) throws -> ClueRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ClueRecord.columns) FROM referral_clues WHERE id = ?"), arguments: [id]).map(ClueRecord.init(row:))
    }

    static func fetch(_ db: Database, source: M.ClueSource, sourceRef: String) throws -> ClueRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(ClueRecord.columns) FROM referral_clues WHERE source = ? AND source_ref = ?"),
            arguments: [source.rawValue, sourceRef]
        ).map(ClueRecord.init(row:))
    }

    // MARK: History, bounces, reporters

    static func addHistory(
        _ db: Database, clueId: String, action: String, from: M.ClueStatus?, to: M.ClueStatus, dept: String?, actor: Actor?, note: String?, at: String
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO referral_history (clue_id, action, from_status, to_status, dept, actor_dept, actor_user, note, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [clueId, action, from?.rawValue, to.rawValue, dept, actor?.dept, actor?.user, note, at])
    }

    static func history(_ db: Database, clueId: String) throws -> [M.HistoryEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM referral_history WHERE clue_id = ? ORDER BY id", arguments: [clueId]).compactMap { row in
            guard let to = M.ClueStatus(rawValue: row["to_status"]) else { return nil }
            return M.HistoryEntry(
                action: row["action"], from: (row["from_status"] as String?).flatMap(M.ClueStatus.init(rawValue:)), to: to, dept: row["dept"],
                actorDept: row["actor_dept"], actorUser: row["actor_user"], note: row["note"], at: row["at"])
        }
    }

    static func addBounce(_ db: Database, clueId: String, kind: String, from: String, to: String?, reason: String, at: String) throws {
        try db.execute(
            sql: "INSERT INTO referral_bounces (clue_id, kind, from_dept, to_dept, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [clueId, kind, from, to, reason, at])
    }

    static func bounces(_ db: Database, clueId: String) throws -> [M.Bounce] {
        try Row.fetchAll(db, sql: "SELECT * FROM referral_bounces WHERE clue_id = ? ORDER BY id", arguments: [clueId]).map { row in
            M.Bounce(kind: row["kind"], fromDept: row["from_dept"], toDept: row["to_dept"], reason: row["reason"], at: row["at"])
        }
    }

    /// The departments that returned the clue, in order.
    static func returners(_ db: Database, clueId: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT from_dept FROM referral_bounces WHERE clue_id = ? AND kind = 'return' ORDER BY id", arguments: [clueId])
    }

    static func storeReporter(_ db: Database, clueId: String, sealed: String, consent: Bool) throws {
        try db.cachedStatement(sql: "INSERT INTO referral_reporters (clue_id, sealed, consent) VALUES (?, ?, ?)").execute(arguments: [
            clueId, sealed, consent,
        ])
    }

    static func reporter(_ db: Database, clueId: String) throws -> (sealed: String, consent: Bool)? {
        try Row.fetchOne(db, sql: "SELECT sealed, consent FROM referral_reporters WHERE clue_id = ?", arguments: [clueId]).map {
            ($0["sealed"], $0["consent"])
        }
    }

    // MARK: Related clues

    /// Clues about the same entity received within `days` of this one, newest first. Worked out when asked, from the
    /// entity index, rather than stored at registration: the relation follows from the two clues' USCC and received
    /// times alone, and storing it both ways wrote a page at a random place in the store for every earlier clue.
    static func related(_ db: Database, _ clue: ClueRecord, windowDays days: Int) throws -> [ClueRecord] {
        guard let uscc = clue.uscc, days > 0, let received = ReferralClock.parse(clue.receivedAt) else { return [] }
        let from = ReferralClock.format(received.addingTimeInterval(-Double(days) * 86_400))
        let to = ReferralClock.format(received.addingTimeInterval(Double(days) * 86_400))
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(ClueRecord.columns) FROM referral_clues
                    WHERE uscc = ? AND received_at BETWEEN ? AND ? AND id <> ?
                    ORDER BY received_at DESC, seq DESC LIMIT 1000
                    """),
            arguments: [uscc, from, to, clue.id]
        ).map(ClueRecord.init(row:))
    }

    // MARK: Lists

    /// A page of clues. Overdue lists run oldest deadline first with the cursor `dueAt|seq`; the others newest
    /// first with the cursor `seq`.
    static func list(_ db: Database, query: M.ClueListQuery, dept: String?, now: String, limit: Int) throws -> M.ClueList {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            _ = arguments.append(contentsOf: StatementArguments(values))
        }
        if let dept { add("assigned_dept = ?", [dept]) }
        if let status = query.status { add("status = ?", [status.rawValue]) }
        if let source = query.source { add("source = ?", [source.rawValue]) }
        if let uscc = query.uscc { add("uscc = ?", [uscc]) }
        let overdue = query.overdue ?? false
        if overdue { add("due_at IS NOT NULL AND due_at < ?", [now]) }
        if let after = query.after {
            if overdue {
                let parts = after.split(separator: "|", maxSplits: 1).map(String.init)
                guard parts.count == 2, let seq = Int64(parts[1]) else {
                    throw ReferralError.invalidArgument(field: "params.after", "params.after must be the `next` of the previous overdue page")
                }
                add("(due_at > ? OR (due_at = ? AND seq > ?))", [parts[0], parts[0], seq])
            } else {
                guard let seq = Int64(after) else {
                    throw ReferralError.invalidArgument(field: "params.after", "params.after must be the `next` of the previous page")
                }
                add("seq < ?", [seq])
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = overdue ? "due_at, seq" : "seq DESC"
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(ClueRecord.columns) FROM referral_clues \(filter) ORDER BY \(order) LIMIT ?"), arguments: arguments)
        var records = try rows.map(ClueRecord.init(row:))
        var next: String? = nil
        if records.count > limit {
            records.removeLast()
            if let last = records.last, let seq = last.seq { next = overdue ? "\(last.dueAt ?? "")|\(seq)" : "\(seq)" }
        }
        return M.ClueList(clues: records.map { $0.wire(now: now) }, next: next)
    }

    /// Clues past their deadline whose current step has not been escalated yet, oldest deadline first.
    static func unescalatedOverdue(_ db: Database, now: String, limit: Int) throws -> [ClueRecord] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(ClueRecord.columns) FROM referral_clues
                WHERE due_at IS NOT NULL AND due_at < ? AND (escalated_due IS NULL OR escalated_due <> due_at)
                ORDER BY due_at, seq LIMIT ?
                """, arguments: [now, limit]
        ).map(ClueRecord.init(row:))
    }

    static func addEscalation(_ db: Database, _ event: M.ClueOverdue) throws {
        try db.execute(
            sql: "INSERT INTO referral_escalations (clue_id, step, due_at, dept, escalated_to, escalated_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [event.clueId, event.step.rawValue, event.dueAt, event.dept, event.escalatedTo, event.escalatedAt])
    }
}
