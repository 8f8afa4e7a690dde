/// Requests and replies of the gateway's own methods (`gateway tokens.*`, `gateway access.list`, `gateway auth.whoami`).
public enum GatewayMessages {
    public struct IssueToken: Codable, Sendable, Hashable {
        public var role: Actor.Role
        public var dept: String?
        public var user: String?
        /// What the token is for, e.g. "hy-market integration" — shown in `tokens.list`.
        public var label: String

        public init(role: Actor.Role, dept: String? = nil, user: String? = nil, label: String) {
            self.role = role
            self.dept = dept
            self.user = user
            self.label = label
        }
    }

    /// A token as listed: never the token itself, which exists only in `IssuedToken`, once.
    public struct TokenInfo: Codable, Sendable, Hashable {
        public var id: String
        public var role: Actor.Role
        public var dept: String?
        public var user: String?
        public var label: String
        public var createdAt: String
        public var createdBy: String?
        public var revokedAt: String?

        public init(
            id: String, role: Actor.Role, dept: String?, user: String?, label: String, createdAt: String, createdBy: String?, revokedAt: String?
        ) {
            self.id = id
            self.role = role
            self.dept = dept
            self.user = user
            self.label = label
            self.createdAt = createdAt
            self.createdBy = createdBy
            self.revokedAt = revokedAt
        }
    }

    public struct IssuedToken: Codable, Sendable, Hashable {
        /// The bearer token. Shown this once; the gateway keeps only its SHA-256.
        public var token: String
        public var info: TokenInfo

        public init(token: String, info: TokenInfo) {
            self.token = token
            self.info = info
        }
    }

    public struct RevokeToken: Codable, Sendable, Hashable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct TokenList: Codable, Sendable, Hashable {
        public var tokens: [TokenInfo]
        public init(tokens: [TokenInfo]) { self.tokens = tokens }
    }

    public struct AccessQuery: Codable, Sendable, Hashable {
        /// Entries after this sequence number (for paging), default 0.
        public var after: Int64?
        /// Entries before this sequence number (paging back from the newest).
        public var before: Int64?
        /// Newest first (what an auditor asks first: the latest calls), default false.
        public var newest: Bool?
        public var limit: Int?
        public var dept: String?
        public var service: String?
        public var method: String?
        public var status: String?

        public init(
            after: Int64? = nil, before: Int64? = nil, newest: Bool? = nil, limit: Int? = nil, dept: String? = nil, service: String? = nil,
            method: String? = nil, status: String? = nil
        ) {
            self.after = after
            self.before = before
            self.newest = newest
            self.limit = limit
            self.dept = dept
            self.service = service
            self.method = method
            self.status = status
        }
    }

    /// One call through the gateway: who, what, when, status, duration.
    public struct AccessEntry: Codable, Sendable, Hashable {
        public var seq: Int64
        public var at: String
        public var role: String
        public var dept: String?
        public var user: String?
        public var tokenId: String?
        public var channel: String
        public var service: String
        public var method: String
        public var requestId: String
        public var status: String
        public var durationMs: Int64

        public init(
            seq: Int64, at: String, role: String, dept: String?, user: String?, tokenId: String?, channel: String, service: String, method: String,
            requestId: String, status: String, durationMs: Int64
        ) {
            self.seq = seq
            self.at = at
            self.role = role
            self.dept = dept
            self.user = user
            self.tokenId = tokenId
            self.channel = channel
            self.service = service
            self.method = method
            self.requestId = requestId
            self.status = status
            self.durationMs = durationMs
        }
    }

    public struct AccessPage: Codable, Sendable, Hashable {
        public var entries: [AccessEntry]
        public init(entries: [AccessEntry]) { self.entries = entries }
    }

    public struct WhoAmI: Codable, Sendable, Hashable {
        public var actor: Actor
        public var tokenId: String?
        public init(actor: Actor, tokenId: String?) {
            self.actor = actor
            self.tokenId = tokenId
        }
    }
}
