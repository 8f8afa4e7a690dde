import GRDB

/// The inspection tables. Shipped migrations are frozen: add `inspection-vN-…`, never edit one.
enum Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("inspection-v1-tasks-results-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        id TEXT PRIMARY KEY,
                        source TEXT NOT NULL,
                        source_ref TEXT,
                        uscc TEXT NOT NULL,
                        lead_dept TEXT,
                        status TEXT NOT NULL,
                        window_start TEXT NOT NULL,
                        window_end TEXT NOT NULL,
                        origin TEXT NOT NULL DEFAULT '{}',
                        cancel_reason TEXT,
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        started_at TEXT,
                        submitted_at TEXT,
                        closed_at TEXT
                    );
                    CREATE UNIQUE INDEX tasks_by_source_ref ON tasks(source, source_ref);
                    CREATE INDEX tasks_by_uscc ON tasks(uscc);
                    CREATE INDEX tasks_by_status ON tasks(status);
                    CREATE INDEX tasks_by_started ON tasks(started_at);

                    CREATE TABLE task_items (
                        task_id TEXT NOT NULL REFERENCES tasks(id),
                        item TEXT NOT NULL,
                        dept TEXT,
                        lead_dept TEXT,
                        position INTEGER NOT NULL,
                        recognised_result_id TEXT,
                        PRIMARY KEY (task_id, item)
                    ) WITHOUT ROWID;
                    CREATE INDEX task_items_by_dept ON task_items(dept, task_id);

                    CREATE TABLE task_depts (
                        task_id TEXT NOT NULL REFERENCES tasks(id),
                        dept TEXT NOT NULL,
                        UNIQUE (task_id, dept)
                    );
                    CREATE INDEX task_depts_by_dept ON task_depts(dept, task_id);

                    CREATE TABLE task_inspectors (
                        task_id TEXT NOT NULL REFERENCES tasks(id),
                        inspector_id TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        active INTEGER NOT NULL DEFAULT 1,
                        position INTEGER NOT NULL,
                        removal_reason TEXT,
                        PRIMARY KEY (task_id, inspector_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX task_inspectors_by_inspector ON task_inspectors(inspector_id, task_id);

                    CREATE TABLE results (
                        id TEXT PRIMARY KEY,
                        task_id TEXT NOT NULL REFERENCES tasks(id),
                        uscc TEXT NOT NULL,
                        item TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        deadline TEXT,
                        findings TEXT NOT NULL,
                        internal_notes TEXT,
                        evidence TEXT NOT NULL,
                        signed_by TEXT NOT NULL,
                        recorded_by TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        published_at TEXT,
                        published_by TEXT,
                        corrects TEXT REFERENCES results(id),
                        correction_reason TEXT
                    );
                    CREATE UNIQUE INDEX results_one_per_task_item ON results(task_id, item) WHERE corrects IS NULL;
                    CREATE UNIQUE INDEX results_one_correction ON results(corrects) WHERE corrects IS NOT NULL;
                    CREATE INDEX results_by_entity_item ON results(uscc, item, published_at);
                    CREATE INDEX results_by_task ON results(task_id, item);

                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        task_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        actor_role TEXT NOT NULL,
                        actor_dept TEXT NOT NULL,
                        actor_user TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_log_by_task ON audit_log(task_id, seq);
                    CREATE TABLE audit_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        seq INTEGER NOT NULL,
                        hash TEXT NOT NULL
                    );

                    CREATE TABLE pending_referrals (
                        id TEXT PRIMARY KEY,
                        result_id TEXT NOT NULL,
                        task_id TEXT NOT NULL,
                        target_dept TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending',
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        last_attempt_at TEXT,
                        claimed_until TEXT,
                        clue_id TEXT,
                        created_at TEXT NOT NULL,
                        sent_at TEXT
                    );
                    CREATE INDEX pending_referrals_by_status ON pending_referrals(status, created_at);
                    """)
        }
    }
}
