import Bus
import Foundation
import GRDB
import Logging
import Messages
import ServiceRunner
import Store
import ZeroMQ

/// Runs one service core in-process for unit tests: a real (in-memory) SQLite store, the real router and
/// dispatcher, and its subscriptions, with no sockets involved.
///
/// `call` goes through the same envelope decoding and error mapping as a bus request; `deliver` applies an event
/// through the same inbox cursor as the running service.
public final class ServiceHarness<Core: ServiceCore>: Sendable {
    public let database: ServiceDatabase
    public let core: Core
    public let dispatcher: Dispatcher
    public let subscriptions: Subscriptions
    private let transport: AsyncMDPClient

    /// - Parameter gateway: where the core's own bus client points; nothing listens there by default, so a core
    ///   that calls another service gets `DEADLINE_EXCEEDED` quickly.
    public init(
        environment overrides: [String: String] = [:], gateway: String = "tcp://127.0.0.1:1", database: ServiceDatabase? = nil
    ) throws {
        var variables = ["JG_CALL_TIMEOUT_MS": "300", "JG_GATEWAY": gateway]
        variables.merge(overrides) { _, new in new }
        let configuration = SuiteConfiguration(environment: variables)
        let logger = Logger(label: "test.\(Core.serviceName)")
        let database = try database ?? ServiceDatabase.inMemory(service: Core.serviceName, migrations: Core.migrations)
        self.database = database
        transport = try AsyncMDPClient(context: TestContext.shared, endpoint: configuration.gateway, logger: logger)
        let bus = BusClient(transport: transport, actor: .service(Core.serviceName), timeoutMs: configuration.callTimeoutMs, retries: 0)
        core = try Core(environment: ServiceEnvironment(database: database, bus: bus, configuration: configuration, logger: logger))
        let router = MethodRouter.service(core, database: database)
        dispatcher = Dispatcher(service: Core.serviceName, router: router, maxBodyBytes: configuration.maxBodyBytes, logger: logger)
        var subscriptions = Subscriptions()
        core.subscriptions(&subscriptions)
        self.subscriptions = subscriptions
    }

    deinit { transport.shutdown() }

    /// Calls `method` as `actor`; returns the reply envelope whatever its status.
    public func call<P: Encodable & Sendable>(_ method: String, _ params: P, as actor: Actor? = nil, id: String = TimeOrderedID.make()) async throws
        -> AnyReply
    {
        let envelope = RequestEnvelope(id: id, method: method, params: params, actor: actor)
        let reply = await dispatcher.handle([try Wire.encode(envelope)])
        return try Wire.decode(AnyReply.self, from: reply[0])
    }

    /// Calls `method` and decodes the OK result; any other status throws `RemoteError`.
    public func result<P: Encodable & Sendable, R: Decodable>(
        _ method: String, _ params: P, as actor: Actor? = nil, decoding type: R.Type = R.self, id: String = TimeOrderedID.make()
    ) async throws -> R {
        let reply = try await call(method, params, as: actor, id: id)
        guard reply.status == .ok else {
            throw RemoteError(status: reply.status, message: reply.error?.message ?? "", details: reply.error?.details)
        }
        return try (reply.result ?? .null).decode(type)
    }

    /// Applies an event as the inbox consumer would; returns what happened (applied, duplicate, gap).
    @discardableResult
    public func deliver(_ event: EventEnvelope) async throws -> InboxOutcome {
        try await subscriptions.apply(event, to: database)
    }

    /// Events this service has written to its outbox after `after`.
    public func events(after: Int64 = 0, topic: String? = nil) async throws -> [EventEnvelope] {
        try await database.events(after: after, limit: 1_000).events.filter { topic == nil || $0.topic == topic }
    }
}

/// One ZeroMQ context for all tests in a process.
public enum TestContext {
    public static let shared: ZMQContext = {
        do {
            return try ZMQContext()
        } catch {
            preconditionFailure("libzmq context unavailable: \(error)")
        }
    }()
}
