import Foundation
import GRDB
import Messages

/// Reads and writes results; every write goes with an audit entry carrying the result's digest.
enum ResultStore {
    typealias M = InspectionMessages

    /// The columns that make up a result's content digest, in `ResultDigest` order.
    static let digestColumns =
        "id, task_id, uscc, item, dept, outcome, deadline, findings, internal_notes, evidence, signed_by, recorded_by, recorded_at, corrects"

    /// The digest of a row selected with `digestColumns` first.
    static func digest(_ row: Row) -> String {
        ResultDigest.of((0..<14).map { (row[$0] as String?) ?? "" })
    }

    /// A result about to be written.
    struct Draft: Sendable {
        let id: String
        let taskId: String
        let uscc: String
        let item: String
        let dept: String
        let content: ResultRules.Content
        let signedBy: [String]
        let recordedBy: String
        let recordedAt: String
        let year: Int
        let corrects: String?
        let correctionReason: String?
        /// `content.evidence` and `signedBy` as stored (sorted-key JSON), encoded once.
        let evidenceText: String
        let signedByText: String

        init(
            id: String, taskId: String, uscc: String, item: String, dept: String, content: ResultRules.Content, signedBy: [String], recordedBy: String,
            recordedAt: String, year: Int, corrects: String? = nil, correctionReason: String? = nil
        ) throws {
            self.id = id
            self.taskId = taskId
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.content = content
            self.signedBy = signedBy
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
            self.year = year
            self.corrects = corrects
            self.correctionReason = correctionReason
            evidenceText = String(decoding: try Wire.encode(content.evidence), as: UTF8.self)
            signedByText = String(decoding: try Wire.encode(signedBy), as: UTF8.self)
        }

        var digest: String {
            ResultDigest.of([
                id, taskId, uscc, item, dept, content.outcome.rawValue, content.deadline ?? "", content.findings, content.internalNotes ?? "",
                evidenceText, signedByText, recordedBy, recordedAt, corrects ?? "",
            ])
        }
    }

    /// Inserts, or replaces the unpublished result with the same id.
    static func save(_ db: Database, _ draft: Draft, publishedAt: String? = nil, publishedBy: String? = nil) throws {
        try db.executeCached(
            sql: """
                INSERT INTO results (id, task_id, uscc, item, dept, outcome, deadline, findings, internal_notes, evidence, signed_by,
                                     recorded_by, recorded_at, year, published_at, published_by, corrects, correction_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET outcome = excluded.outcome, deadline = excluded.deadline, findings = excluded.findings,
                    internal_notes = excluded.internal_notes, evidence = excluded.evidence, signed_by = excluded.signed_by,
                    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, year = excluded.year
                """,
            arguments: [
                draft.id, draft.taskId, draft.uscc, draft.item, draft.dept, draft.content.outcome.rawValue, draft.content.deadline,
                draft.content.findings, draft.content.internalNotes, draft.evidenceText, draft.signedByText, draft.recordedBy, draft.recordedAt,
                draft.year, publishedAt, publishedBy, draft.corrects, draft.correctionReason,
            ])
    }

    static func markPublished(_ db: Database, id: String, at: String, by: String) throws {
        try db.executeCached(sql: "UPDATE results SET published_at = ?, published_by = ? WHERE id = ?", arguments: [at, by, id])
    }

    private static let select = """
        SELECT r.*, (SELECT c.id FROM results c WHERE c.corrects = r.id) AS corrected_by FROM results r
        """

    static func load(_ db: Database, id: String) throws -> M.Result {
        guard let row = try Row.fetchOneCached(db, sql: "\(select) WHERE r.id = ?", arguments: [id]) else { throw InspectionError.resultNotFound(id) }
        return try view(row)
    }

    /// The task's current (uncorrected) result of an item, if recorded.
    static func current(_ db: Database, taskId: String, item: String) throws -> M.Result? {
        try Row.fetchOneCached(db, sql: "\(select) WHERE r.task_id = ? AND r.item = ? AND r.corrects IS NULL", arguments: [taskId, item]).map(view)
    }

    /// Every result of a task, corrections included, in recording order.
    static func forTask(_ db: Database, taskId: String) throws -> [M.Result] {
        try Row.fetchAllCached(db, sql: "\(select) WHERE r.task_id = ? ORDER BY r.recorded_at, r.rowid", arguments: [taskId]).map(view)
    }

    /// Unpublished original results of a task, optionally of one department.
    static func unpublished(_ db: Database, taskId: String, dept: String?) throws -> [M.Result] {
        if let dept {
            return try Row.fetchAllCached(
                db, sql: "\(select) WHERE r.task_id = ? AND r.dept = ? AND r.published_at IS NULL ORDER BY r.rowid", arguments: [taskId, dept]
            ).map(view)
        }
        return try Row.fetchAllCached(db, sql: "\(select) WHERE r.task_id = ? AND r.published_at IS NULL ORDER BY r.rowid", arguments: [taskId]).map(view)
    }

    /// Published results of an entity, newest first, as the public sees them.
    static func published(_ db: Database, uscc: String) throws -> [M.PublicResult] {
        try Row.fetchAllCached(
            db, sql: "\(select) WHERE r.uscc = ? AND r.published_at IS NOT NULL ORDER BY r.published_at DESC, r.rowid DESC", arguments: [uscc]
        )
        .map { row in
            let result = try view(row)
            return M.PublicResult(
                resultId: result.id, item: result.item, dept: result.dept, outcome: result.outcome, deadline: result.deadline,
                findings: result.findings, publishedAt: result.publishedAt ?? "", year: result.year, corrects: result.corrects,
                correctedBy: result.correctedBy)
        }
    }

    static func view(_ row: Row) throws -> M.Result {
        let outcomeText: String = row["outcome"]
        guard let outcome = M.Outcome(rawValue: outcomeText) else {
            throw StoreCorruption(message: "result \(row["id"] as String) has outcome \(outcomeText), which this version does not know")
        }
        let evidence: String = row["evidence"]
        let signedBy: String = row["signed_by"]
        return M.Result(
            id: row["id"], taskId: row["task_id"], uscc: row["uscc"], item: row["item"], dept: row["dept"], outcome: outcome,
            deadline: row["deadline"], findings: row["findings"], internalNotes: row["internal_notes"],
            evidence: (try? Wire.decode([M.Evidence].self, from: Data(evidence.utf8))) ?? [],
            signedBy: (try? Wire.decode([String].self, from: Data(signedBy.utf8))) ?? [], recordedBy: row["recorded_by"],
            recordedAt: row["recorded_at"], publishedAt: row["published_at"], corrects: row["corrects"], correctionReason: row["correction_reason"],
            correctedBy: row["corrected_by"], year: row["year"])
    }
}
