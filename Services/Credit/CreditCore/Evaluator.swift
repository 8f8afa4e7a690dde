import GRDB
import Messages
import Store

/// Recomputes scores and grades with set-based SQL inside the caller's write transaction (the model is `ScoreModel`).
///
/// Four statements over indexed columns, whatever the number of entities:
/// 1. tally live records per (entity, type) into a temp table, scanning the covering partial index
///    `credit_records_scoring` in order (no sort);
/// 2. score every entity in scope against its domain's indicator set (or the general one) and grade it;
/// 3. append one `credit.grade.changed` outbox row per entity whose effective grade changed (never-graded entities
///    count as the default grade, so a first grade equal to it publishes nothing);
/// 4. write scores and grades back to `credit_entities`.
/// Events are written straight into the foundation's `outbox` table with `json_object` (same columns and key
/// order as `Outbox.append`), because encoding hundreds of thousands of them one by one in Swift is the slow part;
/// the relay picks them up on its next poll.
enum Evaluator {
    enum Scope: Sendable {
        case all
        case entities([String])
    }

    struct Outcome: Sendable, Equatable {
        var entities: Int
        var changed: Int
    }

    static func evaluate(_ db: Database, scope: Scope, today: String, at timestamp: String, traceId: String?) throws -> Outcome {
        let table = try GradeTable.load(db)
        try prepareTemporaryTables(db, scope: scope)
        let scoped: Bool
        switch scope {
        case .all: scoped = false
        case .entities: scoped = true
        }
        let scopeFilter = scoped ? "AND uscc IN (SELECT uscc FROM temp.credit_eval_scope)" : ""
        let entityFilter = scoped ? "WHERE e.uscc IN (SELECT uscc FROM temp.credit_eval_scope)" : ""
        // Without it SQLite drives UPDATE … FROM by scanning credit_entities, so rescoring one entity cost a pass
        // over all of them (linear in the population, for every inspection result and concluded clue).
        let updateFilter = scoped ? "AND credit_entities.uscc IN (SELECT uscc FROM temp.credit_eval_new)" : ""

        try db.executeCached(
            sql: """
                INSERT INTO temp.credit_eval_tally (uscc, type, neg, pos)
                SELECT uscc, type, SUM(CASE WHEN polarity = 'negative' THEN severity ELSE 0 END), SUM(polarity = 'positive')
                FROM credit_records INDEXED BY credit_records_scoring
                WHERE repair_id IS NULL AND (expires_on IS NULL OR expires_on > ?) \(scopeFilter)
                GROUP BY uscc, type
                """, arguments: [today])

        try db.executeCached(
            sql: """
                INSERT INTO temp.credit_eval_new (uscc, score, grade)
                SELECT uscc, score, CASE WHEN score >= ? THEN 'A' WHEN score >= ? THEN 'B' WHEN score >= ? THEN 'C' ELSE 'D' END
                FROM (
                    SELECT e.uscc AS uscc,
                        ROUND(s.base_score + TOTAL(i.weight * (MIN(100.0, MAX(0.0, s.base_score + i.positive_points * t.pos - i.negative_points * t.neg)) - s.base_score)), 2) AS score
                    FROM credit_entities AS e
                    JOIN credit_indicator_sets AS s
                        ON s.domain = CASE WHEN e.domain IN (SELECT domain FROM credit_indicator_sets) THEN e.domain ELSE 'general' END
                    LEFT JOIN temp.credit_eval_tally AS t ON t.uscc = e.uscc
                    LEFT JOIN credit_indicators AS i ON i.domain = s.domain AND i.record_type = t.type
                    \(entityFilter)
                    GROUP BY e.uscc
                )
                """, arguments: [table.minScore(.A), table.minScore(.B), table.minScore(.C)])
        let entities = db.changesCount

        try db.executeCached(
            sql: """
                INSERT INTO outbox (topic, payload, at, trace_id)
                SELECT 'credit.grade.changed',
                    json_object('at', ?1, 'from', COALESCE(e.grade, ?2), 'score', n.score, 'to', n.grade, 'uscc', n.uscc), ?1, ?3
                FROM temp.credit_eval_new AS n JOIN credit_entities AS e ON e.uscc = n.uscc
                WHERE COALESCE(e.grade, ?2) <> n.grade
                ORDER BY n.uscc
                """, arguments: [timestamp, table.defaultGrade.rawValue, traceId])
        let changed = db.changesCount

        try db.executeCached(
            sql: """
                UPDATE credit_entities SET score = n.score, grade = n.grade, evaluated_at = ?
                FROM temp.credit_eval_new AS n WHERE n.uscc = credit_entities.uscc \(updateFilter)
                """, arguments: [timestamp])
        try emptyTemporaryTables(db)
        return Outcome(entities: entities, changed: changed)
    }

