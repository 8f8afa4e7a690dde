import Foundation
import GRDB
import Logging
import Messages
import ServiceLifecycle
import Store
import Synchronization

/// The append-only record of every call through the gateway (who, what, when, status, duration), written in
/// batches off the broker thread. The table refuses UPDATE and DELETE (triggers), so entries cannot be edited.
public final class AccessLog: Service {
    private let pending = Mutex<[GatewayMessages.AccessEntry]>([])
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let database: ServiceDatabase
    private let logger: Logger

    /// How long a flush waits for more entries; also the most an entry waits before it is written.
    static let gatherDelay = Duration.milliseconds(20)

    public init(database: ServiceDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues one entry; any thread.
    func record(_ entry: GatewayMessages.AccessEntry) {
        pending.withLock { $0.append(entry) }
        signal.yield()
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.signals {
                // Entries arriving in the next moment join the same transaction: under load one commit (and one
                // wake-up of this task) serves hundreds of calls instead of a handful.
                try? await Task.sleep(for: Self.gatherDelay)
                await self.flush()
            }
        }
        await flush()
    }

    /// Writes everything queued in one transaction.
    public func flush() async {
        let batch = pending.withLock { entries in
            defer { entries.removeAll(keepingCapacity: true) }
            return entries
        }
        guard !batch.isEmpty else { return }
        do {
            try await database.write { db, _ in
                let statement = try db.makeStatement(
                    sql: """
                        INSERT INTO access_log (at, role, dept, user, token_id, channel, service, method, request_id, status, duration_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for entry in batch {
                    try statement.execute(arguments: [
                        entry.at, entry.role, entry.dept, entry.user, entry.tokenId, entry.channel, entry.service, entry.method, entry.requestId,
                        entry.status, entry.durationMs,
                    ])
                }
            }
        } catch {
            logger.error("access log write failed", metadata: ["jg.error": "\(error)", "jg.entries": "\(batch.count)"])
        }
    }
}
