import Foundation
import GRDB
import Messages

/// Reads and writes departments.
enum DepartmentStore {
    typealias Department = CatalogMessages.Department

    static func validate(_ department: Department, field prefix: String = "params") throws(CatalogError) {
        if let problem = Validation.deptCode(department.code) {
            throw .invalidArgument("department code \(department.code.debugDescription) \(problem)", field: "\(prefix).code")
        }
        let name = department.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else {
            throw .invalidArgument("department name must be 1…200 characters", field: "\(prefix).name")
        }
        if let parent = department.parent, parent == department.code {
            throw .invalidArgument("a department cannot be its own parent", field: "\(prefix).parent")
        }
    }

    static func fetch(_ db: Database, code: String) throws -> Department? {
        try Row.fetchOne(db, sql: "SELECT * FROM department WHERE code = ?", arguments: [code]).map(decode)
    }

    static func require(_ db: Database, code: String, field: String) throws -> Department {
        guard let department = try fetch(db, code: code) else {
            throw CatalogError.invalidArgument("department \(code) is not in the catalog; create it with depts.create first", field: field)
        }
        return department
    }

    static func existing(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT code FROM department"))
    }

    static func names(_ db: Database) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name FROM department").map { ($0["code"] as String, $0["name"] as String) })
    }

    static func insert(_ db: Database, _ department: Department, at now: String) throws {
        if try fetch(db, code: department.code) != nil {
            throw CatalogError.alreadyExists("department \(department.code) already exists; change it with depts.update")
        }
        if let parent = department.parent { _ = try require(db, code: parent, field: "params.parent") }
        try db.execute(
            sql: "INSERT INTO department (code, name, level, kind, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [department.code, department.name, department.level.rawValue, department.kind.rawValue, department.parent, now, now])
    }

    static func update(_ db: Database, _ department: Department, at now: String) throws {
        if let parent = department.parent {
            _ = try require(db, code: parent, field: "params.parent")
            // No cycles: walk up from the new parent.
            var seen: Set<String> = [department.code]
            var cursor: String? = parent
            while let code = cursor {
                guard seen.insert(code).inserted else {
                    throw CatalogError.invalidArgument("parent \(parent) would make a cycle of departments", field: "params.parent")
                }
                cursor = try String.fetchOne(db, sql: "SELECT parent FROM department WHERE code = ?", arguments: [code])
            }
        }
        try db.execute(
            sql: "UPDATE department SET name = ?, level = ?, kind = ?, parent = ?, updated_at = ? WHERE code = ?",
            arguments: [department.name, department.level.rawValue, department.kind.rawValue, department.parent, now, department.code])
    }

    static func list(_ db: Database, _ filter: CatalogMessages.DepartmentFilter) throws -> [Department] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let kind = filter.kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let level = filter.level {
            conditions.append("level = ?")
            arguments += [level.rawValue]
        }
        if let parent = filter.parent {
            conditions.append("parent = ?")
            arguments += [parent]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT * FROM department \(whereClause) ORDER BY code", arguments: arguments).map(decode)
    }

    static func decode(_ row: Row) throws -> Department {
        Department(
            code: row["code"], name: row["name"], level: try enumValue(row["level"], "department.level"),
            kind: try enumValue(row["kind"], "department.kind"), parent: row["parent"])
    }
}

/// Decodes a stored enum value; a bad one means the file was edited by hand, reported as internal.
func enumValue<E: RawRepresentable>(_ raw: String, _ column: String) throws -> E where E.RawValue == String {
    guard let value = E(rawValue: raw) else { throw StoredValueError(column: column, value: raw) }
    return value
}

/// A stored value the code cannot read.
struct StoredValueError: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "stored \(column) \(value.debugDescription) is not a known value" }
}
