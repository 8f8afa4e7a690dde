import GRDB
import Messages

/// The `assessments` and `assessment_depts` tables: one joint assessment (综合研判) per red warning, one row per
/// department asked, filled in when it answers. The wire id is `A-` and the zero-padded row number.
enum AssessmentStore {
    typealias M = WarningMessages

    static func id(_ seq: Int64) -> String { "A-" + Timestamp.pad(Int(seq), 8) }

    static func seq(_ id: String) -> Int64? {
        guard id.hasPrefix("A-"), let seq = Int64(id.dropFirst(2)), seq > 0 else { return nil }
        return seq
    }

    /// Opens the assessment of a warning for `depts`; returns its row number.
    static func open(_ db: Database, warningSeq: Int64, depts: [String], at: Int64) throws -> Int64 {
        try db.execute(sql: "INSERT INTO assessments (warning_seq, status, opened_ms) VALUES (?, 'open', ?)", arguments: [warningSeq, at])
        let seq = db.lastInsertedRowID
        var seen = Set<String>()
        for (position, dept) in depts.enumerated() where seen.insert(dept).inserted {
            try db.execute(
                sql: "INSERT INTO assessment_depts (assessment_seq, position, dept) VALUES (?, ?, ?)", arguments: [seq, position, dept])
        }
        try db.execute(sql: "UPDATE warnings SET assessment_seq = ? WHERE seq = ?", arguments: [seq, warningSeq])
        return seq
    }

    static func fetch(_ db: Database, seq: Int64) throws -> M.Assessment? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM assessments WHERE seq = ?", arguments: [seq]) else { return nil }
        let depts = try Row.fetchAll(db, sql: "SELECT * FROM assessment_depts WHERE assessment_seq = ? ORDER BY position", arguments: [seq])
        var responses: [M.AssessmentResponse] = []
        var pending: [String] = []
        for dept in depts {
            if let view = (dept["view"] as String?).flatMap(M.AssessmentView.init(rawValue:)), let at: Int64 = dept["responded_ms"] {
                responses.append(M.AssessmentResponse(dept: dept["dept"], view: view, opinion: dept["opinion"] ?? "", user: dept["user"], at: Timestamp.format(at)))
            } else {
                pending.append(dept["dept"])
            }
        }
        return M.Assessment(
            assessmentId: id(seq), warningId: WarningRecord.id(row["warning_seq"]), status: row["status"], depts: depts.map { $0["dept"] }, pending: pending,
            responses: responses.sorted { $0.at < $1.at }, outcome: (row["outcome"] as String?).flatMap(M.AssessmentView.init(rawValue:)),
            openedAt: Timestamp.format(row["opened_ms"]), concludedAt: (row["concluded_ms"] as Int64?).map(Timestamp.format))
    }

    static func require(_ db: Database, id: String) throws -> M.Assessment {
        guard let seq = seq(id), let assessment = try fetch(db, seq: seq) else { throw WarningError.assessmentNotFound(id) }
        return assessment
    }

    static func record(_ db: Database, seq: Int64, dept: String, view: M.AssessmentView, opinion: String, user: String?, at: Int64) throws {
        try db.execute(
            sql: "UPDATE assessment_depts SET view = ?, opinion = ?, user = ?, responded_ms = ? WHERE assessment_seq = ? AND dept = ?",
            arguments: [view.rawValue, opinion, user, at, seq, dept])
    }

    static func conclude(_ db: Database, seq: Int64, outcome: M.AssessmentView, at: Int64) throws {
        try db.execute(
            sql: "UPDATE assessments SET status = 'concluded', outcome = ?, concluded_ms = ? WHERE seq = ?", arguments: [outcome.rawValue, at, seq])
    }

    static func list(_ db: Database, _ filter: M.AssessmentFilter, visibleTo dept: String?, limit: Int) throws -> M.AssessmentList {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for department in [dept, filter.dept].compactMap({ $0 }) {
            conditions.append("seq IN (SELECT assessment_seq FROM assessment_depts WHERE dept = ?)")
            arguments += [department]
        }
        if let status = filter.status {
            guard ["open", "concluded"].contains(status) else {
                throw WarningError.invalidField(field: "params.status", "must be open or concluded, got \(status.debugDescription)")
            }
            conditions.append("status = ?")
            arguments += [status]
        }
        if let warningId = filter.warningId {
            guard let seq = WarningRecord.seq(warningId) else { throw WarningError.invalidField(field: "params.warningId", "must be a warning id (W-…)") }
            conditions.append("warning_seq = ?")
            arguments += [seq]
        }
        if let after = filter.after {
            guard let seq = seq(after) else { throw WarningError.invalidField(field: "params.after", "must be an assessment id (A-…)") }
            conditions.append("seq > ?")
            arguments += [seq]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        let seqs = try Int64.fetchAll(db, sql: "SELECT seq FROM assessments \(whereClause) ORDER BY seq LIMIT ?", arguments: arguments)
        let page = try seqs.prefix(limit).compactMap { try fetch(db, seq: $0) }
        return M.AssessmentList(assessments: page, next: seqs.count > limit ? page.last?.assessmentId : nil)
    }
}
