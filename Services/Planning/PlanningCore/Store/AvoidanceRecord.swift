import GRDB
import Messages

/// A row of `avoidances`: a declared conflict of interest (回避).
struct AvoidanceRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "avoidances"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var seq: Int
    var inspectorId: String
    var dept: String
    var entityId: String
    var reason: String
    var declaredBy: String?
    var declaredAt: String

    var message: PlanningMessages.Avoidance {
        .init(avoidanceId: id, inspectorId: inspectorId, dept: dept, entityId: entityId, reason: reason, declaredBy: declaredBy, declaredAt: declaredAt)
    }
}
