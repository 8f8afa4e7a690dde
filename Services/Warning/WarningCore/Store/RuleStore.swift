import Foundation
import GRDB
import Messages

/// The `rules`, `rule_owners` and `rule_versions` tables: the current version of each rule, who owns it, and every
/// version ever in force (warnings name the version that raised them).
enum RuleStore {
    typealias M = WarningMessages

    static func decode(_ text: String) throws -> M.Rule {
        try Wire.decode(M.Rule.self, from: Data(text.utf8))
    }

    static func enabledDefinitions(_ db: Database) throws -> [RuleDefinition] {
        try String.fetchAll(db, sql: "SELECT definition FROM rules WHERE enabled = 1 ORDER BY id").map { RuleDefinition(rule: try decode($0)) }
    }

    static func current(_ db: Database, id: String) throws -> M.Rule? {
        try String.fetchOne(db, sql: "SELECT definition FROM rules WHERE id = ?", arguments: [id]).map(decode)
    }

    static func version(_ db: Database, id: String, version: Int) throws -> M.Rule? {
        try String.fetchOne(db, sql: "SELECT definition FROM rule_versions WHERE rule_id = ? AND version = ?", arguments: [id, version]).map(decode)
    }

    static func exists(_ db: Database, id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM rules WHERE id = ?)", arguments: [id]) ?? false
    }

    /// A free id `R-0001`, `R-0002`, …
    static func nextId(_ db: Database) throws -> String {
        var number = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rules") ?? 0) + 1
        while true {
            let id = "R-" + Timestamp.pad(number, 4)
            if try !exists(db, id: id) { return id }
            number += 1
        }
    }

    /// Stores `rule` as the current version and appends it to the history.
    static func save(_ db: Database, _ rule: M.Rule) throws {
        let definition = String(decoding: try Wire.encode(rule), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO rules (id, version, definition, enabled, metric, kind) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET version = excluded.version, definition = excluded.definition, enabled = excluded.enabled,
                    metric = excluded.metric, kind = excluded.kind
                """,
            arguments: [rule.ruleId, rule.version, definition, rule.enabled, rule.indicator.metric, rule.indicator.kind?.rawValue])
        try db.execute(sql: "DELETE FROM rule_owners WHERE rule_id = ?", arguments: [rule.ruleId])
        for owner in Set(rule.owners) {
            try db.execute(sql: "INSERT INTO rule_owners (dept, rule_id) VALUES (?, ?)", arguments: [owner, rule.ruleId])
        }
        try db.execute(
            sql: "INSERT INTO rule_versions (rule_id, version, definition) VALUES (?, ?, ?)", arguments: [rule.ruleId, rule.version, definition])
    }

    static func list(_ db: Database, _ filter: M.RuleFilter, limit: Int) throws -> M.RuleList {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let owner = filter.owner {
            conditions.append("id IN (SELECT rule_id FROM rule_owners WHERE dept = ?)")
            arguments += [owner]
        }
        if let enabled = filter.enabled {
            conditions.append("enabled = ?")
            arguments += [enabled]
        }
        if let metric = filter.metric {
            conditions.append("metric = ?")
            arguments += [metric]
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let after = filter.after {
            conditions.append("id > ?")
            arguments += [after]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        let rules = try String.fetchAll(db, sql: "SELECT definition FROM rules \(whereClause) ORDER BY id LIMIT ?", arguments: arguments).map(decode)
        let page = Array(rules.prefix(limit))
        return M.RuleList(rules: page, next: rules.count > limit ? page.last?.ruleId : nil)
    }
}
