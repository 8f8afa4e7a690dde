import Foundation
import GRDB
import Messages

/// Reads and writes entities. Lists (domains, tags) are stored `;`-joined on the row and indexed in
/// `entity_domain` / `entity_tag`.
enum EntityStore {
    typealias Entity = CatalogMessages.Entity

    static func fetch(_ db: Database, id: String) throws -> Entity? {
        try Row.fetchOne(db, sql: "SELECT * FROM entity WHERE id = ?", arguments: [id]).map(decode)
    }

    static func fetch(_ db: Database, uscc: String) throws -> Entity? {
        try Row.fetchOne(db, sql: "SELECT * FROM entity WHERE uscc = ?", arguments: [uscc.uppercased()]).map(decode)
    }

    static func decode(_ row: Row) throws -> Entity {
        Entity(
            id: row["id"], uscc: row["uscc"], usccVerified: row["uscc_verified"], name: row["name"], kind: try enumValue(row["kind"], "entity.kind"),
            industry: row["industry"], region: row["region"], address: row["address"], domains: split(row["domains"]), tags: split(row["tags"]),
            updatedAt: row["updated_at"])
    }

    static func split(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: ";").map(String.init) }

    /// Fills `supervisingDepts` and `inPool` from the item side.
    static func annotate(_ entity: Entity, with map: SupervisionMap) -> Entity {
        var entity = entity
        let departments = map.departments(domains: entity.domains, kind: entity.kind)
        entity.supervisingDepts = departments
        entity.inPool = departments.count >= 2
        return entity
    }

    // MARK: Writes

    /// Upserts many entities with one set of prepared statements, inside the caller's transaction.
    final class Writer {
        let db: Database
        let now: String
        private let select: Statement
        private let byUSCC: Statement
        private let upsert: Statement
        private let addDomain: Statement
        private let removeDomain: Statement
        private let addTag: Statement
        private let removeTag: Statement

        init(_ db: Database, now: String) throws {
            self.db = db
            self.now = now
            try CatalogTuning.apply(db)
            select = try db.makeStatement(sql: "SELECT domains, tags FROM entity WHERE id = ?")
            byUSCC = try db.makeStatement(sql: "SELECT id FROM entity WHERE uscc = ?")
            upsert = try db.makeStatement(
                sql: """
                    INSERT INTO entity (id, uscc, uscc_verified, name, kind, industry, region, address, domains, tags, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET uscc = excluded.uscc, uscc_verified = excluded.uscc_verified, name = excluded.name,
                        kind = excluded.kind, industry = excluded.industry, region = excluded.region, address = excluded.address,
                        domains = excluded.domains, tags = excluded.tags, updated_at = excluded.updated_at
                    """)
            addDomain = try db.makeStatement(sql: "INSERT OR IGNORE INTO entity_domain (domain, entity_id) VALUES (?, ?)")
            removeDomain = try db.makeStatement(sql: "DELETE FROM entity_domain WHERE domain = ? AND entity_id = ?")
            addTag = try db.makeStatement(sql: "INSERT OR IGNORE INTO entity_tag (tag, entity_id) VALUES (?, ?)")
            removeTag = try db.makeStatement(sql: "DELETE FROM entity_tag WHERE tag = ? AND entity_id = ?")
        }

        /// Writes one entity; `ALREADY_EXISTS` when its USCC belongs to another entity (found by the unique index,
        /// so a new row costs one lookup, one upsert and its list rows).
        func write(_ input: EntityInput) throws {
            let old = try Row.fetchOne(select, arguments: [input.id])
            let oldDomains = old.map { split($0["domains"]) } ?? []
            let oldTags = old.map { split($0["tags"]) } ?? []
            let domains = input.domains ?? oldDomains
            let tags = input.tags ?? oldTags
            do {
                try upsert.execute(arguments: [
                    input.id, input.uscc, input.usccVerified, input.name, input.kind.rawValue, input.industry, input.region, input.address,
                    domains.joined(separator: ";"), tags.joined(separator: ";"), now,
                ])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                guard let uscc = input.uscc, let owner = try String.fetchOne(byUSCC, arguments: [uscc]), owner != input.id else { throw error }
                throw CatalogError.alreadyExists("uscc \(uscc) already belongs to entity \(owner); update that entity instead")
            }
            try sync(id: input.id, old: oldDomains, new: domains, add: addDomain, remove: removeDomain)
            try sync(id: input.id, old: oldTags, new: tags, add: addTag, remove: removeTag)
        }

        /// Adds or removes tags of an existing entity; false if it does not exist or nothing changed.
        func retag(id: String, adding: [String], removing: [String]) throws -> Bool {
            guard let old = try Row.fetchOne(select, arguments: [id]) else { return false }
            let oldTags = split(old["tags"])
            let tags = Validation.normalized(oldTags.filter { !removing.contains($0) } + adding)
            guard tags != oldTags else { return false }
            try db.execute(sql: "UPDATE entity SET tags = ?, updated_at = ? WHERE id = ?", arguments: [tags.joined(separator: ";"), now, id])
            try sync(id: id, old: oldTags, new: tags, add: addTag, remove: removeTag)
            return true
        }

        private func sync(id: String, old: [String], new: [String], add: Statement, remove: Statement) throws {
            guard old != new else { return }
            let oldSet = Set(old)
            let newSet = Set(new)
            for value in oldSet.subtracting(newSet) { try remove.execute(arguments: [value, id]) }
            for value in newSet.subtracting(oldSet) { try add.execute(arguments: [value, id]) }
        }
    }

    /// `catalog.entity.upserted` events, at most 1000 ids each.
    static func announce(_ ids: [String], to events: any EventSink) throws {
        var start = 0
        while start < ids.count {
            let end = min(start + 1_000, ids.count)
            try events.append(topic: Topic.entityUpserted, CatalogMessages.EntityUpserted(ids: Array(ids[start..<end])))
            start = end
        }
    }

    // MARK: List

    /// `entities.list`, sorted by id after the cursor.
    static func list(_ db: Database, _ filter: CatalogMessages.EntityFilter, limit: Int, idsOnly: Bool) throws -> CatalogMessages.EntityList {
        try CatalogTuning.apply(db)
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let industry = filter.industry, !industry.isEmpty {
            // A complete code (section letter + 4 digits) is an equality, which walks (industry, id) already in id order.
            if industry.utf8.count == 5 {
                conditions.append("e.industry = ?")
                arguments += [industry]
            } else {
                conditions.append("e.industry >= ? AND e.industry < ?")
                arguments += [industry, industry + "\u{10FFFF}"]
            }
        }
        if let region = filter.region, !region.isEmpty {
            conditions.append("e.region >= ? AND e.region < ?")
            arguments += [region, region + "\u{10FFFF}"]
        }
        if let kind = filter.kind {
            conditions.append("e.kind = ?")
            arguments += [kind.rawValue]
        }
        // The first list-valued filter drives when no column filter picks the candidates (see SupervisionMap.Style).
        var driving = (filter.industry ?? "").isEmpty && (filter.region ?? "").isEmpty && filter.kind == nil
        func style() -> SupervisionMap.Style {
            defer { driving = false }
            return driving ? .driving(after: filter.after) : .membership
        }
        func add(_ condition: (sql: String, arguments: StatementArguments)) {
            conditions.append(condition.sql)
            arguments += condition.arguments
        }
        if let domain = filter.domain { add(SupervisionMap.has(.domains, in: [domain], style: style())) }
        var map: SupervisionMap? = nil
        if filter.itemCode != nil || filter.supervisingDept != nil || filter.pool != nil || !idsOnly {
            map = try SupervisionMap.load(db)
        }
        if let code = filter.itemCode, let map {
            guard let rule = map.rules.first(where: { $0.itemCode == code }) else {
                throw CatalogError.notFound("item \(code) has no version in force; only published items target entities")
            }
            add(SupervisionMap.condition(targetedBy: [rule], style: style()))
        }
        if let dept = filter.supervisingDept, let map { add(map.condition(supervisedBy: dept, style: style())) }
        if let tag = filter.tag { add(SupervisionMap.has(.tags, in: [tag], style: style())) }
        if let pool = filter.pool, let map {
            // Membership only: the pool is most entities, never worth materialising.
            let condition = map.poolCondition()
            add((pool ? condition.sql : "NOT \(condition.sql)", condition.arguments))
        }
        if let after = filter.after {
            conditions.append("e.id > ?")
            arguments += [after]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        if idsOnly {
            let ids = try String.fetchAll(db, sql: "SELECT e.id FROM entity e \(whereClause) ORDER BY e.id LIMIT ?", arguments: arguments)
            let page = Array(ids.prefix(limit))
            return CatalogMessages.EntityList(entities: nil, ids: page, next: ids.count > limit ? page.last : nil)
        }
        let rows = try Row.fetchAll(db, sql: "SELECT e.* FROM entity e \(whereClause) ORDER BY e.id LIMIT ?", arguments: arguments)
        let supervision = map ?? SupervisionMap(items: [])
        let entities = try rows.prefix(limit).map { annotate(try decode($0), with: supervision) }
        return CatalogMessages.EntityList(entities: entities, ids: nil, next: rows.count > limit ? entities.last?.id : nil)
    }
}