    /// The temp tables are created once per connection: a CREATE, even one that finds the table there, empties
    /// GRDB's statement cache, and every statement here would be compiled again for each event. The live schema is
    /// asked, not GRDB's schema cache, which a rolled-back CREATE would leave stale.
    private static func prepareTemporaryTables(_ db: Database, scope: Scope) throws {
        let exists = try Bool.fetchOneCached(db, sql: "SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'credit_eval_new'") ?? false
        if !exists {
            try db.execute(
                sql: """
                    CREATE TEMP TABLE IF NOT EXISTS credit_eval_scope (uscc TEXT PRIMARY KEY) WITHOUT ROWID;
                    CREATE TEMP TABLE IF NOT EXISTS credit_eval_tally (
                        uscc TEXT NOT NULL, type TEXT NOT NULL, neg INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (uscc, type)
                    ) WITHOUT ROWID;
                    CREATE TEMP TABLE IF NOT EXISTS credit_eval_new (uscc TEXT PRIMARY KEY, score REAL NOT NULL, grade TEXT NOT NULL) WITHOUT ROWID;
                    """)
        }
        try emptyTemporaryTables(db)
        if case .entities(let usccs) = scope {
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO temp.credit_eval_scope (uscc) VALUES (?)")
            for uscc in usccs { try insert.execute(arguments: [uscc]) }
        }
    }

    private static func emptyTemporaryTables(_ db: Database) throws {
        for table in ["credit_eval_scope", "credit_eval_tally", "credit_eval_new"] { try db.executeCached(sql: "DELETE FROM temp.\(table)") }
    }

    /// Makes sure each entity has a row (a scores-table entry), updating its domain when one is given.
    static func register(_ db: Database, uscc: String, domain: String?) throws {
        if let domain, !domain.isEmpty {
            try db.executeCached(
                sql: "INSERT INTO credit_entities (uscc, domain) VALUES (?, ?) ON CONFLICT (uscc) DO UPDATE SET domain = excluded.domain",
                arguments: [uscc, domain])
        } else {
            try db.executeCached(sql: "INSERT OR IGNORE INTO credit_entities (uscc) VALUES (?)", arguments: [uscc])
        }
    }

    /// Records a whole-population run in `credit_evaluations`.
    static func log(_ db: Database, trigger: String, startedAt: String, startedOn: String, outcome: Outcome, durationMs: Int) throws
        -> CreditMessages.EvaluationRun
    {
        try db.execute(
            sql: "INSERT INTO credit_evaluations (trigger, started_at, started_on, entities, changed, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [trigger, startedAt, startedOn, outcome.entities, outcome.changed, durationMs])
        return CreditMessages.EvaluationRun(
            runId: db.lastInsertedRowID, trigger: trigger, startedAt: startedAt, entities: outcome.entities, changed: outcome.changed,
            durationMs: durationMs)
    }

    static func lastRun(_ db: Database) throws -> (run: CreditMessages.EvaluationRun, startedOn: String)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT id, trigger, started_at, started_on, entities, changed, duration_ms FROM credit_evaluations ORDER BY id DESC LIMIT 1")
        else { return nil }
        return (
            CreditMessages.EvaluationRun(
                runId: row["id"], trigger: row["trigger"], startedAt: row["started_at"], entities: row["entities"], changed: row["changed"],
                durationMs: row["duration_ms"]), row["started_on"]
        )
    }
}
