import Foundation
import GRDB
import Messages

/// The actions the audit trail records.
enum AuditAction: String, Sendable {
    case create, start, record, submit, publish, close, cancel, reassign, correct
}

/// The audit trail in the database: appended in the same transaction as the change it records, listed by task,
/// and verified end to end (`AuditChain` holds the formula).
enum AuditLog {
    typealias M = InspectionMessages

    /// Appends one entry after the current head; returns its hash.
    @discardableResult
    static func append(
        _ db: Database, at: String, taskId: String, action: AuditAction, subject: String, actor: Actor, detail: JSONValue, digest: String = ""
    ) throws -> String {
        try append(db, at: at, taskId: taskId, action: action, subject: subject, actor: actor, encoding: detail, digest: digest)
    }

    /// Appends one entry whose detail is any encodable value (stored as its sorted-key JSON text).
    @discardableResult
    static func append(
        _ db: Database, at: String, taskId: String, action: AuditAction, subject: String, actor: Actor, encoding detail: some Encodable,
        digest: String = ""
    ) throws -> String {
        let head = try Row.fetchOneCached(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
        let previousSeq: Int64 = head?["seq"] ?? 0
        let previousHash: String = head?["hash"] ?? AuditChain.genesisHash
        let entry = AuditChain.Entry(
            seq: previousSeq + 1, at: at, taskId: taskId, action: action.rawValue, subject: subject, actorRole: actor.role.rawValue,
            actorDept: actor.dept ?? "", actorUser: actor.user ?? "", detail: String(decoding: try Wire.encode(detail), as: UTF8.self),
            digest: digest)
        let hash = AuditChain.hash(previous: previousHash, entry: entry)
        try db.executeCached(
            sql: """
                INSERT INTO audit_log (seq, at, task_id, action, subject, actor_role, actor_dept, actor_user, detail, digest, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.seq, entry.at, entry.taskId, entry.action, entry.subject, entry.actorRole, entry.actorDept, entry.actorUser, entry.detail,
                entry.digest, previousHash, hash,
            ])
        try db.executeCached(
            sql: "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            arguments: [entry.seq, hash])
        return hash
    }

    /// A task's entries, oldest first.
    static func list(_ db: Database, taskId: String) throws -> [M.AuditEntry] {
        try Row.fetchAllCached(
            db,
            sql: """
                SELECT seq, at, task_id, action, subject, actor_role, actor_dept, actor_user, detail, digest, prev_hash, hash
                FROM audit_log WHERE task_id = ? ORDER BY seq
                """, arguments: [taskId]
        ).map { row in
            let detailText: String = row["detail"]
            return M.AuditEntry(
                seq: row["seq"], at: row["at"], taskId: row["task_id"], action: row["action"], subject: row["subject"],
                actor: M.AuditActor(role: row["actor_role"], dept: row["actor_dept"], user: row["actor_user"]),
                detail: (try? Wire.decode(JSONValue.self, from: Data(detailText.utf8))) ?? .string(detailText), digest: row["digest"],
                prevHash: row["prev_hash"], hash: row["hash"])
        }
    }

    /// Walks the whole chain in seq order and reports the first entry that does not hold; then checks the head and
    /// that every result still has the content its last audit entry recorded.
    static func verify(_ db: Database) throws -> M.AuditVerification {
        let started = DispatchTime.now().uptimeNanoseconds
        var walk = ChainWalk()
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, at, task_id, action, subject, actor_role, actor_dept, actor_user, detail, digest, prev_hash, hash
                FROM audit_log ORDER BY seq
                """)
        while let row = try cursor.next() {
            if !(try walk.step(row)) { break }
        }
        if walk.broken == nil, let head = try Row.fetchOneCached(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1") {
            let headSeq: Int64 = head["seq"]
            let headHash: String = head["hash"]
            if headSeq != walk.lastSeq || headHash != walk.lastHashText {
                walk.broken = M.BrokenLink(
                    seq: max(headSeq, walk.lastSeq),
                    reason:
                        "the chain ends at entry \(walk.lastSeq) but the head records entry \(headSeq): entries were removed or the head was edited",
                    expected: headHash, found: walk.lastHashText)
            }
        } else if walk.broken == nil, walk.entries > 0 {
            walk.broken = M.BrokenLink(seq: walk.lastSeq, reason: "the chain head is missing", expected: walk.lastHashText, found: "")
        }
        let mismatches = try resultMismatches(db, recorded: walk.digests)
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        return M.AuditVerification(
            intact: walk.broken == nil && mismatches.isEmpty, entries: walk.entries, headSeq: walk.lastSeq, headHash: walk.lastHashText,
            firstBroken: walk.broken, resultMismatches: mismatches, durationMs: elapsed)
    }

    private static func resultMismatches(_ db: Database, recorded: [String: String]) throws -> [M.StateMismatch] {
        var mismatches: [M.StateMismatch] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(ResultStore.digestColumns) FROM results ORDER BY id")
        while let row = try cursor.next() {
            let id: String = row[0]
            let digest = ResultStore.digest(row)
            guard let expected = recorded[id] else {
                mismatches.append(M.StateMismatch(resultId: id, reason: "no audit entry records this result: it was inserted directly"))
                continue
            }
            if expected != digest {
                mismatches.append(
                    M.StateMismatch(
                        resultId: id,
                        reason: "the stored result differs from what the audit trail recorded (expected digest \(expected), found \(digest))"))
            }
        }
        return mismatches
    }
}

/// The state of one pass over the chain.
private struct ChainWalk {
    var hasher = ChainHasher()
    var previous: [UInt8] = Array(AuditChain.genesisHash.utf8)
    var computed: [UInt8] = []
    var lastSeq: Int64 = 0
    var entries = 0
    var broken: InspectionMessages.BrokenLink?
    /// The latest result digest per subject.
    var digests: [String: String] = [:]

