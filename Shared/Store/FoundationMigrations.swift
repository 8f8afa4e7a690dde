import GRDB

/// The tables every service has (DESIGN §5). Shipped migrations are frozen: add new ones, never edit these.
enum FoundationMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("jg-foundation-v1") { db in
            // AUTOINCREMENT: a seq is never reused, even after the newest row is pruned.
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        topic TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        at TEXT NOT NULL,
                        trace_id TEXT
                    );
                    CREATE TABLE outbox_relay (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        published_seq INTEGER NOT NULL
                    );
                    CREATE TABLE inbox_cursor (
                        source TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE TABLE idempotency (
                        request_id TEXT PRIMARY KEY,
                        method TEXT NOT NULL,
                        reply TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    """)
        }
    }

    /// Registered after the service's own migrations (they were all shipped before it): migrations run in order.
    static func registerLater(in migrator: inout DatabaseMigrator) {
        // How many events of each source were applied, counted in the same transaction as the cursor: a crash test
        // compares it with the producer's outbox and the cursor, so a skipped or doubled event shows.
        migrator.registerMigration("jg-foundation-v2-inbox-applied") { db in
            try db.execute(
                sql: """
                    ALTER TABLE inbox_cursor ADD COLUMN applied INTEGER NOT NULL DEFAULT 0;
                    UPDATE inbox_cursor SET applied = seq;
                    """)
        }
    }
}
