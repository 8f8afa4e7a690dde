import GRDB
import Messages

/// A row of `draws`: the published record of one plan's draw (its pool is in `draw_pool`, its drawn entities with
/// their items and inspectors in `draw_selection`).
struct DrawRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "draws"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var planId: String
    var year: Int
    var method: PlanningMessages.DrawMethod
    var seeds: [[PlanningMessages.SeedNumber]]
    var keyString: String
    var poolDigest: String
    var poolSize: Int
    var strata: [PlanningMessages.Stratum]
    var selected: [String]
    var fullCoverage: [PlanningMessages.FullCoverage]
    var excluded: PlanningMessages.Exclusions
    var roster: [PlanningMessages.InspectorRef]
    var conflicts: [PlanningMessages.Conflict]
    var inspectorsPerEntity: Int
    var createdAt: String
    var createdBy: String?

    static func find(_ db: Database, _ id: String) throws -> DrawRecord {
        guard let draw = try DrawRecord.fetchOne(db, key: id) else { throw PlanningError.drawNotFound(id) }
        return draw
    }

    /// The record as published, with its assignments.
    func message(_ db: Database) throws -> PlanningMessages.Draw {
        let assignments = try SelectionRecord.filter(Column("draw_id") == id).order(Column("position")).fetchAll(db).map {
            PlanningMessages.Assignment(entityId: $0.entityId, items: $0.items, inspectors: $0.inspectors)
        }
        return .init(
            drawId: id, planId: planId, year: year, method: method, seeds: seeds, key: keyString, poolDigest: poolDigest, poolSize: poolSize,
            strata: strata, selected: selected, fullCoverage: fullCoverage, excluded: excluded, roster: roster, conflicts: conflicts,
            inspectorsPerEntity: inspectorsPerEntity, assignments: assignments, createdAt: createdAt)
    }

    /// Writes the pool with one prepared statement (pools run to a million rows).
    static func insertPool(_ db: Database, drawId: String, ids: [String], strata: [String]) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO draw_pool (draw_id, position, entity_id, stratum) VALUES (?, ?, ?, ?)")
        for (position, (id, stratum)) in zip(ids, strata).enumerated() {
            try statement.execute(arguments: [drawId, position, id, stratum])
        }
    }

    /// The stored pool in position order.
    static func pool(_ db: Database, drawId: String) throws -> (ids: [String], strata: [String]) {
        var ids: [String] = []
        var strata: [String] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT entity_id, stratum FROM draw_pool WHERE draw_id = ? ORDER BY position", arguments: [drawId])
        while let row = try rows.next() {
            ids.append(row[0])
            strata.append(row[1])
        }
        return (ids, strata)
    }
}

/// A row of `draw_selection`.
struct SelectionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "draw_selection"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var drawId: String
    var position: Int
    var entityId: String
    var items: [String]
    var inspectors: [PlanningMessages.InspectorRef]
    var taskId: String?
}
