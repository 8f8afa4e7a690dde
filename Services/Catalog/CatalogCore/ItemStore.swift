import Foundation
import GRDB
import Messages
import Store

/// Reads and writes item versions, their reviews and their history.
///
/// `item` holds each item's newest version and the version in force; `item_version` every version; side tables
/// index departments, target kinds and industries per version.
enum ItemStore {
    typealias Item = CatalogMessages.Item

    /// The newest version and the one in force.
    struct Head {
        var latest: Int
        var published: Int?
    }

    static func head(_ db: Database, code: String) throws -> Head? {
        try Row.fetchOneCached(db, sql: "SELECT latest_version, published_version FROM item WHERE code = ?", arguments: [code]).map {
            Head(latest: $0["latest_version"], published: $0["published_version"])
        }
    }

    static func requireHead(_ db: Database, code: String) throws -> Head {
        guard let head = try head(db, code: code) else { throw CatalogError.notFound("item \(code) does not exist; items.list lists them") }
        return head
    }

    static func fetch(_ db: Database, code: String, version: Int) throws -> Item? {
        guard let head = try head(db, code: code),
            let row = try Row.fetchOneCached(db, sql: "SELECT * FROM item_version WHERE code = ? AND version = ?", arguments: [code, version])
        else { return nil }
        return try decode(db, row, head: head)
    }

    static func require(_ db: Database, code: String, version: Int) throws -> Item {
        guard let item = try fetch(db, code: code, version: version) else {
            throw CatalogError.notFound("item \(code) has no version \(version); items.history lists its versions")
        }
        return item
    }

    // MARK: Writes

    static func insertNew(_ db: Database, _ item: Item) throws {
        if try head(db, code: item.code) != nil {
            throw CatalogError.alreadyExists("item \(item.code) already exists; change it with items.update (draft) or items.amend (published)")
        }
        try db.execute(sql: "INSERT INTO item (code, latest_version, published_version) VALUES (?, ?, NULL)", arguments: [item.code, item.version])
        try insertVersion(db, item)
    }

    static func insertVersion(_ db: Database, _ item: Item) throws {
        try db.execute(
            sql: """
                INSERT INTO item_version (code, version, status, reason, note, name, domain, lead_dept, cooperating, content, targets,
                    legal_basis, target_kinds, industries, category, methods, level, sampling_ratio, frequency_per_year, round, created_at, published_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: arguments(item))
        try db.execute(sql: "UPDATE item SET latest_version = ? WHERE code = ?", arguments: [item.version, item.code])
        try writeSideTables(db, item)
    }

    /// Rewrites a version's content (drafts only; the caller checks).
    static func updateContent(_ db: Database, _ item: Item) throws {
        try db.execute(sql: "DELETE FROM item_version WHERE code = ? AND version = ?", arguments: [item.code, item.version])
        try db.execute(
            sql: """
                INSERT INTO item_version (code, version, status, reason, note, name, domain, lead_dept, cooperating, content, targets,
                    legal_basis, target_kinds, industries, category, methods, level, sampling_ratio, frequency_per_year, round, created_at, published_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: arguments(item))
        try writeSideTables(db, item)
    }

    static func setStatus(_ db: Database, code: String, version: Int, _ status: CatalogMessages.ItemStatus, round: Int? = nil, publishedAt: String? = nil) throws {
        try db.execute(
            sql: "UPDATE item_version SET status = ?, round = COALESCE(?, round), published_at = COALESCE(?, published_at) WHERE code = ? AND version = ?",
            arguments: [status.rawValue, round, publishedAt, code, version])
    }

    static func setPublished(_ db: Database, code: String, version: Int?) throws {
        try db.execute(sql: "UPDATE item SET published_version = ? WHERE code = ?", arguments: [version, code])
    }

    static func addReview(_ db: Database, code: String, version: Int, review: CatalogMessages.Review) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM item_review WHERE code = ? AND version = ? AND round = ? AND stage = ? AND dept = ?",
            arguments: [code, version, review.round, review.stage, review.dept]) ?? false
        if exists {
            throw CatalogError.failedPrecondition("\(review.dept) has already decided on item \(code) version \(version) in review round \(review.round)")
        }
        try db.execute(
            sql: "INSERT INTO item_review (code, version, round, stage, dept, decision, reason, user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [code, version, review.round, review.stage, review.dept, review.decision.rawValue, review.reason, review.user, review.at])
    }

