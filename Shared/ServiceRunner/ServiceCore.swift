import Bus
import GRDB
import Logging
import ServiceLifecycle
import Messages
import Store

/// What a domain service provides to the runner: its tables, its methods and the events it consumes.
///
/// Every `<Name>Core` library has one type conforming to this; its executable only calls `ServiceMain.run`.
public protocol ServiceCore: Sendable {
    /// The MDP service name and database file name, e.g. `catalog`.
    static var serviceName: String { get }
    /// The service's own migrations (the outbox, inbox and idempotency tables are added by the runner).
    static func migrations(_ migrator: inout DatabaseMigrator)
    init(environment: ServiceEnvironment) throws
    func routes(_ router: inout MethodRouter)
    func subscriptions(_ subscriptions: inout Subscriptions)
    /// Long-running work of the service's own (schedules, deadline watchers), run beside the workers until
    /// graceful shutdown. They act through `dispatcher`, so they go through the same handlers as any request.
    func backgroundServices(dispatcher: Dispatcher) -> [any Service]
}

extension ServiceCore {
    public func subscriptions(_ subscriptions: inout Subscriptions) {}
    public func backgroundServices(dispatcher: Dispatcher) -> [any Service] { [] }
}

/// What a service core gets from the runner.
public struct ServiceEnvironment: Sendable {
    public var database: ServiceDatabase
    /// Calls other services as this service (`Actor.service(name)`).
    public var bus: BusClient
    public var configuration: SuiteConfiguration
    public var logger: Logger

    public init(database: ServiceDatabase, bus: BusClient, configuration: SuiteConfiguration, logger: Logger) {
        self.database = database
        self.bus = bus
        self.configuration = configuration
        self.logger = logger
    }
}
