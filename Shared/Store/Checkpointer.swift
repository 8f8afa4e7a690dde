import Foundation
import GRDB
import Synchronization

/// Copies committed WAL pages back into the database file on a thread of its own, so that the writer never does it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that writer then copies the
/// whole log and waits for an fsync while every request behind it waits too (the long tail of bench-warning, where
/// each batch of readings dirties a thousand index pages). Here a separate connection runs PASSIVE checkpoints, which
/// never block readers or the writer, whenever another connection has committed since the last one; the writer's own
/// automatic checkpoint stays on, at a much larger size, only as a backstop if this one falls behind.
final class Checkpointer: Sendable {
    /// Pages the log may hold before the writer checkpoints by itself (64 MiB at 4 KiB pages).
    static let backstopPages = 16_384

    private let connection: DatabaseQueue
    private let lastVersion = Mutex<Int64?>(nil)

    init(path: String, interval: TimeInterval = 0.05) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        configuration.label = "checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        // A thread of its own: a checkpoint waits for fsync, which must not hold a cooperative-pool thread.
        // It ends with the database (the weak reference) rather than keeping it alive.
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                guard let self else { return }
                self.checkpointIfChanged()
            }
        }
        thread.name = "jg.store.checkpointer"
        thread.qualityOfService = .utility
        thread.start()
    }

    /// Checkpoints when another connection has committed since the last look (`data_version` changes only then).
    private func checkpointIfChanged() {
        do {
            try connection.writeWithoutTransaction { db in
                let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                let changed = lastVersion.withLock { last in
                    defer { last = version }
                    return last != version
                }
                guard changed else { return }
                try db.checkpoint(.passive)
            }
        } catch {
            // A busy or failed pass is retried on the next tick; the writer's backstop bounds the log meanwhile.
        }
    }
}
