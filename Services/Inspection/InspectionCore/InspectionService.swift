import GRDB
import Messages
import ServiceRunner

/// The `inspection` service (DESIGN §4): its tables, methods and subscriptions.
public struct InspectionService: ServiceCore {
    public static let serviceName = "inspection"

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) throws {
        self.environment = environment
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {}

    public func routes(_ router: inout MethodRouter) {}
}
