import Foundation
import GRDB
import Logging
import Messages
import Store

/// The outbox of clues for other departments (`pending_referrals`): a row is written in the transaction that
/// publishes the failed result, then handed to the `ClueSink` after commit and on every later flush until referral
/// takes it. Nothing is lost if referral is down; `sourceRef` lets referral drop a repeat.
struct ReferralQueue: Sendable {
    typealias M = InspectionMessages

    let database: ServiceDatabase
    let sink: any ClueSink
    let logger: Logger
    /// How long a claimed row is left to one sender before another may retry it.
    static let claimSeconds: TimeInterval = 60

    /// Queues the clue for a failed result in the caller's transaction.
    static func enqueue(_ db: Database, result: M.Result, targetDept: String, at: String) throws {
        let clue = M.ClueRegistration(
            sourceRef: "inspection:\(result.id)", uscc: result.uscc,
            description:
                "Inspection result \(result.id) (task \(result.taskId)) by \(result.dept) found item \(result.item) failed: \(result.findings)",
            suspectedItems: [result.item], reportingDept: result.dept)
        try db.executeCached(
            sql: """
                INSERT INTO pending_referrals (id, result_id, task_id, target_dept, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO NOTHING
                """,
            arguments: [clue.sourceRef, result.id, result.taskId, targetDept, String(decoding: try Wire.encode(clue), as: UTF8.self), at])
    }

    /// Sends pending clues not claimed by another sender, least-tried first; returns how many were sent and how many
    /// remain. With `stopOnFailure`, the first failure ends the pass (referral is likely down: one timeout, not many).
    @discardableResult
    func flush(limit: Int = 100, stopOnFailure: Bool = false) async throws -> M.ReferralFlush {
        let now = Date()
        let claimed: [(String, String)] = try await database.write { db, _ in
            let rows = try Row.fetchAllCached(
                db,
                sql: """
                    SELECT id, payload FROM pending_referrals
                    WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY attempts, created_at LIMIT ?
                    """, arguments: [Wire.timestamp(now), limit])
            let until = Wire.timestamp(now.addingTimeInterval(Self.claimSeconds))
            for row in rows {
                try db.executeCached(sql: "UPDATE pending_referrals SET claimed_until = ? WHERE id = ?", arguments: [until, row["id"] as String])
            }
            return rows.map { ($0["id"], $0["payload"]) }
        }
        var sent = 0
        var failed = false
        for (id, payload) in claimed {
            if failed {
                try await release(id)
                continue
            }
            do {
                let clue = try Wire.decode(M.ClueRegistration.self, from: Data(payload.utf8))
                let clueId = try await sink.register(clue)
                try await database.write { db, _ in
                    try db.executeCached(
                        sql: """
                            UPDATE pending_referrals SET status = 'sent', clue_id = ?, sent_at = ?, attempts = attempts + 1, last_attempt_at = ?,
                                claimed_until = NULL, last_error = NULL WHERE id = ?
                            """, arguments: [clueId, Wire.timestamp(Date()), Wire.timestamp(Date()), id])
                }
                sent += 1
            } catch {
                logger.warning("clue not yet accepted by referral; kept for retry", metadata: ["jg.referral": "\(id)", "jg.error": "\(error)"])
                let message = (error as? any ServiceError).map { "\($0.status.rawValue): \($0.message)" } ?? "\(error)"
                try await database.write { db, _ in
                    try db.executeCached(
                        sql: """
                            UPDATE pending_referrals SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?, claimed_until = NULL WHERE id = ?
                            """, arguments: [message, Wire.timestamp(Date()), id])
                }
                failed = stopOnFailure
            }
        }
        let pending = try await database.read { db in
            try Int.fetchOneCached(db, sql: "SELECT COUNT(*) FROM pending_referrals WHERE status = 'pending'") ?? 0
        }
        return M.ReferralFlush(sent: sent, pending: pending)
    }

    /// Whether any clue waits for referral.
    func hasPending() async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOneCached(db, sql: "SELECT EXISTS(SELECT 1 FROM pending_referrals WHERE status = 'pending')") ?? false
        }
    }

    private func release(_ id: String) async throws {
        try await database.write { db, _ in
            try db.executeCached(sql: "UPDATE pending_referrals SET claimed_until = NULL WHERE id = ?", arguments: [id])
        }
    }

    static func list(_ db: Database, status: String?) throws -> [M.PendingReferral] {
        let sql = "SELECT * FROM pending_referrals \(status == nil ? "" : "WHERE status = ?") ORDER BY created_at, id"
        return try Row.fetchAllCached(db, sql: sql, arguments: StatementArguments(status.map { [$0] } ?? [])).map {
            M.PendingReferral(
                id: $0["id"], resultId: $0["result_id"], targetDept: $0["target_dept"], status: $0["status"], attempts: $0["attempts"],
                lastError: $0["last_error"], clueId: $0["clue_id"], createdAt: $0["created_at"])
        }
    }
}
