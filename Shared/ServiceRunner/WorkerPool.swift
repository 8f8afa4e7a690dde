import Bus
import Logging
import ServiceLifecycle
import ZeroMQ

/// Serves a service's methods on `JG_WORKERS` MDP worker connections, until graceful shutdown.
public struct WorkerPool: Service {
    let context: ZMQContext
    let configuration: SuiteConfiguration
    let dispatcher: Dispatcher
    let logger: Logger

    public init(context: ZMQContext, configuration: SuiteConfiguration, dispatcher: Dispatcher, logger: Logger) {
        self.context = context
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
    }

    public func run() async throws {
        var settings = MDPWorker.Configuration(brokerEndpoint: configuration.gateway, service: dispatcher.service)
        settings.heartbeatIntervalMs = configuration.heartbeatMs
        let workerConfiguration = settings
        let dispatcher = dispatcher
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                for _ in 0..<configuration.workers {
                    let worker = MDPWorker(context: context, configuration: workerConfiguration, logger: logger)
                    group.addTask { try await worker.run(handler: dispatcher.handle) }
                }
            }
        }
    }
}
