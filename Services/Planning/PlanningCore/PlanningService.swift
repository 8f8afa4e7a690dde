import GRDB
import Messages
import ServiceRunner

/// The `planning` service (DESIGN §4): its tables, methods and subscriptions.
public struct PlanningService: ServiceCore {
    public static let serviceName = "planning"

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) throws {
        self.environment = environment
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {}

    public func routes(_ router: inout MethodRouter) {}
}
