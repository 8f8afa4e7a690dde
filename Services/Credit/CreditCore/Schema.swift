import GRDB

/// The credit service's tables. Shipped migrations are frozen: add `credit-v2-…`, never edit these.
enum Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("credit-v1-tables") { db in
            try db.execute(
                sql: """
                    -- Every entity credit knows, its domain (行业) and its score: the scores table evaluation rewrites.
                    CREATE TABLE credit_entities (
                        uscc TEXT PRIMARY KEY,
                        domain TEXT NOT NULL DEFAULT 'general',
                        score REAL,
                        grade TEXT,
                        evaluated_at TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX credit_entities_grade ON credit_entities (grade);

                    CREATE TABLE credit_records (
                        id INTEGER PRIMARY KEY,
                        uscc TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        type TEXT NOT NULL,
                        polarity TEXT NOT NULL CHECK (polarity IN ('positive', 'negative')),
                        severity INTEGER NOT NULL,
                        occurred_on TEXT NOT NULL,
                        expires_on TEXT,
                        origin_kind TEXT,
                        origin_id TEXT,
                        summary TEXT NOT NULL,
                        published INTEGER NOT NULL DEFAULT 1,
                        repair_id TEXT,
                        created_at TEXT NOT NULL
                    );
                    -- Covers the evaluation's scan: live (unrepaired) records grouped by entity and type.
                    CREATE INDEX credit_records_scoring ON credit_records (uscc, type, polarity, severity, expires_on) WHERE repair_id IS NULL;
                    -- An entity's records by date (records.list, public.profile, the whitelist's clean period).
                    CREATE INDEX credit_records_entity ON credit_records (uscc, occurred_on);
                    CREATE INDEX credit_records_origin ON credit_records (origin_kind, origin_id);
                    CREATE INDEX credit_records_repair ON credit_records (repair_id) WHERE repair_id IS NOT NULL;

                    CREATE TABLE credit_indicator_sets (
                        domain TEXT PRIMARY KEY,
                        base_score REAL NOT NULL,
                        updated_at TEXT NOT NULL,
                        updated_by TEXT
                    );
                    CREATE TABLE credit_indicators (
                        domain TEXT NOT NULL REFERENCES credit_indicator_sets (domain) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        code TEXT NOT NULL,
                        name TEXT NOT NULL,
                        record_type TEXT NOT NULL,
                        weight REAL NOT NULL,
                        negative_points REAL NOT NULL,
                        positive_points REAL NOT NULL,
                        PRIMARY KEY (domain, code),
                        UNIQUE (domain, record_type)
                    );

                    CREATE TABLE credit_grades (
                        grade TEXT PRIMARY KEY,
                        min_score REAL NOT NULL,
                        sampling_ratio REAL NOT NULL,
                        yearly_frequency INTEGER NOT NULL
                    );
                    CREATE TABLE credit_settings (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );

                    CREATE TABLE credit_evaluations (
                        id INTEGER PRIMARY KEY,
                        trigger TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        started_on TEXT NOT NULL,
                        entities INTEGER NOT NULL,
                        changed INTEGER NOT NULL,
                        duration_ms INTEGER NOT NULL
                    );

                    CREATE TABLE credit_punishments (
                        id TEXT PRIMARY KEY,
                        uscc TEXT NOT NULL,
                        initiator_dept TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        legal_basis TEXT,
                        measures TEXT NOT NULL,
                        starts_on TEXT NOT NULL,
                        ends_on TEXT,
                        status TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        started_by TEXT,
                        ended_at TEXT,
                        end_reason TEXT
                    );
                    CREATE INDEX credit_punishments_uscc ON credit_punishments (uscc, status);
                    CREATE INDEX credit_punishments_initiator ON credit_punishments (initiator_dept, status);
                    CREATE INDEX credit_punishments_status ON credit_punishments (status);
                    CREATE TABLE credit_punishment_depts (
                        punishment_id TEXT NOT NULL REFERENCES credit_punishments (id),
                        position INTEGER NOT NULL,
                        dept TEXT NOT NULL,
                        PRIMARY KEY (punishment_id, dept)
                    ) WITHOUT ROWID;
                    CREATE INDEX credit_punishment_depts_dept ON credit_punishment_depts (dept);
                    CREATE TABLE credit_punishment_feedback (
                        id INTEGER PRIMARY KEY,
                        punishment_id TEXT NOT NULL REFERENCES credit_punishments (id),
                        dept TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        measure TEXT,
                        note TEXT,
                        reported_at TEXT NOT NULL,
                        reported_by TEXT
                    );
                    CREATE INDEX credit_punishment_feedback_punishment ON credit_punishment_feedback (punishment_id);

                    CREATE TABLE credit_repairs (
                        id TEXT PRIMARY KEY,
                        uscc TEXT NOT NULL,
                        evidence TEXT NOT NULL,
                        evidence_digests TEXT NOT NULL,
                        status TEXT NOT NULL,
                        applied_by_dept TEXT NOT NULL,
                        applied_by TEXT,
                        applied_at TEXT NOT NULL,
                        reviewed_by_dept TEXT,
                        reviewed_by TEXT,
                        reviewed_at TEXT,
                        review_reason TEXT
                    );
                    CREATE INDEX credit_repairs_uscc ON credit_repairs (uscc, status);
                    CREATE INDEX credit_repairs_status ON credit_repairs (status);
                    CREATE TABLE credit_repair_records (
                        repair_id TEXT NOT NULL REFERENCES credit_repairs (id),
                        record_id INTEGER NOT NULL REFERENCES credit_records (id),
                        PRIMARY KEY (repair_id, record_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX credit_repair_records_record ON credit_repair_records (record_id);

                    CREATE TABLE credit_whitelist (
                        uscc TEXT PRIMARY KEY,
                        status TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        proposed_by_dept TEXT NOT NULL,
                        proposed_at TEXT NOT NULL,
                        approved_at TEXT,
                        removed_at TEXT,
                        removed_reason TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX credit_whitelist_status ON credit_whitelist (status);
                    """)
        }
        migrator.registerMigration("credit-v1-defaults") { db in
            // Literal values, not app types: the migration must not change when the defaults in code do.
            try db.execute(
                sql: """
                    INSERT INTO credit_indicator_sets (domain, base_score, updated_at) VALUES ('general', 80, '1970-01-01T00:00:00Z');
                    INSERT INTO credit_indicators (domain, position, code, name, record_type, weight, negative_points, positive_points) VALUES
                        ('general', 0, 'registration', '登记注册 registration', 'registration', 0.10, 10, 5),
                        ('general', 1, 'qualification', '资质 qualification', 'qualification', 0.15, 10, 5),
                        ('general', 2, 'daily-supervision', '日常监管 daily supervision', 'dailySupervision', 0.30, 10, 5),
                        ('general', 3, 'public-service', '公共服务 public service', 'publicService', 0.15, 10, 5),
                        ('general', 4, 'enforcement', '行政执法 enforcement', 'enforcement', 0.30, 20, 5);
                    INSERT INTO credit_grades (grade, min_score, sampling_ratio, yearly_frequency) VALUES
                        ('A', 90, 0.03, 1), ('B', 70, 0.05, 1), ('C', 50, 0.10, 2), ('D', 0, 0.20, 4);
                    INSERT INTO credit_settings (key, value) VALUES
                        ('defaultGrade', 'B'),
                        ('whitelistCleanMonths', '24'),
                        ('evaluationPeriodMonths', '3'),
                        ('negativeValidityMonths', '36'),
                        ('positiveValidityMonths', '12');
                    """)
        }
        migrator.registerMigration("credit-v2-item-domains") { db in
            // Each supervision item's domain, from catalog's item events: inspection results name only the item, and
            // the item's domain picks the entity's indicator set (行业指标).
            try db.execute(sql: "CREATE TABLE credit_item_domains (code TEXT PRIMARY KEY, domain TEXT NOT NULL) WITHOUT ROWID")
        }
    }
}
