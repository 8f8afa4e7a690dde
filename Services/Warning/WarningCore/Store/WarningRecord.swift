import Foundation
import GRDB
import Messages
import Store

/// One row of `warnings`. The wire id is `W-` and the zero-padded row number.
struct WarningRecord: Sendable {
    typealias M = WarningMessages

    var seq: Int64
    var ruleId: String
    var ruleVersion: Int
    var ruleName: String
    var level: M.Level
    var raisedLevel: M.Level
    var status: M.WarningStatus
    var entity: String
    var uscc: String?
    var site: String?
    var domain: String?
    var indicator: M.Indicator
    var value: Double
    var threshold: Double
    var windowStart: Int64
    var windowEnd: Int64
    var hits: Int
    var pushedTo: [String]
    var raisedAt: Int64
    var ackDueAt: Int64
    var escalations: Int
    var lastSignalAt: Int64
    var acknowledgedAt: Int64?
    var closedAt: Int64?
    var jointRequestId: String?
    var assessmentSeq: Int64?

    var id: String { Self.id(seq) }
    var isOpen: Bool { status != .closed }
    var isUnacknowledged: Bool { status == .generated || status == .pushed }

    static func id(_ seq: Int64) -> String { "W-" + Timestamp.pad(Int(seq), 8) }

    /// The row number in a wire id, or nil when it is not one.
    static func seq(_ id: String) -> Int64? {
        guard id.hasPrefix("W-"), let seq = Int64(id.dropFirst(2)), seq > 0 else { return nil }
        return seq
    }

    init(row: Row) throws {
        seq = row["seq"]
        ruleId = row["rule_id"]
        ruleVersion = row["rule_version"]
        ruleName = row["rule_name"]
        level = M.Level(rawValue: row["level"]) ?? .blue
        raisedLevel = M.Level(rawValue: row["raised_level"]) ?? .blue
        status = M.WarningStatus(rawValue: row["status"]) ?? .pushed
        entity = row["entity"]
        uscc = row["uscc"]
        site = row["site"]
        domain = row["domain"]
        indicator = try Wire.decode(M.Indicator.self, from: Data((row["indicator"] as String).utf8))
        value = row["value"]
        threshold = row["threshold"]
        windowStart = row["window_start_ms"]
        windowEnd = row["window_end_ms"]
        hits = row["hits"]
        pushedTo = try Wire.decode([String].self, from: Data((row["pushed_to"] as String).utf8))
        raisedAt = row["raised_ms"]
        ackDueAt = row["ack_due_ms"]
        escalations = row["escalations"]
        lastSignalAt = row["last_signal_ms"]
        acknowledgedAt = row["acknowledged_ms"]
        closedAt = row["closed_ms"]
        jointRequestId = row["joint_request_id"]
        assessmentSeq = row["assessment_seq"]
    }

    init(firing: Firing, hits: Int, pushedTo: [String], raisedAt: Int64, ackDueAt: Int64) {
        let rule = firing.rule.rule
        seq = 0
        ruleId = rule.ruleId
        ruleVersion = rule.version
        ruleName = rule.name
        level = rule.level
        raisedLevel = rule.level
        status = .pushed
        entity = firing.entity
        uscc = firing.uscc
        site = firing.site
        domain = firing.domain
        indicator = rule.indicator
        value = firing.value
        threshold = rule.threshold
        windowStart = firing.windowStart
        windowEnd = firing.at
        self.hits = hits
        self.pushedTo = pushedTo
        self.raisedAt = raisedAt
        self.ackDueAt = ackDueAt
        escalations = 0
        lastSignalAt = firing.at
    }

    func message(now: Int64) -> M.Warning {
        M.Warning(
            warningId: id, ruleId: ruleId, ruleVersion: ruleVersion, ruleName: ruleName, level: level, raisedLevel: raisedLevel, status: status,
            entity: entity, uscc: uscc, site: site, domain: domain, indicator: indicator, value: value, threshold: threshold,
            window: M.Period(start: Timestamp.format(windowStart), end: Timestamp.format(windowEnd)), hits: hits, pushedTo: pushedTo,
            raisedAt: Timestamp.format(raisedAt), ackDueAt: Timestamp.format(ackDueAt), overdue: isUnacknowledged && ackDueAt < now,
            escalations: escalations, lastSignalAt: Timestamp.format(lastSignalAt), acknowledgedAt: acknowledgedAt.map(Timestamp.format),
            closedAt: closedAt.map(Timestamp.format), jointInspectionRequestId: jointRequestId, assessmentId: assessmentSeq.map(AssessmentStore.id))
    }
}

/// The `warnings`, `warning_depts` and `warning_steps` tables.
enum WarningStore {
    typealias M = WarningMessages

    static func json(_ value: some Encodable) throws -> String { String(decoding: try Wire.encode(value), as: UTF8.self) }

