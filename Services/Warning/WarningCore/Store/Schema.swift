import GRDB

/// The warning service's tables. Shipped migrations are frozen: add `warning-vN-…`, never edit these.
enum Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("warning-v1-tables") { db in
            try db.execute(
                sql: """
                    CREATE TABLE signals (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        source TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        uscc TEXT,
                        site TEXT,
                        metric TEXT,
                        value REAL NOT NULL,
                        items TEXT,
                        dept TEXT,
                        domain TEXT,
                        region TEXT,
                        entity_kind TEXT,
                        at_ms INTEGER NOT NULL,
                        received_ms INTEGER NOT NULL
                    );
                    CREATE INDEX signals_entity_at ON signals (entity, at_ms);
                    CREATE INDEX signals_at ON signals (at_ms);

                    CREATE TABLE rules (
                        id TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        definition TEXT NOT NULL,
                        enabled INTEGER NOT NULL,
                        metric TEXT,
                        kind TEXT
                    );
                    CREATE INDEX rules_enabled ON rules (enabled, id);
                    CREATE INDEX rules_metric ON rules (metric, id);
                    CREATE INDEX rules_kind ON rules (kind, id);
                    CREATE TABLE rule_owners (
                        dept TEXT NOT NULL,
                        rule_id TEXT NOT NULL,
                        PRIMARY KEY (dept, rule_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE rule_versions (
                        rule_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        definition TEXT NOT NULL,
                        PRIMARY KEY (rule_id, version)
                    ) WITHOUT ROWID;

                    CREATE TABLE warnings (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        rule_id TEXT NOT NULL,
                        rule_version INTEGER NOT NULL,
                        rule_name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        raised_level TEXT NOT NULL,
                        status TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        uscc TEXT,
                        site TEXT,
                        domain TEXT,
                        indicator TEXT NOT NULL,
                        value REAL NOT NULL,
                        threshold REAL NOT NULL,
                        window_start_ms INTEGER NOT NULL,
                        window_end_ms INTEGER NOT NULL,
                        hits INTEGER NOT NULL,
                        pushed_to TEXT NOT NULL,
                        raised_ms INTEGER NOT NULL,
                        ack_due_ms INTEGER NOT NULL,
                        escalations INTEGER NOT NULL DEFAULT 0,
                        last_signal_ms INTEGER NOT NULL,
                        acknowledged_ms INTEGER,
                        closed_ms INTEGER,
                        joint_request_id TEXT,
                        assessment_seq INTEGER
                    );
                    CREATE UNIQUE INDEX warnings_open_per_rule_entity ON warnings (rule_id, entity) WHERE status <> 'closed';
                    CREATE INDEX warnings_status ON warnings (status, seq);
                    CREATE INDEX warnings_level ON warnings (level, status);
                    CREATE INDEX warnings_domain ON warnings (domain, status);
                    CREATE INDEX warnings_uscc ON warnings (uscc, seq);
                    CREATE INDEX warnings_site ON warnings (site, seq);
                    CREATE INDEX warnings_rule ON warnings (rule_id, seq);
                    CREATE INDEX warnings_unacknowledged ON warnings (ack_due_ms) WHERE status IN ('generated', 'pushed');
                    CREATE TABLE warning_depts (
                        dept TEXT NOT NULL,
                        warning_seq INTEGER NOT NULL,
                        PRIMARY KEY (dept, warning_seq)
                    ) WITHOUT ROWID;
                    CREATE TABLE warning_steps (
                        id INTEGER PRIMARY KEY,
                        warning_seq INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        from_status TEXT,
                        to_status TEXT NOT NULL,
                        dept TEXT,
                        user TEXT,
                        note TEXT,
                        at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX warning_steps_warning ON warning_steps (warning_seq, id);

                    CREATE TABLE assessments (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        warning_seq INTEGER NOT NULL UNIQUE,
                        status TEXT NOT NULL,
                        outcome TEXT,
                        opened_ms INTEGER NOT NULL,
                        concluded_ms INTEGER
                    );
                    CREATE INDEX assessments_status ON assessments (status, seq);
                    CREATE TABLE assessment_depts (
                        assessment_seq INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        dept TEXT NOT NULL,
                        view TEXT,
                        opinion TEXT,
                        user TEXT,
                        responded_ms INTEGER,
                        PRIMARY KEY (assessment_seq, dept)
                    ) WITHOUT ROWID;
                    CREATE INDEX assessment_depts_dept ON assessment_depts (dept, assessment_seq);

                    CREATE TABLE joint_requests (
                        request_id TEXT PRIMARY KEY,
                        warning_seq INTEGER NOT NULL,
                        uscc TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        requested_ms INTEGER NOT NULL
                    );
                    CREATE INDEX joint_requests_warning ON joint_requests (warning_seq);
                    CREATE INDEX joint_requests_uscc ON joint_requests (uscc, requested_ms);
                    """)
        }
        migrator.registerMigration("warning-v1-correlation-rule") { db in
            // The multi-source correlation rule: signals about one entity from two or more sources within 30 days
            // raise an orange warning and a joint inspection request. Credit signals are left out: grade drops and
            // punishments follow from inspections and clues, so they would correlate an entity with itself.
            let definition = """
                {"builtIn":true,"changedAt":"2025-01-01T00:00:00Z","changedBy":"warning","enabled":true,\
                "indicator":{"aggregate":"distinctSources"},"level":"orange","name":"multi-source correlation (多源关联)",\
                "owners":[],"pushTo":[],"reason":"seeded","ruleId":"correlation",\
                "scope":{"kinds":["clue","inspection","reading","detection"]},"threshold":2,"version":1,"window":"30d","windowSeconds":2592000}
                """
            try db.execute(
                sql: "INSERT INTO rules (id, version, definition, enabled, metric, kind) VALUES ('correlation', 1, ?, 1, NULL, NULL)", arguments: [definition])
            try db.execute(sql: "INSERT INTO rule_versions (rule_id, version, definition) VALUES ('correlation', 1, ?)", arguments: [definition])
        }
        migrator.registerMigration("warning-v2-signals-by-hour") { db in
            // Keyed on (entity, time), each reading of a batch from a thousand sites landed on its own site's index
            // page, so every commit rewrote about a thousand pages into the log. Keyed on (hour, entity, time) the
            // readings of the current hour share a few dozen pages; entity queries probe hour by hour (SignalStore).
            try db.execute(
                sql: """
                    DROP INDEX signals_entity_at;
                    CREATE INDEX signals_hour_entity ON signals (at_ms / 3600000, entity, at_ms);
                    """)
        }
        migrator.registerMigration("warning-v3-events-by-entity") { db in
            // Probing hour by hour suits monitoring readings, but every correlation over 30 days then paid 721 probes
            // for an entity whose signals are a handful of clues and inspections. Those (every kind but the two that
            // signals.ingest brings) get back an index on (entity, time), small since they are few; readings and
            // detections are probed by hour, and only from the first reading `reading_entities` knows of (its
            // last_ms column is unused: keeping it current would cost a write per reading).
            try db.execute(
                sql: """
                    CREATE INDEX signals_entity_events ON signals (entity, at_ms) WHERE kind NOT IN ('reading', 'detection');
                    CREATE TABLE reading_entities (
                        entity TEXT PRIMARY KEY,
                        first_ms INTEGER NOT NULL,
                        last_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO reading_entities SELECT entity, MIN(at_ms), MAX(at_ms) FROM signals WHERE kind IN ('reading', 'detection') GROUP BY entity;
                    """)
        }
        migrator.registerMigration("warning-v4-lists-by-owner") { db in
            // A warning's departments and a rule's owners are replaced by warning and by rule, but both tables are
            // keyed by department first: each raised or updated warning scanned every warning's departments.
            try db.execute(
                sql: """
                    CREATE INDEX warning_depts_by_warning ON warning_depts (warning_seq);
                    CREATE INDEX rule_owners_by_rule ON rule_owners (rule_id);
                    """)
        }
    }
}
