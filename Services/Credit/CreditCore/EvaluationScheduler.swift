import Foundation
import Logging
import ServiceLifecycle
import Messages
import ServiceRunner

/// Drives the periodic re-evaluation inside the credit process: every `JG_CREDIT_SCHEDULE_CHECK_S` (default one
/// hour) it calls the service's own `evaluation.runIfDue` through its dispatcher, as `service(credit)`, so the
/// scheduled run takes exactly the path (permissions, transaction, events) a requested one does.
///
/// `CreditService.backgroundServices` runs it beside the workers; a cron calling `jg credit evaluation.runIfDue`
/// does the same job.
public struct EvaluationScheduler: Sendable {
    let dispatcher: Dispatcher
    let interval: Duration
    let logger: Logger

    public init(dispatcher: Dispatcher, configuration: CreditConfiguration, logger: Logger) {
        self.dispatcher = dispatcher
        self.interval = .seconds(configuration.scheduleCheckSeconds)
        self.logger = logger
    }

    /// Checks now, then every interval, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await tick()
            try? await Task.sleep(for: interval)
        }
    }

    /// One check; returns the reply status.
    @discardableResult
    public func tick() async -> Status {
        let request = RequestEnvelope(method: "evaluation.runIfDue", params: SystemMessages.Empty(), actor: .service(CreditService.serviceName))
        guard let body = try? Wire.encode(request), let frame = await dispatcher.handle([body]).first,
            let reply = try? Wire.decode(AnyReply.self, from: frame)
        else {
            logger.error("scheduled evaluation check failed to encode or decode")
            return .internal
        }
        if reply.status != .ok {
            logger.error("scheduled evaluation failed", metadata: ["jg.status": "\(reply.status.rawValue)", "jg.error": "\(reply.error?.message ?? "")"])
        } else if let run = reply.result?["run"], run != .null {
            logger.info("scheduled evaluation ran", metadata: ["jg.entities": "\(run["entities"]?.intValue ?? 0)", "jg.changed": "\(run["changed"]?.intValue ?? 0)"])
        }
        return reply.status
    }
}

/// The scheduler as a lifecycle service; it stops on graceful shutdown.
struct EvaluationSchedulerService: Service {
    let scheduler: EvaluationScheduler

    func run() async throws {
        await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}
