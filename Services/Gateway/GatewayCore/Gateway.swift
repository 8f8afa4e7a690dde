import Bus
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ServiceRunner
import Store
import ZeroMQ

/// The gateway process: MDP broker with its gatekeeper, event hub, token store, access log and HTTP front
/// (DESIGN §3–4).
public final class Gateway: Sendable {
    /// The in-process endpoint the gateway's own methods' workers reach the broker by.
    public static let inprocBroker = "inproc://jg-broker"

    public let broker: MDPBroker
    public let hub: EventHub
    public let database: ServiceDatabase
    public let service: GatewayService
    public let gatekeeper: Gatekeeper
    public let metrics: GatewayMetrics
    public let accessLog: AccessLog
    public let suiteToken: String
    let zap: ZAPHandler?
    let configuration: SuiteConfiguration
    let context: ZMQContext
    let logger: Logger

    /// Opens the token store and binds the broker and the hub (throws if a port is taken).
    public init(configuration: SuiteConfiguration, context: ZMQContext, logger: Logger) throws {
        database = try ServiceDatabase(service: "gateway", directory: configuration.dataDirectory, migrations: GatewayService.migrations)
        service = try GatewayService(database: database, tokens: TokenCache())
        suiteToken = try SuiteToken.readOrCreate(configuration)
        metrics = GatewayMetrics()
        accessLog = AccessLog(database: database, logger: logger)
        gatekeeper = Gatekeeper(
            tokens: service.tokens, suiteToken: suiteToken, limiter: RateLimiter(ratePerSecond: configuration.rateLimit), accessLog: accessLog,
            metrics: metrics)
        var brokerConfiguration = MDPBroker.Configuration(endpoints: [configuration.brokerBind, Self.inprocBroker])
        brokerConfiguration.heartbeatIntervalMs = configuration.heartbeatMs
        brokerConfiguration.queueTimeoutMs = configuration.queueTimeoutMs
        brokerConfiguration.policy = gatekeeper
        brokerConfiguration.knownServices = Set(configuration.expectedServices + ["gateway"])
        var curve: CurveServer?
        if let directory = configuration.curveKeysDirectory {
            // The ZAP handler must be bound before any CURVE server socket takes connections.
            zap = try ZAPHandler(context: context, peers: try CurveKeys.knownPeers(in: directory), logger: logger)
            curve = CurveServer(secretKey: try CurveKeys.keyPair("gateway", in: directory).secretKey)
            logger.info("CURVE on for every bus socket", metadata: ["jg.keys": "\(directory)"])
        } else {
            zap = nil
        }
        brokerConfiguration.curve = curve
        broker = MDPBroker(context: context, configuration: brokerConfiguration, logger: logger)
        try broker.start()
        hub = try EventHub(
            context: context, publishersEndpoint: configuration.hubPublishersBind, subscribersEndpoint: configuration.hubSubscribersBind, logger: logger,
            curve: curve)
        self.configuration = configuration
        self.context = context
        self.logger = logger
    }

    /// The long-running parts: the HTTP server, the workers serving `gateway` methods, the access-log writer.
    public func services(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        let front = HTTPFront(
            broker: broker, gatekeeper: gatekeeper, metrics: metrics, expectedServices: configuration.expectedServices,
            maxBodyBytes: configuration.maxBodyBytes, callTimeoutMs: configuration.callTimeoutMs)
        let http = Application(
            router: front.router(),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "jianguan-gateway"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        var local = configuration
        local.gateway = Self.inprocBroker
        let router = MethodRouter.service(service, database: database)
        let dispatcher = Dispatcher(service: GatewayService.serviceName, router: router, maxBodyBytes: configuration.maxBodyBytes, logger: logger)
        return [accessLog, WorkerPool(context: context, configuration: local, dispatcher: dispatcher, logger: logger), http]
    }

    public func stop() {
        hub.stop()
        broker.stop()
        zap?.stop()
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
        for key in ["JG_BROKER_BIND", "JG_HUB_XSUB_BIND", "JG_HUB_XPUB_BIND", "JG_HTTP_HOST", "JG_HTTP_PORT", "JG_QUEUE_TIMEOUT_MS", "JG_RATE_LIMIT"] {
            settings[key] = "\(ProcessInfo.processInfo.environment[key] ?? "(default)")"
        }
        logger.info("starting", metadata: settings)
        do {
            let context = try ZMQContext()
            let gateway = try Gateway(configuration: configuration, context: context, logger: logger)
            let adminTokenPath = "\(configuration.dataDirectory)/admin.token"
            if let token = try await gateway.service.bootstrapAdminToken(writingTo: adminTokenPath) {
                // Shown once, on the first start only; the store keeps its SHA-256.
                FileHandle.standardOutput.write(Data("first start: admin token \(token) (also in \(adminTokenPath), mode 0600)\n".utf8))
                logger.notice("first start: admin token issued", metadata: ["jg.file": "\(adminTokenPath)"])
            }
            let services = gateway.services { port in
                logger.info("http listening", metadata: ["jg.url": "http://\(configuration.httpHost):\(port)"])
            }
            let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            gateway.stop()
            logger.info("stopped")
        } catch {
            logger.critical("gateway failed", metadata: ["jg.error": "\(error)"])
            exit(1)
        }
    }
}
