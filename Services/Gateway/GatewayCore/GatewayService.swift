import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// The gateway's own methods, served on the bus as service `gateway`: tokens and the access log.
public struct GatewayService: ServiceCore {
    public static let serviceName = "gateway"

    let database: ServiceDatabase
    public let tokens: TokenCache

    public init(environment: ServiceEnvironment) throws {
        try self.init(database: environment.database, tokens: TokenCache())
    }

    public init(database: ServiceDatabase, tokens: TokenCache) throws {
        self.database = database
        self.tokens = tokens
        try reloadTokens()
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("gateway-v1-tokens-and-access-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tokens (
                        id TEXT PRIMARY KEY,
                        digest TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL,
                        dept TEXT,
                        user TEXT,
                        label TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        created_by TEXT,
                        revoked_at TEXT,
                        revoked_by TEXT
                    );
                    CREATE TABLE access_log (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        role TEXT NOT NULL,
                        dept TEXT,
                        user TEXT,
                        token_id TEXT,
                        channel TEXT NOT NULL,
                        service TEXT NOT NULL,
                        method TEXT NOT NULL,
                        request_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        duration_ms INTEGER NOT NULL
                    );
                    CREATE INDEX access_log_dept ON access_log (dept, seq);
                    CREATE INDEX access_log_service_method ON access_log (service, method, seq);
                    CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
                        BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
                    CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
                        BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
                    """)
        }
    }

    public func routes(_ router: inout MethodRouter) {
        let database = database
        let tokens = tokens
        router.register(
            "tokens.issue", summary: "Issue a bearer token for a role (admin only); the token is shown once.", mutating: true,
            params: [
                .init("role", "string", required: true, "admin, operator, inspector or auditor"), .init("dept", "string", "department code (operator, inspector)"),
                .init("user", "string", "person (inspector: the inspector id)"), .init("label", "string", required: true, "what the token is for"),
            ]
        ) { (params: GatewayMessages.IssueToken, ctx) in
            try requireAdmin(ctx)
            try TokenRules.validate(params)
            let token = SuiteToken.randomToken(prefix: "jgt_")
            let info = GatewayMessages.TokenInfo(
                id: TimeOrderedID.make(), role: params.role, dept: params.dept, user: params.user, label: params.label,
                createdAt: Wire.timestamp(Date()), createdBy: ctx.actor?.user ?? ctx.actor?.dept, revokedAt: nil)
            let issued = try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, _ in
                try TokenRules.insert(info, digest: SuiteToken.digest(token), into: db)
                return GatewayMessages.IssuedToken(token: token, info: info)
            }
            let value = try issued.value()
            tokens.add(digest: SuiteToken.digest(value.token), .init(id: value.info.id, actor: TokenRules.actor(of: value.info)))
            return issued
        }
        router.register(
            "tokens.revoke", summary: "Revoke a token (admin only); it is refused from the next request on.", mutating: true,
            params: [.init("id", "string", required: true, "token id from tokens.list")]
        ) { (params: GatewayMessages.RevokeToken, ctx) in
            try requireAdmin(ctx)
            let revoked = try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, _ in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM tokens WHERE id = ?", arguments: [params.id]) == true else {
                    throw CommonError.notFound("no token with id \(params.id); `gateway tokens.list` shows them")
                }
                try db.execute(
                    sql: "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?), revoked_by = COALESCE(revoked_by, ?) WHERE id = ?",
                    arguments: [Wire.timestamp(Date()), ctx.actor?.user ?? ctx.actor?.dept, params.id])
                return try TokenRules.info(id: params.id, in: db)
            }
            tokens.remove(id: params.id)
            return revoked
        }
        router.register("tokens.list", summary: "Every token with its role and department, never the token itself (admin only).") {
            (_: SystemMessages.Empty, ctx) in
            try requireAdmin(ctx)
            return GatewayMessages.TokenList(tokens: try await database.read { db in try TokenRules.all(in: db) })
        }
        router.register(
            "access.list", summary: "The access log: who called what, when, with which status and duration (auditors, admin).",
            params: [
                .init("after", "integer", "entries after this seq"), .init("before", "integer", "entries before this seq"),
                .init("newest", "boolean", "newest first (page back with before=<last seq shown>)"), .init("limit", "integer", "1…1000, default 100"),
                .init("dept", "string"),
                .init("service", "string"), .init("method", "string"), .init("status", "string"),
            ]
        ) { (query: GatewayMessages.AccessQuery, ctx) in
            guard let role = ctx.actor?.role, [.admin, .auditor].contains(role) else {
                throw CommonError.permissionDenied("the access log is for auditors and the coordination office")
            }
            let limit = query.limit ?? 100
            guard (1...1_000).contains(limit) else { throw CommonError.invalidArgument("params.limit must be 1…1000", details: ["field": "params.limit"]) }
            return GatewayMessages.AccessPage(entries: try await database.read { db in try AccessQueries.page(query, limit: limit, in: db) })
        }
        router.register("auth.whoami", summary: "The actor the gateway verified for this call.") { (_: SystemMessages.Empty, ctx) in
            guard let actor = ctx.actor else { throw CommonError.unauthenticated("no actor on the request") }
            return GatewayMessages.WhoAmI(actor: actor, tokenId: nil)
        }
    }

    func requireAdmin(_ ctx: RequestContext) throws {
        guard ctx.actor?.role == .admin else { throw CommonError.permissionDenied("tokens are managed by the coordination office (admin) only") }
    }

    /// Loads every live token into the cache.
    public func reloadTokens() throws {
        let all = try database.writer.read { db in try TokenRules.liveDigests(in: db) }
        tokens.replaceAll(all)
    }

    /// On first start (no live admin token), issues one, writes it to `path` (mode 0600) and returns it to print once.
    public func bootstrapAdminToken(writingTo path: String) async throws -> String? {
        let hasAdmin = try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL") == true
        }
        guard !hasAdmin else { return nil }
        let token = SuiteToken.randomToken(prefix: "jgt_")
        let info = GatewayMessages.TokenInfo(
            id: TimeOrderedID.make(), role: .admin, dept: nil, user: "bootstrap", label: "first-start admin token",
            createdAt: Wire.timestamp(Date()), createdBy: "gateway", revokedAt: nil)
        try await database.write { db, _ in try TokenRules.insert(info, digest: SuiteToken.digest(token), into: db) }
        try SuiteToken.writeSecret(token, to: path)
        tokens.add(digest: SuiteToken.digest(token), .init(id: info.id, actor: TokenRules.actor(of: info)))
        return token
    }
}

/// Token validation and rows.
enum TokenRules {
    static func validate(_ params: GatewayMessages.IssueToken) throws {
        switch params.role {
        case .service, .public:
            throw CommonError.invalidArgument("role \(params.role.rawValue) cannot be issued; use admin, operator, inspector or auditor", details: ["field": "params.role"])
        case .operator where (params.dept ?? "").isEmpty:
            throw CommonError.invalidArgument("an operator token needs dept (the department it acts for)", details: ["field": "params.dept"])
        case .inspector where (params.dept ?? "").isEmpty || (params.user ?? "").isEmpty:
            throw CommonError.invalidArgument("an inspector token needs dept and user (the inspector id)", details: ["field": "params.user"])
        default: break
        }
        guard !params.label.trimmingCharacters(in: .whitespaces).isEmpty, params.label.count <= 200 else {
            throw CommonError.invalidArgument("label must say what the token is for (1…200 characters)", details: ["field": "params.label"])
        }
    }

    static func actor(of info: GatewayMessages.TokenInfo) -> Actor { Actor(dept: info.dept, user: info.user, role: info.role) }

    static func insert(_ info: GatewayMessages.TokenInfo, digest: String, into db: Database) throws {
        try db.execute(
            sql: "INSERT INTO tokens (id, digest, role, dept, user, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [info.id, digest, info.role.rawValue, info.dept, info.user, info.label, info.createdAt, info.createdBy])
    }

    static func row(_ row: Row) -> GatewayMessages.TokenInfo {
        GatewayMessages.TokenInfo(
            id: row["id"], role: Actor.Role(rawValue: row["role"]) ?? .public, dept: row["dept"], user: row["user"], label: row["label"],
            createdAt: row["created_at"], createdBy: row["created_by"], revokedAt: row["revoked_at"])
    }

    static func info(id: String, in db: Database) throws -> GatewayMessages.TokenInfo {
        guard let found = try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE id = ?", arguments: [id]) else {
            throw CommonError.notFound("no token with id \(id)")
        }
        return row(found)
    }

    static func all(in db: Database) throws -> [GatewayMessages.TokenInfo] {
        try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY created_at, id").map(row)
    }

    static func liveDigests(in db: Database) throws -> [String: TokenCache.Entry] {
        var result: [String: TokenCache.Entry] = [:]
        for found in try Row.fetchAll(db, sql: "SELECT * FROM tokens WHERE revoked_at IS NULL") {
            let info = row(found)
            result[found["digest"]] = TokenCache.Entry(id: info.id, actor: actor(of: info))
        }
        return result
    }
}

/// Filtered pages of the access log.
enum AccessQueries {
    static func page(_ query: GatewayMessages.AccessQuery, limit: Int, in db: Database) throws -> [GatewayMessages.AccessEntry] {
        var clauses = ["seq > ?", "seq < ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [query.after ?? 0, query.before ?? Int64.max]
        for (column, value) in [("dept", query.dept), ("service", query.service), ("method", query.method), ("status", query.status)] {
            if let value {
                clauses.append("\(column) = ?")
                arguments.append(value)
            }
        }
        arguments.append(limit)
        let sql = "SELECT * FROM access_log WHERE \(clauses.joined(separator: " AND ")) ORDER BY seq\(query.newest == true ? " DESC" : "") LIMIT ?"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
            GatewayMessages.AccessEntry(
                seq: row["seq"], at: row["at"], role: row["role"], dept: row["dept"], user: row["user"], tokenId: row["token_id"], channel: row["channel"],
                service: row["service"], method: row["method"], requestId: row["request_id"], status: row["status"], durationMs: row["duration_ms"])
        }
    }
}