    static func fetch(_ db: Database, seq: Int64) throws -> WarningRecord? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM warnings WHERE seq = ?", arguments: [seq]).map(WarningRecord.init(row:))
    }

    /// The warning `id` names, or NOT_FOUND.
    static func require(_ db: Database, id: String) throws -> WarningRecord {
        guard let seq = WarningRecord.seq(id), let record = try fetch(db, seq: seq) else { throw WarningError.warningNotFound(id) }
        return record
    }

    /// The row number and joint request of the open warning of a rule about an entity, without decoding the rest (the
    /// hot path of a rule that keeps firing).
    static func openRef(_ db: Database, ruleId: String, entity: String) throws -> (seq: Int64, jointRequestId: String?)? {
        let statement = try db.cachedStatement(sql: "SELECT seq, joint_request_id FROM warnings WHERE rule_id = ? AND entity = ? AND status <> 'closed'")
        return try Row.fetchOne(statement, arguments: [ruleId, entity]).map { ($0[0], $0[1]) }
    }

    /// Inserts a new warning and its departments; returns its row number.
    static func insert(_ db: Database, _ record: WarningRecord) throws -> Int64 {
        try db.executeCached(
            sql: """
                INSERT INTO warnings (rule_id, rule_version, rule_name, level, raised_level, status, entity, uscc, site, domain, indicator, value,
                    threshold, window_start_ms, window_end_ms, hits, pushed_to, raised_ms, ack_due_ms, escalations, last_signal_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.ruleId, record.ruleVersion, record.ruleName, record.level.rawValue, record.raisedLevel.rawValue, record.status.rawValue,
                record.entity, record.uscc, record.site, record.domain, try json(record.indicator), record.value, record.threshold, record.windowStart,
                record.windowEnd, record.hits, try json(record.pushedTo), record.raisedAt, record.ackDueAt, record.escalations, record.lastSignalAt,
            ])
        let seq = db.lastInsertedRowID
        try setDepts(db, seq: seq, record.pushedTo)
        return seq
    }

    /// The rule fired again for an open warning: the latest value and window, more hits.
    static func refire(_ db: Database, seq: Int64, firing: Firing, hits: Int) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE warnings SET value = ?, window_start_ms = ?, window_end_ms = ?, last_signal_ms = MAX(last_signal_ms, ?), hits = hits + ? WHERE seq = ?")
        try statement.execute(arguments: [firing.value, firing.windowStart, firing.at, firing.at, hits, seq])
    }

    static func setDepts(_ db: Database, seq: Int64, _ depts: [String]) throws {
        try db.executeCached(sql: "DELETE FROM warning_depts WHERE warning_seq = ?", arguments: [seq])
        for dept in Set(depts) {
            try db.executeCached(sql: "INSERT INTO warning_depts (dept, warning_seq) VALUES (?, ?)", arguments: [dept, seq])
        }
    }

    static func addStep(
        _ db: Database, seq: Int64, action: String, from: M.WarningStatus?, to: M.WarningStatus, dept: String?, user: String?, note: String?, at: Int64
    ) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO warning_steps (warning_seq, action, from_status, to_status, dept, user, note, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [seq, action, from?.rawValue, to.rawValue, dept, user, note, at])
    }

    static func steps(_ db: Database, seq: Int64) throws -> [M.WarningStep] {
        try Row.fetchAllCached(db, sql: "SELECT * FROM warning_steps WHERE warning_seq = ? ORDER BY id", arguments: [seq]).map { row in
            M.WarningStep(
                action: row["action"], from: (row["from_status"] as String?).flatMap(M.WarningStatus.init(rawValue:)),
                to: M.WarningStatus(rawValue: row["to_status"]) ?? .pushed, dept: row["dept"], user: row["user"], note: row["note"],
                at: Timestamp.format(row["at_ms"]))
        }
    }

    static func list(_ db: Database, _ filter: M.WarningFilter, visibleTo dept: String?, limit: Int, now: Int64) throws -> M.WarningList {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for department in [dept, filter.dept].compactMap({ $0 }) {
            conditions.append("seq IN (SELECT warning_seq FROM warning_depts WHERE dept = ?)")
            arguments += [department]
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let open = filter.open { conditions.append(open ? "status <> 'closed'" : "status = 'closed'") }
        if let level = filter.level {
            conditions.append("level = ?")
            arguments += [level.rawValue]
        }
        if let uscc = filter.uscc {
            conditions.append("uscc = ?")
            arguments += [uscc]
        }
        if let site = filter.site {
            conditions.append("site = ?")
            arguments += [site]
        }
        if let ruleId = filter.ruleId {
            conditions.append("rule_id = ?")
            arguments += [ruleId]
        }
        if let domain = filter.domain {
            conditions.append("domain = ?")
            arguments += [domain]
        }
        if let after = filter.after {
            guard let seq = WarningRecord.seq(after) else { throw WarningError.invalidField(field: "params.after", "must be a warning id (W-…)") }
            conditions.append("seq > ?")
            arguments += [seq]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        let records = try Row.fetchAll(db, sql: "SELECT * FROM warnings \(whereClause) ORDER BY seq LIMIT ?", arguments: arguments).map(WarningRecord.init(row:))
        let page = records.prefix(limit).map { $0.message(now: now) }
        return M.WarningList(warnings: Array(page), next: records.count > limit ? page.last?.warningId : nil)
    }
}
