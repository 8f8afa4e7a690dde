import GRDB
import Messages
import Store

/// The whitelist rule (白名单): an entity qualifies while its grade is A and it has no unrepaired negative record
/// that occurred within the last `whitelistCleanMonths` (24 by default). Entities that stop qualifying are removed
/// automatically (with a `credit.whitelist.removed` event), so planning's exclusions stay right.
enum WhitelistPolicy {
    typealias M = CreditMessages

    /// Why `uscc` does not qualify today, or nil if it does.
    static func ineligibility(_ db: Database, uscc: String, settings: CreditSettings, today: String) throws -> String? {
        let grade = try String.fetchOne(db, sql: "SELECT grade FROM credit_entities WHERE uscc = ?", arguments: [uscc])
        guard grade == M.Grade.A.rawValue else {
            return "the whitelist needs grade A; \(uscc) has grade \(grade ?? "none yet (never evaluated)")"
        }
        let since = CreditCalendar.adding(months: -settings.whitelistCleanMonths, to: today) ?? today
        let negatives = try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM credit_records INDEXED BY credit_records_entity
                WHERE uscc = ? AND occurred_on >= ? AND polarity = 'negative' AND repair_id IS NULL
                """, arguments: [uscc, since]) ?? 0
        guard negatives == 0 else {
            return "the whitelist needs no negative record for \(settings.whitelistCleanMonths) months; \(uscc) has \(negatives) since \(since)"
        }
        return nil
    }

    /// Removes listed (proposed or approved) entities in `usccs` (all listed if nil) that no longer qualify.
    static func revalidate(_ db: Database, usccs: [String]?, settings: CreditSettings, today: String, at timestamp: String, outbox: Outbox) throws {
        let listed: [String]
        if let usccs {
            listed = try usccs.filter {
                try Bool.fetchOneCached(db, sql: "SELECT 1 FROM credit_whitelist WHERE uscc = ? AND status <> 'removed'", arguments: [$0]) ?? false
            }
        } else {
            listed = try String.fetchAll(db, sql: "SELECT uscc FROM credit_whitelist WHERE status <> 'removed' ORDER BY uscc")
        }
        for uscc in listed {
            guard let reason = try ineligibility(db, uscc: uscc, settings: settings, today: today) else { continue }
            try remove(db, uscc: uscc, reason: "removed automatically: \(reason)", at: timestamp, outbox: outbox)
        }
    }

    static func remove(_ db: Database, uscc: String, reason: String, at timestamp: String, outbox: Outbox) throws {
        try db.execute(
            sql: "UPDATE credit_whitelist SET status = 'removed', removed_at = ?, removed_reason = ? WHERE uscc = ?", arguments: [timestamp, reason, uscc])
        try outbox.append(topic: "credit.whitelist.removed", M.WhitelistChanged(uscc: uscc, status: .removed, reason: reason, at: timestamp))
    }

    static func entry(_ db: Database, uscc: String) throws -> M.WhitelistEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM credit_whitelist WHERE uscc = ?", arguments: [uscc]).flatMap(entry)
    }

    static func entry(_ row: Row) -> M.WhitelistEntry? {
        guard let status = M.WhitelistStatus(rawValue: row["status"]) else { return nil }
        return M.WhitelistEntry(
            uscc: row["uscc"], status: status, reason: row["reason"], proposedByDept: row["proposed_by_dept"], proposedAt: row["proposed_at"],
            approvedAt: row["approved_at"], removedAt: row["removed_at"], removedReason: row["removed_reason"])
    }
}
