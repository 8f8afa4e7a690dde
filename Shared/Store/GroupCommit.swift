import GRDB
import Synchronization

/// Runs the requests' write transactions that arrive while one is committing as a single transaction (group commit).
///
/// A request's change is a handful of rows, but each commit appends every page it dirtied to the WAL — the tails of
/// the idempotency, outbox and domain tables again and again — and costs two thread hops. Requests waiting together
/// (several callers, several MDP workers) therefore share one transaction and one commit; each still answers only
/// after that commit, so nothing unacknowledged is reported as done.
///
/// If any request's work throws, the whole transaction is rolled back (so in-memory state bound to the transaction,
/// like warning's rule engine, is rolled back too), that request gets its error, and the others run again in the
/// next transaction, in the same order: the result is the same as running them one after another.
final class GroupCommit: Sendable {
    /// One request's work: runs inside the shared transaction and returns what to do once it is known to have
    /// committed. `fail` is called instead when the transaction could not commit.
    struct Job: Sendable {
        var run: @Sendable (Database) throws -> @Sendable () -> Void
        var fail: @Sendable (any Error) -> Void
    }

    /// At most this many requests share a transaction, so that one group's latency stays bounded.
    static let maxGroup = 64

    private let writer: any DatabaseWriter
    private let queue = Mutex<(pending: [Job], draining: Bool)>(([], false))

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in a transaction, possibly shared with other requests, and returns its value after the commit.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(
                Job(
                    run: { db in
                        let value = try work(db)
                        return { continuation.resume(returning: value) }
                    },
                    fail: { error in continuation.resume(throwing: error) }))
        }
    }

    /// Requests waiting for the writer (for tests that line requests up behind a slow one).
    var waiting: Int { queue.withLock { $0.pending.count } }

    private func enqueue(_ job: Job) {
        let start = queue.withLock { state -> Bool in
            state.pending.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start { writer.asyncWriteWithoutTransaction { db in self.drain(db) } }
    }

    /// On the writer: takes what is waiting, commits it, and goes on until nothing is left.
    private func drain(_ db: Database) {
        while true {
            let group = queue.withLock { state -> [Job] in
                let group = Array(state.pending.prefix(Self.maxGroup))
                state.pending.removeFirst(group.count)
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            let retry = commit(group, db)
            if !retry.isEmpty { queue.withLock { $0.pending.insert(contentsOf: retry, at: 0) } }
        }
    }

    /// Commits one group; returns the jobs to run again because another job of the group failed.
    private func commit(_ group: [Job], _ db: Database) -> [Job] {
        var completions: [@Sendable () -> Void] = []
        completions.reserveCapacity(group.count)
        var failed: (index: Int, error: any Error)?
        do {
            try db.inTransaction {
                for (index, job) in group.enumerated() {
                    do {
                        completions.append(try job.run(db))
                    } catch {
                        failed = (index, error)
                        return .rollback
                    }
                }
                return .commit
            }
        } catch {
            // The commit itself failed (disk full, I/O error): nothing of the group was written.
            for job in group { job.fail(error) }
            return []
        }
        if let failed {
            group[failed.index].fail(failed.error)
            // Alone, a failing request is simply refused: nothing else to run again.
            return group.enumerated().filter { $0.offset != failed.index }.map(\.element)
        }
        for completion in completions { completion() }
        return []
    }
}
