import GRDB

/// Planning's tables. Shipped migrations are frozen: add `planning-v2-…`, never edit these.
enum PlanningSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("planning-v1-plans-draws-tasks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE plans (
                        id TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL,
                        year INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        lead_dept TEXT NOT NULL,
                        cooperating_depts TEXT NOT NULL,
                        items TEXT NOT NULL,
                        filter TEXT NOT NULL,
                        sampling TEXT NOT NULL,
                        frequency_per_year INTEGER NOT NULL,
                        window_start TEXT NOT NULL,
                        window_end TEXT NOT NULL,
                        method TEXT NOT NULL,
                        status TEXT NOT NULL,
                        due_on TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        created_by TEXT,
                        updated_at TEXT NOT NULL,
                        submitted_at TEXT,
                        submitted_on TEXT,
                        approved_at TEXT,
                        approved_by TEXT,
                        cancelled_at TEXT,
                        cancel_reason TEXT,
                        UNIQUE (year, seq)
                    );
                    CREATE INDEX plans_by_lead ON plans (lead_dept);

                    CREATE TABLE draws (
                        id TEXT PRIMARY KEY,
                        plan_id TEXT NOT NULL UNIQUE REFERENCES plans (id),
                        year INTEGER NOT NULL,
                        method TEXT NOT NULL,
                        seeds TEXT NOT NULL,
                        key_string TEXT NOT NULL,
                        pool_digest TEXT NOT NULL,
                        pool_size INTEGER NOT NULL,
                        strata TEXT NOT NULL,
                        selected TEXT NOT NULL,
                        full_coverage TEXT NOT NULL,
                        excluded TEXT NOT NULL,
                        roster TEXT NOT NULL,
                        conflicts TEXT NOT NULL,
                        inspectors_per_entity INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        created_by TEXT
                    );
                    -- The pool as drawn, ascending id: what anyone re-runs the draw on.
                    CREATE TABLE draw_pool (
                        draw_id TEXT NOT NULL REFERENCES draws (id),
                        position INTEGER NOT NULL,
                        entity_id TEXT NOT NULL,
                        stratum TEXT NOT NULL,
                        PRIMARY KEY (draw_id, position)
                    ) WITHOUT ROWID;
                    -- Every drawn entity with its items and inspectors; task_id once issued.
                    CREATE TABLE draw_selection (
                        draw_id TEXT NOT NULL REFERENCES draws (id),
                        position INTEGER NOT NULL,
                        entity_id TEXT NOT NULL,
                        items TEXT NOT NULL,
                        inspectors TEXT NOT NULL,
                        task_id TEXT,
                        PRIMARY KEY (draw_id, position),
                        UNIQUE (draw_id, entity_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX draw_selection_open ON draw_selection (task_id, draw_id);

                    CREATE TABLE tasks (
                        id TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL,
                        year INTEGER NOT NULL,
                        uscc TEXT NOT NULL,
                        plan_ids TEXT NOT NULL,
                        items TEXT NOT NULL,
                        depts TEXT NOT NULL,
                        inspectors TEXT NOT NULL,
                        window_start TEXT NOT NULL,
                        window_end TEXT NOT NULL,
                        issued_at TEXT NOT NULL,
                        issued_by TEXT,
                        UNIQUE (year, seq)
                    );
                    CREATE INDEX tasks_by_entity ON tasks (uscc);

                    CREATE TABLE avoidances (
                        id TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL UNIQUE,
                        inspector_id TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        entity_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        declared_by TEXT,
                        declared_at TEXT NOT NULL,
                        UNIQUE (inspector_id, entity_id)
                    );
                    CREATE INDEX avoidances_by_entity ON avoidances (entity_id);

                    -- Entities already checked for an item in a year, from inspection.result.published.
                    CREATE TABLE checked (
                        entity_id TEXT NOT NULL,
                        item TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        result_id TEXT,
                        published_at TEXT,
                        PRIMARY KEY (year, item, entity_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("planning-v2-task-item-depts") { db in
            // Which department checks each item of a joint task (JSON [{code, dept}]); null for tasks issued before.
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN item_depts TEXT")
        }
    }
}
