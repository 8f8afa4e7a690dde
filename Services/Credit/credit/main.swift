import CreditCore
import Foundation
import Logging
import ServiceLifecycle
import ServiceRunner
import ZeroMQ

// The runner's `ServiceMain.run`, plus the periodic re-evaluation loop (`ServiceCore` has no hook for background
// work yet): the same configuration, logging, runtime and graceful shutdown, with one more service in the group.

let configuration = SuiteConfiguration()
LogfmtHandler.bootstrap(service: CreditService.serviceName, level: configuration.logLevel)
let logger = Logger(label: CreditService.serviceName)
guard configuration.problems.isEmpty else {
    for problem in configuration.problems { logger.critical("bad configuration", metadata: ["jg.problem": "\(problem)"]) }
    exit(2)
}
logger.info("starting", metadata: configuration.describe())

/// The scheduler as a lifecycle service; it stops on graceful shutdown.
struct SchedulerService: Service {
    let scheduler: EvaluationScheduler

    func run() async throws {
        await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}

do {
    let creditConfiguration = try CreditConfiguration(environment: configuration.environment)
    let context = try ZMQContext()
    let runtime = try ServiceRuntime(core: CreditService.self, configuration: configuration, context: context, logger: logger)
    let scheduler = EvaluationScheduler(dispatcher: runtime.dispatcher, configuration: creditConfiguration, logger: logger)
    let group = ServiceGroup(
        configuration: .init(
            services: runtime.services + [SchedulerService(scheduler: scheduler)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    runtime.shutdown()
    logger.info("stopped")
} catch {
    logger.critical("service failed", metadata: ["jg.error": "\(error)"])
    exit(1)
}
