import GRDB

/// Connection settings for the entity registry's large tables, applied by the code paths that touch them (the
/// shared store opens connections with SQLite's 2 MiB page cache, which turns a million-row index walk into
/// system calls).
enum CatalogTuning {
    /// Page cache per connection, in KiB (SQLite's negative form). 64 MiB.
    static let cacheKiB = 65_536

    static func apply(_ db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
    }
}
