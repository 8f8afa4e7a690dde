import Foundation
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner

/// Runs the overdue check inside the referral process: every interval it calls the service's own
/// `clues.escalateOverdue` through its dispatcher as `service(referral)`, so a scheduled escalation takes exactly the
/// path (permissions, transaction, events) a requested one does. Tests call `tick()` after moving the clock.
public struct OverdueWatcher: Sendable {
    let dispatcher: Dispatcher
    let interval: Duration
    let logger: Logger

    public init(dispatcher: Dispatcher, interval: Duration, logger: Logger) {
        self.dispatcher = dispatcher
        self.interval = interval
        self.logger = logger
    }

    /// Checks now, then every interval, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await tick()
            try? await Task.sleep(for: interval)
        }
    }

    /// One check; returns the number of clues escalated, or nil if the check failed (logged).
    @discardableResult
    public func tick() async -> Int? {
        let request = RequestEnvelope(method: "clues.escalateOverdue", params: SystemMessages.Empty(), actor: .service(ReferralService.serviceName))
        guard let body = try? Wire.encode(request), let frame = await dispatcher.handle([body]).first,
            let reply = try? Wire.decode(AnyReply.self, from: frame)
        else {
            logger.error("overdue check failed to encode or decode")
            return nil
        }
        guard reply.status == .ok else {
            logger.error("overdue check failed", metadata: ["jg.status": "\(reply.status.rawValue)", "jg.error": "\(reply.error?.message ?? "")"])
            return nil
        }
        let count = reply.result?["escalated"]?.arrayValue?.count ?? 0
        if count > 0 { logger.notice("overdue clues escalated", metadata: ["jg.escalated": "\(count)"]) }
        return count
    }
}

/// The watcher as a lifecycle service; it stops on graceful shutdown.
struct OverdueWatcherService: Service {
    let watcher: OverdueWatcher

    func run() async throws {
        await cancelWhenGracefulShutdown { await watcher.run() }
    }
}
