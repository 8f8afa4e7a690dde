import Foundation
import GRDB
import Messages
import Store

/// The `signals` table: every signal once, by id (events by source and seq, readings by their system's id).
enum SignalStore {
    typealias M = WarningMessages

    /// Item codes are stored joined by the unit separator (U+001F), which codes never contain.
    static let separator: Character = "\u{1F}"

    static func itemsText(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: String(separator))
    }

    static func items(from text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: separator).map(String.init)
    }

    /// Inserts the signals with one prepared statement; returns those that were new (an id seen before is skipped).
    static func insert(_ db: Database, _ signals: [SignalDraft], receivedAt: Int64) throws -> [SignalDraft] {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO signals (id, kind, source, entity, uscc, site, metric, value, items, dept, domain, region, entity_kind, at_ms, received_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var fresh: [SignalDraft] = []
        fresh.reserveCapacity(signals.count)
        var firsts: [String: Int64] = [:]
        for signal in signals {
            try statement.execute(arguments: [
                signal.id, signal.kind.rawValue, signal.source, signal.entity, signal.uscc, signal.site, signal.metric, signal.value,
                itemsText(signal.items), signal.dept, signal.domain, signal.region, signal.entityKind, signal.at, receivedAt,
            ])
            guard db.changesCount > 0 else { continue }
            fresh.append(signal)
            if isReading(signal.kind) { firsts[signal.entity] = min(firsts[signal.entity] ?? signal.at, signal.at) }
        }
        // Only an entity's first reading (or an older one sent late) writes: the usual reading changes nothing here.
        let record = try db.cachedStatement(
            sql: """
                INSERT INTO reading_entities (entity, first_ms, last_ms) VALUES (?, ?, 0)
                ON CONFLICT(entity) DO UPDATE SET first_ms = excluded.first_ms WHERE excluded.first_ms < first_ms
                """)
        for (entity, first) in firsts { try record.execute(arguments: [entity, first]) }
        return fresh
    }

    /// Readings and detections: what monitoring systems send in bulk through `signals.ingest`. Every other kind is an
    /// event of the suite (a clue, an inspection result, a credit change): few per entity.
    static func isReading(_ kind: M.SignalKind) -> Bool { kind == .reading || kind == .detection }

    /// The SQL condition for "not a reading": the partial index's (migration warning-v3-events-by-entity), which
    /// queries must repeat word for word for SQLite to use it.
    static let isEvent = "kind NOT IN ('reading', 'detection')"

    /// Its complement, for the queries over the hour index.
    static let isReadingSQL = "s.kind IN ('reading', 'detection')"

    static let columns = "id, kind, source, entity, uscc, site, metric, value, items, dept, domain, region, entity_kind, at_ms"

    static func message(_ row: Row) -> M.Signal {
        M.Signal(
            signalId: row["id"], kind: M.SignalKind(rawValue: row["kind"]) ?? .reading, source: row["source"], entity: row["entity"], uscc: row["uscc"],
            site: row["site"], metric: row["metric"], value: row["value"], items: items(from: row["items"]), dept: row["dept"], domain: row["domain"],
            region: row["region"], entityKind: row["entity_kind"], at: Timestamp.format(row["at_ms"]))
    }

    // MARK: By entity
    //
    // Events (every kind but readings and detections) are few: an index on (entity, time) serves them. Readings come
    // in bulk from many sites at once, so they are indexed by (hour, entity, time) — keyed on the entity, every
    // reading of a batch landed on its own site's index page — and found by generating the hours and seeking each,
    // the hours as the outer loop (CROSS JOIN fixes the order), only from the entity's first reading on
    // (`reading_entities`). A 30-day window of a sensor site is 721 seeks, a few milliseconds.

    /// The length of an index bucket. Queries must use the same expression, `at_ms / 3600000`, as the index
    /// (migration warning-v2-signals-by-hour).
    static let hourMs: Int64 = 3_600_000

    static func hour(_ ms: Int64) -> Int64 { ms / hourMs }

    /// `select` reads `signals s` joined to `hours(h)`, the hours `first…last` (either direction).
    static func hourly(from first: Int64, to last: Int64, _ select: String) -> String {
        let step = first <= last ? "h + 1 FROM hours WHERE h < \(last)" : "h - 1 FROM hours WHERE h > \(last)"
        return """
            WITH RECURSIVE hours(h) AS (SELECT \(first) UNION ALL SELECT \(step))
            \(select)
            """
    }

    /// When the entity's first reading was, if it has any (`last_ms` is not kept up: it would cost a write per reading).
    static func firstReading(_ db: Database, entity: String) throws -> Int64? {
        try Int64.fetchOneCached(db, sql: "SELECT first_ms FROM reading_entities WHERE entity = ?", arguments: [entity])
    }

    /// An entity's signals in (`lower`, `upper`], oldest first.
    static func inWindow(_ db: Database, entity: String, lower: Int64, upper: Int64) throws -> [M.Signal] {
        guard lower < upper else { return [] }
        var rows = try Row.fetchAllCached(
            db, sql: "SELECT \(columns), seq FROM signals WHERE entity = ? AND \(isEvent) AND at_ms > ? AND at_ms <= ?",
            arguments: [entity, lower, upper])
        if let first = try firstReading(db, entity: entity), first <= upper {
            let sql = hourly(
                from: hour(max(lower + 1, first)), to: hour(upper),
                """
                SELECT \(qualified), s.seq FROM hours CROSS JOIN signals s ON s.at_ms / \(hourMs) = hours.h AND s.entity = ?
                WHERE \(isReadingSQL) AND s.at_ms > ? AND s.at_ms <= ?
                """)
            rows += try Row.fetchAll(db, sql: sql, arguments: [entity, lower, upper])
        }
        return rows.sorted { ($0["at_ms"] as Int64, $0["seq"] as Int64) < ($1["at_ms"] as Int64, $1["seq"] as Int64) }.map(message)
    }

    /// An entity's newest signals (of one kind, if given): its events from their index, its readings a week of hours
    /// at a time back from the newest signal stored to its first reading.
    static func list(_ db: Database, entity: String, kind: M.SignalKind?, limit: Int) throws -> [M.Signal] {
        var rows: [Row] = []
        if kind.map({ !isReading($0) }) ?? true {
            var sql = "SELECT \(columns), seq FROM signals WHERE entity = ? AND \(isEvent)"
            var arguments: StatementArguments = [entity]
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind.rawValue]
            }
            sql += " ORDER BY at_ms DESC, seq DESC LIMIT ?"
            arguments += [limit]
            rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        }
        if kind.map(isReading) ?? true, let first = try firstReading(db, entity: entity),
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(at_ms) FROM signals")
        {
            var readings: [Row] = []
            var upper = hour(newest)
            let bottom = hour(first)
            while readings.count < limit, upper >= bottom {
                let lower = max(bottom, upper - 167)
                var select = """
                    SELECT \(qualified), s.seq FROM hours CROSS JOIN signals s ON s.at_ms / \(hourMs) = hours.h AND s.entity = ?
                    WHERE \(isReadingSQL)
                    """
                var arguments: StatementArguments = [entity]
                if let kind {
                    select += " AND s.kind = ?"
                    arguments += [kind.rawValue]
                }
                select += " ORDER BY s.at_ms DESC, s.seq DESC LIMIT ?"
                arguments += [limit - readings.count]
                readings += try Row.fetchAll(db, sql: hourly(from: upper, to: lower, select), arguments: arguments)
                upper = lower - 1
            }
            rows += readings
        }
        let newest = rows.sorted { ($0["at_ms"] as Int64, $0["seq"] as Int64) > ($1["at_ms"] as Int64, $1["seq"] as Int64) }
        return newest.prefix(limit).map(message)
    }

    static let qualified = columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
}
