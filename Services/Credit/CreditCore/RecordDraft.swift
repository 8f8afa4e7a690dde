import Foundation
import GRDB
import Messages

/// A credit record checked and ready to store, from `records.add` or from a consumed event.
struct RecordDraft: Sendable, Equatable {
    typealias M = CreditMessages

    var uscc: String
    var dept: String
    var type: M.RecordType
    var polarity: M.Polarity
    var severity: M.Severity?
    var occurredOn: String
    var expiresOn: String?
    var origin: M.Origin?
    var summary: String
    var published: Bool
    var domain: String?

    /// Validates `records.add` parameters for `dept` (already checked against the caller).
    static func validated(_ params: M.RecordAdd, dept: String) throws -> RecordDraft {
        try USCC.validate(params.uscc)
        try CreditCalendar.validate(params.occurredOn, field: "params.occurredOn")
        if let expiresOn = params.expiresOn {
            try CreditCalendar.validate(expiresOn, field: "params.expiresOn")
            guard expiresOn > params.occurredOn else {
                throw CreditError.invalidArgument(field: "params.expiresOn", "params.expiresOn (\(expiresOn)) must be after params.occurredOn (\(params.occurredOn))")
            }
        }
        guard !params.summary.trimmingCharacters(in: .whitespaces).isEmpty else { throw CreditError.missing("params.summary") }
        if params.polarity == .negative, params.severity == nil {
            throw CreditError.invalidArgument(field: "params.severity", "a negative record needs params.severity: minor, moderate or serious")
        }
        return RecordDraft(
            uscc: params.uscc, dept: dept, type: params.type, polarity: params.polarity, severity: params.polarity == .negative ? params.severity : nil,
            occurredOn: params.occurredOn, expiresOn: params.expiresOn, origin: params.origin, summary: params.summary, published: params.published ?? true,
            domain: params.domain)
    }

    /// Inserts the record (filling a default expiry from the settings) and returns it as stored.
    func insert(_ db: Database, settings: CreditSettings, createdAt: String) throws -> M.CreditRecord {
        let validity = polarity == .negative ? settings.negativeValidityMonths : settings.positiveValidityMonths
        let expires = expiresOn ?? CreditCalendar.adding(months: validity, to: occurredOn)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO credit_records (uscc, dept, type, polarity, severity, occurred_on, expires_on, origin_kind, origin_id, summary, published, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            uscc, dept, type.rawValue, polarity.rawValue, severity?.points ?? 0, occurredOn, expires, origin?.kind.rawValue, origin?.id, summary, published,
            createdAt,
        ])
        return M.CreditRecord(
            id: String(db.lastInsertedRowID), uscc: uscc, dept: dept, type: type, polarity: polarity, severity: severity, occurredOn: occurredOn,
            expiresOn: expires, origin: origin, summary: summary, published: published, repairId: nil, createdAt: createdAt)
    }
}

/// Reading records back.
enum RecordStore {
    typealias M = CreditMessages

    static let columns = "id, uscc, dept, type, polarity, severity, occurred_on, expires_on, origin_kind, origin_id, summary, published, repair_id, created_at"

    static func record(_ row: Row) -> M.CreditRecord? {
        guard let type = M.RecordType(rawValue: row["type"]), let polarity = M.Polarity(rawValue: row["polarity"]) else { return nil }
        let originKind: String? = row["origin_kind"]
        let id: Int64 = row["id"]
        return M.CreditRecord(
            id: String(id), uscc: row["uscc"], dept: row["dept"], type: type, polarity: polarity,
            severity: polarity == .negative ? M.Severity(points: row["severity"]) : nil, occurredOn: row["occurred_on"], expiresOn: row["expires_on"],
            origin: originKind.flatMap(M.OriginKind.init(rawValue:)).map { M.Origin(kind: $0, id: row["origin_id"]) }, summary: row["summary"],
            published: row["published"], repairId: row["repair_id"], createdAt: row["created_at"])
    }

    /// An entity's records, newest first.
    static func list(_ db: Database, query: M.RecordListQuery, includeRepaired: Bool, limit: Int) throws -> [M.CreditRecord] {
        var conditions = ["uscc = ?"]
        var arguments: StatementArguments = [query.uscc]
        if !includeRepaired { conditions.append("repair_id IS NULL") }
        if let type = query.type {
            conditions.append("type = ?")
            _ = arguments.append(contentsOf: [type.rawValue])
        }
        if let polarity = query.polarity {
            conditions.append("polarity = ?")
            _ = arguments.append(contentsOf: [polarity.rawValue])
        }
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(columns) FROM credit_records INDEXED BY credit_records_entity
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY occurred_on DESC, id DESC LIMIT ?
                """, arguments: arguments
        ).compactMap(record)
    }

    static func fetch(_ db: Database, ids: [Int64]) throws -> [M.CreditRecord] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try Row.fetchAll(db, sql: "SELECT \(columns) FROM credit_records WHERE id IN (\(marks)) ORDER BY id", arguments: StatementArguments(ids))
            .compactMap(record)
    }
}
