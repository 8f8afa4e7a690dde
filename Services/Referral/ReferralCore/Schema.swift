import GRDB

/// The referral service's tables. Shipped migrations are frozen: add `referral-v2-…`, never edit these.
enum Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("referral-v1-tables") { db in
            try db.execute(
                sql: """
                    -- One row per clue. Lists, routing and deadlines live here; the reporter's contact does not.
                    CREATE TABLE referral_clues (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        source_ref TEXT,
                        received_at TEXT NOT NULL,
                        registered_at TEXT NOT NULL,
                        registered_by_dept TEXT,
                        registered_by TEXT,
                        reporting_dept TEXT,
                        uscc TEXT,
                        entity TEXT,
                        description TEXT NOT NULL,
                        items TEXT NOT NULL,
                        domain TEXT,
                        attachments TEXT NOT NULL,
                        status TEXT NOT NULL,
                        assigned_dept TEXT,
                        assigned_at TEXT,
                        route_mode TEXT,
                        route_reason TEXT,
                        routed_items TEXT NOT NULL DEFAULT '[]',
                        joint_depts TEXT NOT NULL DEFAULT '[]',
                        cooperating_depts TEXT NOT NULL DEFAULT '[]',
                        accepted_at TEXT,
                        concluded_at TEXT,
                        finding TEXT,
                        severity TEXT,
                        conclusion TEXT,
                        feedback_at TEXT,
                        feedback TEXT,
                        closed_at TEXT,
                        close_reason TEXT,
                        due_step TEXT,
                        due_at TEXT,
                        escalated_due TEXT,
                        escalations INTEGER NOT NULL DEFAULT 0,
                        returns INTEGER NOT NULL DEFAULT 0,
                        transfers INTEGER NOT NULL DEFAULT 0,
                        decided INTEGER NOT NULL DEFAULT 0,
                        has_reporter INTEGER NOT NULL DEFAULT 0,
                        updated_at TEXT NOT NULL
                    );
                    -- Registration is idempotent on the source's own reference.
                    CREATE UNIQUE INDEX referral_clues_source_ref ON referral_clues (source, source_ref) WHERE source_ref IS NOT NULL;
                    -- clues.list filters, newest first.
                    CREATE INDEX referral_clues_dept ON referral_clues (assigned_dept, seq);
                    CREATE INDEX referral_clues_dept_status ON referral_clues (assigned_dept, status, seq);
                    CREATE INDEX referral_clues_status ON referral_clues (status, seq);
                    CREATE INDEX referral_clues_source ON referral_clues (source, seq);
                    -- Entity filter and linking clues about one entity within a window.
                    CREATE INDEX referral_clues_uscc ON referral_clues (uscc, received_at) WHERE uscc IS NOT NULL;
                    -- Overdue: one department's (clues.list dept= overdue=true) and everyone's (the watcher).
                    CREATE INDEX referral_clues_dept_due ON referral_clues (assigned_dept, due_at, seq) WHERE due_at IS NOT NULL;
                    CREATE INDEX referral_clues_due ON referral_clues (due_at, seq) WHERE due_at IS NOT NULL;

                    -- Reporter contacts (举报人信息), sealed, apart from the clue.
                    CREATE TABLE referral_reporters (
                        clue_id TEXT PRIMARY KEY,
                        sealed TEXT NOT NULL,
                        consent INTEGER NOT NULL
                    ) WITHOUT ROWID;

                    CREATE TABLE referral_history (
                        id INTEGER PRIMARY KEY,
                        clue_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        from_status TEXT,
                        to_status TEXT NOT NULL,
                        dept TEXT,
                        actor_dept TEXT,
                        actor_user TEXT,
                        note TEXT,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX referral_history_clue ON referral_history (clue_id, id);

                    -- Every return (退回) and transfer (转办), counted and shown.
                    CREATE TABLE referral_bounces (
                        id INTEGER PRIMARY KEY,
                        clue_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        from_dept TEXT NOT NULL,
                        to_dept TEXT,
                        reason TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX referral_bounces_clue ON referral_bounces (clue_id, id);

                    -- Clues about the same entity within the window, both directions.
                    CREATE TABLE referral_links (
                        clue_id TEXT NOT NULL,
                        related_id TEXT NOT NULL,
                        PRIMARY KEY (clue_id, related_id)
                    ) WITHOUT ROWID;

                    CREATE TABLE referral_disputes (
                        id TEXT PRIMARY KEY,
                        clue_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        returned_by TEXT NOT NULL,
                        opened_at TEXT NOT NULL,
                        decided_dept TEXT,
                        decision_reason TEXT,
                        decided_at TEXT,
                        decided_by TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX referral_disputes_status ON referral_disputes (status, opened_at);
                    CREATE INDEX referral_disputes_clue ON referral_disputes (clue_id);

                    -- Escalations (督办) of overdue steps to the coordination office.
                    CREATE TABLE referral_escalations (
                        id INTEGER PRIMARY KEY,
                        clue_id TEXT NOT NULL,
                        step TEXT NOT NULL,
                        due_at TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        escalated_to TEXT NOT NULL,
                        escalated_at TEXT NOT NULL
                    );
                    CREATE INDEX referral_escalations_clue ON referral_escalations (clue_id, id);

                    -- Criminal transfer (行刑衔接).
                    CREATE TABLE referral_cases (
                        id TEXT PRIMARY KEY,
                        clue_id TEXT,
                        from_dept TEXT NOT NULL,
                        to_dept TEXT NOT NULL,
                        uscc TEXT,
                        summary TEXT NOT NULL,
                        documents TEXT NOT NULL,
                        status TEXT NOT NULL,
                        transferred_at TEXT NOT NULL,
                        transferred_by TEXT,
                        acknowledged_at TEXT,
                        acknowledged_by TEXT,
                        outcome_at TEXT,
                        reason TEXT,
                        case_number TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX referral_cases_to ON referral_cases (to_dept, status, transferred_at);
                    CREATE INDEX referral_cases_from ON referral_cases (from_dept, status, transferred_at);
                    CREATE INDEX referral_cases_status ON referral_cases (status, transferred_at);
                    CREATE INDEX referral_cases_clue ON referral_cases (clue_id) WHERE clue_id IS NOT NULL;
                    """)
        }
        // Related clues are worked out from the entity index when asked (`ClueStore.related`); nothing to keep.
        migrator.registerMigration("referral-v2-related-on-read") { db in
            try db.execute(sql: "DROP TABLE referral_links")
        }
    }
}