    static func addHistory(_ db: Database, _ entry: CatalogMessages.HistoryEntry, code: String) throws {
        try db.execute(
            sql: "INSERT INTO item_history (code, version, action, from_status, to_status, dept, user, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [code, entry.version, entry.action, entry.from?.rawValue, entry.to.rawValue, entry.dept, entry.user, entry.note, entry.at])
    }

    // MARK: Reads

    static func history(_ db: Database, code: String) throws -> CatalogMessages.ItemHistory {
        let head = try requireHead(db, code: code)
        let versions = try Row.fetchAll(db, sql: "SELECT * FROM item_version WHERE code = ? ORDER BY version", arguments: [code]).map {
            try decode(db, $0, head: head)
        }
        let entries = try Row.fetchAll(db, sql: "SELECT * FROM item_history WHERE code = ? ORDER BY id", arguments: [code]).map { row in
            CatalogMessages.HistoryEntry(
                version: row["version"], action: row["action"], from: (row["from_status"] as String?).flatMap(CatalogMessages.ItemStatus.init(rawValue:)),
                to: try enumValue(row["to_status"], "item_history.to_status"), dept: row["dept"], user: row["user"], note: row["note"], at: row["at"])
        }
        let reviews = try Row.fetchAll(db, sql: "SELECT * FROM item_review WHERE code = ? ORDER BY version, round, at, dept", arguments: [code]).map {
            try review($0)
        }
        return CatalogMessages.ItemHistory(code: code, versions: versions, entries: entries, reviews: reviews)
    }

    /// Approvals of the cooperating stage in a round.
    static func approvals(_ db: Database, code: String, version: Int, round: Int) throws -> Set<String> {
        Set(
            try String.fetchAll(
                db, sql: "SELECT dept FROM item_review WHERE code = ? AND version = ? AND round = ? AND stage = 'cooperating' AND decision = 'approve'",
                arguments: [code, version, round]))
    }

    /// `items.list`: one version per item (`published`: the one in force; `latest`: the newest), sorted by code.
    static func list(_ db: Database, _ filter: CatalogMessages.ItemFilter, latest: Bool, limit: Int) throws -> CatalogMessages.ItemList {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let domain = filter.domain {
            conditions.append("v.domain = ?")
            arguments += [domain]
        }
        if let lead = filter.leadDept {
            conditions.append("v.lead_dept = ?")
            arguments += [lead]
        }
        if let dept = filter.dept {
            conditions.append("EXISTS (SELECT 1 FROM item_participant p WHERE p.dept = ? AND p.code = v.code AND p.version = v.version)")
            arguments += [dept]
        }
        if let status = filter.status {
            conditions.append("v.status = ?")
            arguments += [status.rawValue]
        }
        if let kind = filter.targetKind {
            // An item without target kinds targets every kind.
            conditions.append(
                "(EXISTS (SELECT 1 FROM item_target_kind k WHERE k.kind = ? AND k.code = v.code AND k.version = v.version) OR v.target_kinds = '[]')")
            arguments += [kind.rawValue]
        }
        if let q = filter.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let pattern = "%" + q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("(v.code LIKE ? ESCAPE '\\' OR v.name LIKE ? ESCAPE '\\' OR v.content LIKE ? ESCAPE '\\' OR v.targets LIKE ? ESCAPE '\\')")
            arguments += [pattern, pattern, pattern, pattern]
        }
        if let after = filter.after {
            conditions.append("i.code > ?")
            arguments += [after]
        }
        let join = latest ? "v.version = i.latest_version" : "v.version = i.published_version"
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.*, i.latest_version AS head_latest, i.published_version AS head_published
                FROM item i JOIN item_version v ON v.code = i.code AND \(join)
                \(whereClause) ORDER BY i.code LIMIT ?
                """,
            arguments: arguments)
        let items = try rows.prefix(limit).map { row in
            try decode(db, row, head: Head(latest: row["head_latest"], published: row["head_published"]))
        }
        let next = rows.count > limit ? items.last?.code : nil
        return CatalogMessages.ItemList(items: items, next: next)
    }

    /// Every item version in force (for guides and the entity ↔ item mapping).
    static func published(_ db: Database, domain: String? = nil) throws -> [Item] {
        var sql = "SELECT v.*, i.latest_version AS head_latest, i.published_version AS head_published FROM item i JOIN item_version v ON v.code = i.code AND v.version = i.published_version"
        var arguments: StatementArguments = []
        if let domain {
            sql += " WHERE v.domain = ?"
            arguments += [domain]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY i.code", arguments: arguments).map { row in
            try decode(db, row, head: Head(latest: row["head_latest"], published: row["head_published"]))
        }
    }

    // MARK: Rows

    private static func arguments(_ item: Item) throws -> StatementArguments {
        [
            item.code, item.version, item.status.rawValue, item.amendmentReason.rawValue, item.amendmentNote, item.name, item.domain, item.leadDept,
            try json(item.cooperatingDepts), item.content, item.targets, try json(item.legalBasis), try json(item.targetKinds),
            try json(item.industries), item.category.rawValue, try json(item.methods), item.level.rawValue, item.samplingRatio,
            item.frequencyPerYear, item.round, item.createdAt, item.publishedAt,
        ]
    }

    private static func writeSideTables(_ db: Database, _ item: Item) throws {
        for table in ["item_participant", "item_target_kind", "item_industry"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE code = ? AND version = ?", arguments: [item.code, item.version])
        }
        try db.execute(
            sql: "INSERT INTO item_participant (dept, code, version, role) VALUES (?, ?, ?, 'lead')", arguments: [item.leadDept, item.code, item.version])
        for dept in item.cooperatingDepts {
            try db.execute(
                sql: "INSERT INTO item_participant (dept, code, version, role) VALUES (?, ?, ?, 'cooperating')", arguments: [dept, item.code, item.version])
        }
        for kind in Set(item.targetKinds) {
            try db.execute(sql: "INSERT INTO item_target_kind (kind, code, version) VALUES (?, ?, ?)", arguments: [kind.rawValue, item.code, item.version])
        }
        for industry in Set(item.industries) {
            try db.execute(sql: "INSERT INTO item_industry (industry, code, version) VALUES (?, ?, ?)", arguments: [industry, item.code, item.version])
        }
    }

    private static func decode(_ db: Database, _ row: Row, head: Head) throws -> Item {
        let code: String = row["code"]
        let version: Int = row["version"]
        let status: CatalogMessages.ItemStatus = try enumValue(row["status"], "item_version.status")
        let cooperating: [String] = try unjson(row["cooperating"])
        let round: Int = row["round"]
        var pending: [String] = []
        if status == .inReview {
            let approved = try approvals(db, code: code, version: version, round: round)
            pending = cooperating.filter { !approved.contains($0) }
        }
        return Item(
            code: code, version: version, status: status, amendmentReason: try enumValue(row["reason"], "item_version.reason"),
            amendmentNote: row["note"], name: row["name"], domain: row["domain"], leadDept: row["lead_dept"], cooperatingDepts: cooperating,
            content: row["content"], targets: row["targets"], legalBasis: try unjson(row["legal_basis"]), targetKinds: try unjson(row["target_kinds"]),
            industries: try unjson(row["industries"]), category: try enumValue(row["category"], "item_version.category"),
            methods: try unjson(row["methods"]), level: try enumValue(row["level"], "item_version.level"), samplingRatio: row["sampling_ratio"],
            frequencyPerYear: row["frequency_per_year"], round: round, pendingReviews: pending, createdAt: row["created_at"],
            publishedAt: row["published_at"], publishedVersion: head.published, latestVersion: head.latest)
    }

    private static func review(_ row: Row) throws -> CatalogMessages.Review {
        CatalogMessages.Review(
            dept: row["dept"], stage: row["stage"], round: row["round"], decision: try enumValue(row["decision"], "item_review.decision"),
            reason: row["reason"], user: row["user"], at: row["at"])
    }

    private static func json(_ value: some Encodable) throws -> String { String(decoding: try Wire.encode(value), as: UTF8.self) }
    private static func unjson<T: Decodable>(_ text: String) throws -> T { try Wire.decode(T.self, from: Data(text.utf8)) }
}
