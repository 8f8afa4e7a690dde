import Bus
import Foundation
import Logging
import Messages
import ServiceLifecycle
import Store
import ZeroMQ

/// Starts one domain service: configuration, logging, database, MDP workers, outbox relay and inbox consumer,
/// all in one `ServiceGroup` that shuts down gracefully on SIGTERM/SIGINT.
public enum ServiceMain {
    /// The whole `main` of a service executable.
    public static func run<Core: ServiceCore>(_ core: Core.Type) async {
        let configuration = SuiteConfiguration()
        LogfmtHandler.bootstrap(service: Core.serviceName, level: configuration.logLevel)
        let logger = Logger(label: Core.serviceName)
        guard configuration.problems.isEmpty else {
            for problem in configuration.problems { logger.critical("bad configuration", metadata: ["jg.problem": "\(problem)"]) }
            exit(2)
        }
        logger.info("starting", metadata: configuration.describe())
        do {
            let context = try ZMQContext()
            let suiteToken = SuiteToken.await(configuration)
            if suiteToken == nil {
                logger.error("no suite token (JG_SUITE_TOKEN or \(SuiteToken.path(configuration))): calls to other services will be refused")
            }
            let runtime = try ServiceRuntime(
                core: Core.self, configuration: configuration, context: context, logger: logger, suiteToken: suiteToken)
            let group = ServiceGroup(
                configuration: .init(services: runtime.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            runtime.shutdown()
            logger.info("stopped")
        } catch {
            logger.critical("service failed", metadata: ["jg.error": "\(error)"])
            exit(1)
        }
    }
}

/// The running parts of one service, built from its core; tests start it in-process.
public final class ServiceRuntime: Sendable {
    public let database: ServiceDatabase
    public let services: [any Service]
    public let dispatcher: Dispatcher
    private let transport: AsyncMDPClient

    public init<Core: ServiceCore>(
        core: Core.Type, configuration: SuiteConfiguration, context: ZMQContext, logger: Logger, database: ServiceDatabase? = nil,
        suiteToken: String? = nil
    ) throws {
        let name = Core.serviceName
        let database = try database ?? ServiceDatabase(service: name, directory: configuration.dataDirectory, migrations: Core.migrations)
        self.database = database
        let curve = try CurveKeys.client(name, configuration: configuration)
        transport = try AsyncMDPClient(context: context, endpoint: configuration.gateway, logger: logger, curve: curve)
        let bus = BusClient(transport: transport, actor: .service(name), token: suiteToken, timeoutMs: configuration.callTimeoutMs)
        let environment = ServiceEnvironment(database: database, bus: bus, configuration: configuration, logger: logger)
        let core = try Core(environment: environment)

        let router = MethodRouter.service(core, database: database)
        dispatcher = Dispatcher(service: name, router: router, maxBodyBytes: configuration.maxBodyBytes, logger: logger)

        var services: [any Service] = [WorkerPool(context: context, configuration: configuration, dispatcher: dispatcher, logger: logger, curve: curve)]
        let publisher = try EventPublisher(context: context, hubEndpoint: configuration.eventsPublish, logger: logger, curve: curve)
        services.append(OutboxRelay(database: database, publisher: publisher, logger: logger))
        var subscriptions = Subscriptions()
        core.subscriptions(&subscriptions)
        if !subscriptions.isEmpty {
            let subscriber = try EventSubscriber(
                context: context, hubEndpoint: configuration.eventsSubscribe, prefixes: subscriptions.sources.map { "\($0)." }, logger: logger,
                curve: curve)
            var catchUpBus = bus
            catchUpBus.retries = 0
            services.append(
                InboxConsumer(
                    database: database, subscriptions: subscriptions, subscriber: subscriber, bus: catchUpBus,
                    catchUpIntervalMs: configuration.catchUpIntervalMs, logger: logger))
        }
        services += core.backgroundServices(dispatcher: dispatcher)
        self.services = services
    }

    /// Stops the bus client thread (the services stop through their `ServiceGroup`).
    public func shutdown() { transport.shutdown() }
}
