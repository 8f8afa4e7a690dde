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
    let curve: CurveClient?

    public init(context: ZMQContext, configuration: SuiteConfiguration, dispatcher: Dispatcher, logger: Logger, curve: CurveClient? = nil) {
        self.context = context
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        self.curve = curve
    }

    public func run() async throws {
        var settings = MDPWorker.Configuration(brokerEndpoint: configuration.gateway, service: dispatcher.service)
        settings.heartbeatIntervalMs = configuration.heartbeatMs
        settings.curve = curve
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
