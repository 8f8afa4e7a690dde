import Foundation
import Logging
import Messages
import ServiceLifecycle
import ServiceRunner

/// Escalates warnings not acknowledged in time, inside the warning process: every `JG_WARNING_ESCALATION_CHECK_S` it
/// calls the service's own `warnings.escalateDue` through its dispatcher, as `service(warning)`, with the time of its
/// clock — so a scheduled check takes the path (transaction, events) a requested one does, and tests drive it with a
/// `ManualClock` instead of waiting.
public struct EscalationWatcher: Sendable {
    let dispatcher: Dispatcher
    let clock: any WarningClock
    let interval: Duration
    let logger: Logger

    public init(dispatcher: Dispatcher, clock: any WarningClock, configuration: WarningConfiguration, logger: Logger) {
        self.dispatcher = dispatcher
        self.clock = clock
        interval = .seconds(configuration.escalationCheckSeconds)
        self.logger = logger
    }

    /// Checks now, then every interval, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            _ = await tick()
            try? await Task.sleep(for: interval)
        }
    }

    /// One check at the clock's time; returns the ids escalated (empty on failure, which is logged).
    @discardableResult
    public func tick() async -> [String] {
        let request = RequestEnvelope(
            method: "warnings.escalateDue", params: WarningMessages.EscalateDue(asOf: Timestamp.format(clock.now())),
            actor: .service(WarningService.serviceName))
        guard let body = try? Wire.encode(request), let frame = await dispatcher.handle([body]).first,
            let reply = try? Wire.decode(ReplyEnvelope<WarningMessages.EscalationRun>.self, from: frame)
        else {
            logger.error("escalation check failed to encode or decode")
            return []
        }
        guard reply.status == .ok, let run = reply.result else {
            logger.error("escalation check failed", metadata: ["jg.status": "\(reply.status.rawValue)", "jg.error": "\(reply.error?.message ?? "")"])
            return []
        }
        if !run.escalated.isEmpty { logger.info("warnings escalated", metadata: ["jg.count": "\(run.escalated.count)"]) }
        return run.escalated
    }
}

/// The watcher as a lifecycle service; it stops on graceful shutdown.
struct EscalationWatcherService: Service {
    let watcher: EscalationWatcher

    func run() async throws {
        await cancelWhenGracefulShutdown { await watcher.run() }
    }
}
