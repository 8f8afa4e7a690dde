import Foundation
import GRDB
import Messages

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
        for signal in signals {
            try statement.execute(arguments: [
                signal.id, signal.kind.rawValue, signal.source, signal.entity, signal.uscc, signal.site, signal.metric, signal.value,
                itemsText(signal.items), signal.dept, signal.domain, signal.region, signal.entityKind, signal.at, receivedAt,
            ])
            if db.changesCount > 0 { fresh.append(signal) }
        }
        return fresh
    }

    static let columns = "id, kind, source, entity, uscc, site, metric, value, items, dept, domain, region, entity_kind, at_ms"

    static func message(_ row: Row) -> M.Signal {
        M.Signal(
            signalId: row["id"], kind: M.SignalKind(rawValue: row["kind"]) ?? .reading, source: row["source"], entity: row["entity"], uscc: row["uscc"],
            site: row["site"], metric: row["metric"], value: row["value"], items: items(from: row["items"]), dept: row["dept"], domain: row["domain"],
            region: row["region"], entityKind: row["entity_kind"], at: Timestamp.format(row["at_ms"]))
    }

    // MARK: By entity
    //
    // The index is (hour, entity, time): the hours of a window are generated and each is one index seek, the hours
    // as the outer loop (CROSS JOIN fixes the order). A 30-day window is 721 seeks, a few milliseconds.

    /// The length of an index bucket. Queries must use the same expression, `at_ms / hourMs`, as the index.
    static let hourMs: Int64 = 3_600_000

    static func hour(_ ms: Int64) -> Int64 { ms / hourMs }

    /// `sql` selects from `signals s` joined to `hours(h)`, the hours `first…last` (either direction).
    static func hourly(from first: Int64, to last: Int64, _ select: String) -> String {
        let step = first <= last ? "h + 1 FROM hours WHERE h < \(last)" : "h - 1 FROM hours WHERE h > \(last)"
        return """
            WITH RECURSIVE hours(h) AS (SELECT \(first) UNION ALL SELECT \(step))
            \(select)
            """
    }

    /// An entity's signals in (`lower`, `upper`], oldest first.
    static func inWindow(_ db: Database, entity: String, lower: Int64, upper: Int64) throws -> [M.Signal] {
        guard lower < upper else { return [] }
        let sql = hourly(
            from: hour(lower), to: hour(upper),
            """
            SELECT \(qualified) FROM hours CROSS JOIN signals s ON s.at_ms / \(hourMs) = hours.h AND s.entity = ?
            WHERE s.at_ms > ? AND s.at_ms <= ? ORDER BY s.at_ms, s.seq
            """)
        return try Row.fetchAll(db, sql: sql, arguments: [entity, lower, upper]).map(message)
    }

    /// An entity's newest signals: a week of hours at a time, back from the newest signal stored to the oldest.
    static func list(_ db: Database, entity: String, kind: M.SignalKind?, limit: Int) throws -> [M.Signal] {
        guard let newest = try Int64.fetchOne(db, sql: "SELECT MAX(at_ms) FROM signals"),
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(at_ms) FROM signals")
        else { return [] }
        var found: [M.Signal] = []
        var upper = hour(newest)
        let bottom = hour(oldest)
        while found.count < limit, upper >= bottom {
            let lower = max(bottom, upper - 167)
            var select = "SELECT \(qualified) FROM hours CROSS JOIN signals s ON s.at_ms / \(hourMs) = hours.h AND s.entity = ?"
            var arguments: StatementArguments = [entity]
            if let kind {
                select += " WHERE s.kind = ?"
                arguments += [kind.rawValue]
            }
            select += " ORDER BY s.at_ms DESC, s.seq DESC LIMIT ?"
            arguments += [limit - found.count]
            found += try Row.fetchAll(db, sql: hourly(from: upper, to: lower, select), arguments: arguments).map(message)
            upper = lower - 1
        }
        return found
    }

    static let qualified = columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
}
