import GRDB
import Messages

extension ScoreModel {
    /// The set of `domain`, or nil if that domain has none.
    static func load(_ db: Database, domain: String) throws -> (model: ScoreModel, updatedAt: String)? {
        guard let set = try Row.fetchOne(db, sql: "SELECT base_score, updated_at FROM credit_indicator_sets WHERE domain = ?", arguments: [domain]) else {
            return nil
        }
        let indicators = try Row.fetchAll(
            db,
            sql: """
                SELECT code, name, record_type, weight, negative_points, positive_points FROM credit_indicators
                WHERE domain = ? ORDER BY position
                """, arguments: [domain]
        ).compactMap { row -> Indicator? in
            guard let type = RecordType(rawValue: row["record_type"]) else { return nil }
            return Indicator(
                code: row["code"], name: row["name"], recordType: type, weight: row["weight"], negativePoints: row["negative_points"],
                positivePoints: row["positive_points"])
        }
        return (ScoreModel(domain: domain, baseScore: set["base_score"], indicators: indicators), set["updated_at"])
    }

    /// The set that scores entities of `domain`: its own, else the general one.
    static func effective(_ db: Database, domain: String) throws -> ScoreModel {
        if let own = try load(db, domain: domain) { return own.model }
        return try load(db, domain: generalDomain)?.model ?? .standard
    }

    /// Replaces the domain's set.
    func save(_ db: Database, at timestamp: String, by user: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO credit_indicator_sets (domain, base_score, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (domain) DO UPDATE SET base_score = excluded.base_score, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, arguments: [domain, baseScore, timestamp, user])
        try db.execute(sql: "DELETE FROM credit_indicators WHERE domain = ?", arguments: [domain])
        for (position, indicator) in indicators.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO credit_indicators (domain, position, code, name, record_type, weight, negative_points, positive_points)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    domain, position, indicator.code, indicator.name, indicator.recordType.rawValue, indicator.weight, indicator.negativePoints,
                    indicator.positivePoints,
                ])
        }
    }

    /// The live-record tallies of one entity, by type, as the evaluation counts them.
    static func tallies(_ db: Database, uscc: String, today: String) throws -> [RecordType: Tally] {
        var tallies: [RecordType: Tally] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT type, SUM(CASE WHEN polarity = 'negative' THEN severity ELSE 0 END), SUM(polarity = 'positive')
                FROM credit_records WHERE uscc = ? AND repair_id IS NULL AND (expires_on IS NULL OR expires_on > ?)
                GROUP BY type
                """, arguments: [uscc, today])
        for row in rows {
            guard let type = RecordType(rawValue: row[0]) else { continue }
            tallies[type] = Tally(negativePoints: row[1], positiveCount: row[2])
        }
        return tallies
    }
}
