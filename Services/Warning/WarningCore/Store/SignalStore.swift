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

    /// An entity's signals in (`lower`, `upper`], oldest first.
    static func inWindow(_ db: Database, entity: String, lower: Int64, upper: Int64) throws -> [M.Signal] {
        try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM signals WHERE entity = ? AND at_ms > ? AND at_ms <= ? ORDER BY at_ms, seq",
            arguments: [entity, lower, upper]
        ).map(message)
    }

    static func list(_ db: Database, entity: String, kind: M.SignalKind?, limit: Int) throws -> [M.Signal] {
        var sql = "SELECT \(columns) FROM signals WHERE entity = ?"
        var arguments: StatementArguments = [entity]
        if let kind {
            sql += " AND kind = ?"
            arguments += [kind.rawValue]
        }
        sql += " ORDER BY at_ms DESC, seq DESC LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(message)
    }
}
