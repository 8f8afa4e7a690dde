import Foundation
import GRDB
import Messages
import ServiceRunner

extension CreditService {
    func registerWhitelistRoutes(_ router: inout MethodRouter) {
        router.register(
            "whitelist.propose", summary: "Propose an entity for the whitelist (白名单): grade A and no negative record for the clean period (24 months).",
            mutating: true, params: [.init("uscc", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.WhitelistChange, context) in
            let actor = try AccessPolicy.editor(context)
            let dept = try AccessPolicy.actingDept(actor, requested: nil, field: "actor.dept")
            try USCC.validate(params.uscc)
            let reason = try Self.reason(params.reason)
            let timestamp = calendar.timestamp
            let today = calendar.today
            return try await mutate(context) { db, _ in
                if let existing = try WhitelistPolicy.entry(db, uscc: params.uscc), existing.status != .removed {
                    throw CreditError.alreadyExists("\(params.uscc) is already on the whitelist (\(existing.status.rawValue) since \(existing.proposedAt))")
                }
                if let problem = try WhitelistPolicy.ineligibility(db, uscc: params.uscc, settings: try CreditSettings.load(db), today: today) {
                    throw CreditError.failedPrecondition(problem)
                }
                try db.execute(
                    sql: """
                        INSERT INTO credit_whitelist (uscc, status, reason, proposed_by_dept, proposed_at) VALUES (?, 'proposed', ?, ?, ?)
                        ON CONFLICT (uscc) DO UPDATE SET status = 'proposed', reason = excluded.reason, proposed_by_dept = excluded.proposed_by_dept,
                            proposed_at = excluded.proposed_at, approved_at = NULL, removed_at = NULL, removed_reason = NULL
                        """, arguments: [params.uscc, reason, dept, timestamp])
                return try Self.whitelistEntry(db, params.uscc)
            }
        }

        router.register(
            "whitelist.approve", summary: "Approve a proposed whitelist entry (admin); planning then leaves the entity out of random draws.", mutating: true,
            params: [.init("uscc", "string", required: true)]
        ) { (params: M.WhitelistChange, context) in
            _ = try AccessPolicy.admin(context)
            try USCC.validate(params.uscc)
            let timestamp = calendar.timestamp
            let today = calendar.today
            return try await mutate(context) { db, outbox in
                let entry = try Self.whitelistEntry(db, params.uscc)
                guard entry.status == .proposed else {
                    throw CreditError.failedPrecondition("\(params.uscc) is \(entry.status.rawValue) on the whitelist; only a proposed entry can be approved")
                }
                if let problem = try WhitelistPolicy.ineligibility(db, uscc: params.uscc, settings: try CreditSettings.load(db), today: today) {
                    throw CreditError.failedPrecondition(problem)
                }
                try db.execute(sql: "UPDATE credit_whitelist SET status = 'approved', approved_at = ? WHERE uscc = ?", arguments: [timestamp, params.uscc])
                try outbox.append(
                    topic: "credit.whitelist.approved", M.WhitelistChanged(uscc: params.uscc, status: .approved, reason: entry.reason, at: timestamp))
                return try Self.whitelistEntry(db, params.uscc)
            }
        }

        router.register(
            "whitelist.remove", summary: "Take an entity off the whitelist (admin).", mutating: true,
            params: [.init("uscc", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.WhitelistChange, context) in
            _ = try AccessPolicy.admin(context)
            try USCC.validate(params.uscc)
            let reason = try Self.reason(params.reason)
            let timestamp = calendar.timestamp
            return try await mutate(context) { db, outbox in
                let entry = try Self.whitelistEntry(db, params.uscc)
                guard entry.status != .removed else { throw CreditError.failedPrecondition("\(params.uscc) was already removed from the whitelist") }
                try WhitelistPolicy.remove(db, uscc: params.uscc, reason: reason, at: timestamp, outbox: outbox)
                return try Self.whitelistEntry(db, params.uscc)
            }
        }

        router.register(
            "whitelist.list", summary: "Whitelist entries (at most 10,000), by status.", params: [.init("status", "string", "proposed | approved | removed")]
        ) { (query: M.WhitelistListQuery, context) in
            _ = try AccessPolicy.caller(context)
            return try await database.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM credit_whitelist WHERE ?1 IS NULL OR status = ?1 ORDER BY uscc LIMIT 10000", arguments: [query.status?.rawValue])
                return M.WhitelistList(entries: rows.compactMap(WhitelistPolicy.entry))
            }
        }

        router.register(
            "whitelist.check", summary: "Which of up to 10,000 entities are on the approved whitelist (planning excludes them from random draws).",
            params: [.init("usccs", "array", required: true)]
        ) { (batch: M.UsccBatch, context) in
            _ = try AccessPolicy.caller(context)
            try Self.validate(batch)
            let list = "[" + batch.usccs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            return M.WhitelistCheck(
                whitelisted: try await database.read { db in
                    try String.fetchAll(
                        db,
                        sql: """
                            SELECT DISTINCT w.uscc FROM json_each(?) AS j JOIN credit_whitelist AS w ON w.uscc = j.value
                            WHERE w.status = 'approved' ORDER BY w.uscc
                            """, arguments: [list])
                })
        }
    }

    static func whitelistEntry(_ db: Database, _ uscc: String) throws -> M.WhitelistEntry {
        guard let entry = try WhitelistPolicy.entry(db, uscc: uscc) else {
            throw CreditError.notFound("\(uscc) has never been proposed for the whitelist; use `credit whitelist.propose`")
        }
        return entry
    }

    static func reason(_ text: String?) throws -> String {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw CreditError.missing("params.reason") }
        return text
    }
}
