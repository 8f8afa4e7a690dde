import GRDB
import Messages
import ServiceRunner

/// The `credit` service (DESIGN §4): its tables, methods and subscriptions.
public struct CreditService: ServiceCore {
    public static let serviceName = "credit"

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) throws {
        self.environment = environment
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {}

    public func routes(_ router: inout MethodRouter) {}
}
