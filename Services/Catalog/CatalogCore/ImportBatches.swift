import Foundation
import GRDB
import Messages

/// The lifetime of chunked imports (`import_batch`, `import_chunk`, `import_batch_closed`): who owns a batch, when an
/// abandoned one is dropped, and the ids that may not be used again.
///
/// A batch is open from its first chunk until its last (committed, or refused in mode `all`) or until
/// `JG_CATALOG_IMPORT_TTL_S` pass without a chunk; then its id is closed. A chunk for a closed id is refused, since
/// accepting it would start a new batch holding only the rest of the file.
enum ImportBatches {
    typealias M = CatalogMessages

    /// Who may add to a batch: the exact caller that started it.
    static func owner(_ actor: Actor?) -> String {
        guard let actor else { return "" }
        return "\(actor.role.rawValue):\(actor.dept ?? ""):\(actor.user ?? "")"
    }

    /// Refuses a chunk for a batch that was closed.
    static func requireOpen(_ db: Database, batchId: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT reason, closed_at FROM import_batch_closed WHERE batch_id = ?", arguments: [batchId])
        else { return }
        throw CatalogError.failedPrecondition(
            "batch \(batchId) was \(row["reason"] as String) at \(row["closed_at"] as String) and takes no more chunks; send the whole file again under a new batchId")
    }

    /// Refuses a chunk from anyone but the batch's owner (batches staged before owners were kept have none).
    static func requireOwner(_ batch: Row, batchId: String, actor: Actor?) throws {
        let owner: String = batch["owner"]
        guard owner.isEmpty || owner == Self.owner(actor) else {
            throw CatalogError.permissionDenied(
                rule: "import-batch-owner", "batch \(batchId) was started by another caller; only they may add chunks to it — start your own batchId")
        }
    }

    static func close(_ db: Database, batchId: String, reason: String, at: String) throws {
        try db.execute(sql: "DELETE FROM import_row WHERE batch_id = ?", arguments: [batchId])
        try db.execute(sql: "DELETE FROM import_chunk WHERE batch_id = ?", arguments: [batchId])
        try db.execute(sql: "DELETE FROM import_batch WHERE batch_id = ?", arguments: [batchId])
        try db.execute(
            sql: "INSERT OR REPLACE INTO import_batch_closed (batch_id, reason, closed_at) VALUES (?, ?, ?)", arguments: [batchId, reason, at])
    }

    /// Open batches, oldest activity first; only `owner`'s when given.
    static func list(_ db: Database, owner: String?, ttlSeconds: Int) throws -> [M.ImportBatch] {
        var sql = "SELECT batch_id, target, mode, chunks, rows, rejected, owner, created_at, updated_at, options FROM import_batch"
        var arguments: StatementArguments = []
        if let owner {
            sql += " WHERE owner = ?"
            arguments += [owner]
        }
        sql += " ORDER BY updated_at, batch_id"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let updated: String = row["updated_at"]
            let expires = (try? Date(updated, strategy: .iso8601)).map { Wire.timestamp($0.addingTimeInterval(TimeInterval(ttlSeconds))) } ?? updated
            return M.ImportBatch(
                batchId: row["batch_id"], target: row["target"], mode: row["mode"], chunks: row["chunks"], rows: row["rows"], rejected: row["rejected"],
                owner: row["owner"], createdAt: row["created_at"], updatedAt: updated, expiresAt: expires,
                options: (row["options"] as String?).flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// Drops batches with no chunk since `idleBefore` (closing their ids), and forgets closed ids older than
    /// `forgetBefore`.
    static func expire(_ db: Database, idleBefore: String, forgetBefore: String, now: String) throws -> M.ImportExpiry {
        let batches = try Row.fetchAll(
            db, sql: "SELECT batch_id, rows - rejected AS staged FROM import_batch WHERE updated_at < ? ORDER BY batch_id", arguments: [idleBefore])
        var rows = 0
        for batch in batches {
            rows += batch["staged"] as Int
            try close(db, batchId: batch["batch_id"], reason: "dropped as abandoned (no chunk since \(idleBefore))", at: now)
        }
        let ids = batches.map { $0["batch_id"] as String }
        try db.execute(sql: "DELETE FROM import_batch_closed WHERE closed_at < ?", arguments: [forgetBefore])
        return M.ImportExpiry(expired: ids, rows: rows)
    }
}