    var lastHashText: String { String(decoding: previous, as: UTF8.self) }

    /// Checks one row; false once the chain is broken.
    mutating func step(_ row: Row) throws -> Bool {
        let seq: Int64 = row[0]
        if seq != lastSeq + 1 {
            broken = .init(
                seq: seq, reason: "entry \(lastSeq + 1) is missing before entry \(seq)", expected: String(lastSeq + 1), found: String(seq))
            return false
        }
        let linked = try row.withUnsafeData(atIndex: 10) { [previous] stored in stored?.equals(previous) ?? false }
        if !linked {
            let found = try row.withUnsafeData(atIndex: 10) { $0.map { String(decoding: $0, as: UTF8.self) } ?? "" }
            broken = .init(
                seq: seq, reason: "entry \(seq) does not link to entry \(lastSeq): its prevHash differs from that entry's hash",
                expected: String(decoding: previous, as: UTF8.self), found: found)
            return false
        }
        hasher.begin(previous: previous)
        hasher.field(AuditChain.formatTag)
        hasher.field(String(seq))
        for index in 1...9 {
            try row.withUnsafeData(atIndex: index) { hasher.field($0) }
        }
        hasher.finish(into: &computed)
        let matches = try row.withUnsafeData(atIndex: 11) { [computed] stored in stored?.equals(computed) ?? false }
        if !matches {
            let found: String = row[11] ?? ""
            broken = .init(
                seq: seq, reason: "entry \(seq) was changed after it was written: its content no longer gives its hash",
                expected: String(decoding: computed, as: UTF8.self), found: found)
            return false
        }
        let digest = try row.withUnsafeData(atIndex: 9) { $0?.isEmpty == false }
        if digest {
            let subject: String = row[4]
            digests[subject] = row[9]
        }
        swap(&previous, &computed)
        lastSeq = seq
        entries += 1
        return true
    }
}
