import Foundation
import GRDB
import Messages

/// The inspector registry (执法检查人员名录库) and the expert registry (专家库): one table, one `registry`
/// column, the same rules; qualifications and expertise indexed in `person_attribute`.
enum PersonStore {
    typealias Person = CatalogMessages.Person

    /// Which registry.
    enum Registry: String, Sendable {
        case inspector, expert

        var noun: String { self == .inspector ? "inspector" : "expert" }
        var method: String { self == .inspector ? "inspectors" : "experts" }
    }

    /// Checks a new person and decides the id: given, else `INS-<certificateNo>` for inspectors, else a stable
    /// `EXP-<dept>-<hash of name and organisation>`.
    static func check(_ create: CatalogMessages.PersonCreate, registry: Registry, prefix: String = "params.") throws(CatalogError) -> Person {
        let name = create.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw .invalidArgument("name must be 1…100 characters", field: prefix + "name") }
        let certificate = create.certificateNo?.trimmingCharacters(in: .whitespaces).nonEmpty
        if registry == .inspector, certificate == nil {
            throw .invalidArgument("an inspector needs the number of their law-enforcement certificate (执法证号)", field: prefix + "certificateNo")
        }
        if let certificate, Validation.entityId(certificate) != nil {
            throw .invalidArgument("certificateNo must be 1…64 letters, digits, '-', '_' or '.'", field: prefix + "certificateNo")
        }
        for (field, values) in [("qualifications", create.qualifications ?? []), ("expertise", create.expertise ?? [])] {
            for value in values {
                if let problem = Validation.label(value) { throw .invalidArgument("\(value.debugDescription) \(problem)", field: prefix + field) }
            }
        }
        for conflict in create.conflicts ?? [] where Validation.entityId(conflict) != nil {
            throw .invalidArgument("conflict \(conflict.debugDescription) is not an entity id", field: prefix + "conflicts")
        }
        let id: String
        if let given = create.id?.trimmingCharacters(in: .whitespaces).nonEmpty {
            if let problem = Validation.entityId(given) { throw .invalidArgument("id \(problem)", field: prefix + "id") }
            id = given
        } else if let certificate {
            id = (registry == .inspector ? "INS-" : "EXP-") + certificate
        } else {
            let stable = EntityID.make(kind: .project, region: "", name: "\(create.dept)|\(name)|\(create.organisation ?? "")")
            id = "EXP-" + String(stable.suffix(16))
        }
        return Person(
            id: id, dept: create.dept, name: name, certificateNo: certificate, organisation: create.organisation?.nonEmpty,
            qualifications: Validation.normalized(create.qualifications ?? []), expertise: Validation.normalized(create.expertise ?? []),
            conflicts: Validation.normalized(create.conflicts ?? []), active: create.active ?? true)
    }

    static func fetch(_ db: Database, registry: Registry, id: String) throws -> Person? {
        try Row.fetchOne(db, sql: "SELECT * FROM person WHERE registry = ? AND id = ?", arguments: [registry.rawValue, id]).map(decode)
    }

    static func require(_ db: Database, registry: Registry, id: String) throws -> Person {
        guard let person = try fetch(db, registry: registry, id: id) else {
            throw CatalogError.notFound("\(registry.noun) \(id) does not exist; \(registry.method).list lists them")
        }
        return person
    }

    /// Inserts or replaces one person, with its attribute index.
    static func write(_ db: Database, _ person: Person, registry: Registry, insertOnly: Bool, now: String) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ? AND registry <> ?", arguments: [person.id, registry.rawValue]) == true {
            throw CatalogError.alreadyExists("id \(person.id) is already used in the other registry; choose another id")
        }
        if insertOnly, try fetch(db, registry: registry, id: person.id) != nil {
            throw CatalogError.alreadyExists("\(registry.noun) \(person.id) already exists; change it with \(registry.method).update")
        }
        if let certificate = person.certificateNo,
            let owner = try String.fetchOne(
                db, sql: "SELECT id FROM person WHERE registry = ? AND certificate_no = ?", arguments: [registry.rawValue, certificate]),
            owner != person.id
        {
            throw CatalogError.alreadyExists("certificate \(certificate) already belongs to \(registry.noun) \(owner)")
        }
        _ = try DepartmentStore.require(db, code: person.dept, field: "params.dept")
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO person (id, registry, dept, name, certificate_no, organisation, qualifications, expertise, conflicts, active, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                person.id, registry.rawValue, person.dept, person.name, person.certificateNo, person.organisation,
                person.qualifications.joined(separator: ";"), person.expertise.joined(separator: ";"), person.conflicts.joined(separator: ";"),
                person.active, now,
            ])
        try db.executeCached(sql: "DELETE FROM person_attribute WHERE person_id = ?", arguments: [person.id])
        for (facet, values) in [("qualification", person.qualifications), ("expertise", person.expertise)] {
            for value in values {
                try db.executeCached(
                    sql: "INSERT OR IGNORE INTO person_attribute (facet, value, person_id) VALUES (?, ?, ?)", arguments: [facet, value, person.id])
            }
        }
    }

    static func list(_ db: Database, registry: Registry, _ filter: CatalogMessages.PersonFilter, limit: Int) throws -> CatalogMessages.PersonList {
        var conditions = ["p.registry = ?"]
        var arguments: StatementArguments = [registry.rawValue]
        if let dept = filter.dept {
            conditions.append("p.dept = ?")
            arguments += [dept]
        }
        if let active = filter.active {
            conditions.append("p.active = ?")
            arguments += [active]
        }
        for (facet, value) in [("qualification", filter.qualification), ("expertise", filter.expertise)] {
            guard let value else { continue }
            conditions.append("EXISTS (SELECT 1 FROM person_attribute a WHERE a.facet = ? AND a.value = ? AND a.person_id = p.id)")
            arguments += [facet, value]
        }
        if let after = filter.after {
            conditions.append("p.id > ?")
            arguments += [after]
        }
        arguments += [limit + 1]
        let rows = try Row.fetchAll(
            db, sql: "SELECT p.* FROM person p WHERE \(conditions.joined(separator: " AND ")) ORDER BY p.id LIMIT ?", arguments: arguments)
        let people = try rows.prefix(limit).map(decode)
        return CatalogMessages.PersonList(people: people, next: rows.count > limit ? people.last?.id : nil)
    }

    static func decode(_ row: Row) throws -> Person {
        Person(
            id: row["id"], dept: row["dept"], name: row["name"], certificateNo: row["certificate_no"], organisation: row["organisation"],
            qualifications: EntityStore.split(row["qualifications"]), expertise: EntityStore.split(row["expertise"]),
            conflicts: EntityStore.split(row["conflicts"]), active: row["active"])
    }
}

extension String {
    /// nil for an empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
