import Bus
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ServiceRunner
import ZeroMQ

/// The gateway process: MDP broker, event hub and HTTP front (DESIGN §3–4).
public final class Gateway: Sendable {
    /// The in-process endpoint the HTTP front reaches the broker by.
    public static let inprocBroker = "inproc://jg-broker"

    public let broker: MDPBroker
    public let hub: EventHub
    public let bus: AsyncMDPClient
    let configuration: SuiteConfiguration
    let logger: Logger

    /// Binds the broker and the hub (throws if a port is taken) and connects the HTTP front's bus client.
    public init(configuration: SuiteConfiguration, context: ZMQContext, logger: Logger) throws {
        var brokerConfiguration = MDPBroker.Configuration(endpoints: [configuration.brokerBind, Self.inprocBroker])
        brokerConfiguration.heartbeatIntervalMs = configuration.heartbeatMs
        brokerConfiguration.queueTimeoutMs = configuration.queueTimeoutMs
        broker = MDPBroker(context: context, configuration: brokerConfiguration, logger: logger)
        try broker.start()
        hub = try EventHub(
            context: context, publishersEndpoint: configuration.hubPublishersBind, subscribersEndpoint: configuration.hubSubscribersBind, logger: logger)
        bus = try AsyncMDPClient(context: context, endpoint: Self.inprocBroker, logger: logger)
        self.configuration = configuration
        self.logger = logger
    }

    /// The HTTP server, as a lifecycle service.
    public func httpApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let front = HTTPFront(
            bus: bus, broker: broker, expectedServices: configuration.expectedServices, maxBodyBytes: configuration.maxBodyBytes,
            callTimeoutMs: configuration.callTimeoutMs)
        return Application(
            router: front.router(),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "jianguan-gateway"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    public func stop() {
        bus.shutdown()
        hub.stop()
        broker.stop()
    }

    /// The whole `main` of the gateway executable.
    public static func main() async {
        let configuration = SuiteConfiguration()
        LogfmtHandler.bootstrap(service: "gateway", level: configuration.logLevel)
        let logger = Logger(label: "gateway")
        guard configuration.problems.isEmpty else {
            for problem in configuration.problems { logger.critical("bad configuration", metadata: ["jg.problem": "\(problem)"]) }
            exit(2)
        }
        var settings = configuration.describe()
        for key in ["JG_BROKER_BIND", "JG_HUB_XSUB_BIND", "JG_HUB_XPUB_BIND", "JG_HTTP_HOST", "JG_HTTP_PORT", "JG_QUEUE_TIMEOUT_MS"] {
            settings[key] = "\(ProcessInfo.processInfo.environment[key] ?? "(default)")"
        }
        logger.info("starting", metadata: settings)
        do {
            let context = try ZMQContext()
            let gateway = try Gateway(configuration: configuration, context: context, logger: logger)
            let http = gateway.httpApplication { port in
                logger.info("http listening", metadata: ["jg.url": "http://\(configuration.httpHost):\(port)"])
            }
            let group = ServiceGroup(configuration: .init(services: [http], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            gateway.stop()
            logger.info("stopped")
        } catch {
            logger.critical("gateway failed", metadata: ["jg.error": "\(error)"])
            exit(1)
        }
    }
}
