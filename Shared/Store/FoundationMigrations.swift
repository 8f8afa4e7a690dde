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
}
