/// Who is acting: stamped on every request by the gateway from the caller's verified token (DESIGN §3.4).
public struct Actor: Codable, Sendable, Hashable {
    /// The role a token grants.
    public enum Role: String, Codable, Sendable, CaseIterable, WireEnum {
        /// Coordination office (工作专班办公室): may act for any department.
        case admin
        /// Acts for one department.
        case `operator`
        /// One person of one department, recording results.
        case inspector
        /// Reads everything, changes nothing.
        case auditor
        /// Another suite service calling on its own behalf.
        case service
        /// No token: published data only (公示).
        case `public`
    }

    public var dept: String?
    public var user: String?
    public var role: Role

    public init(dept: String? = nil, user: String? = nil, role: Role) {
        self.dept = dept
        self.user = user
        self.role = role
    }

    public static func service(_ name: String) -> Actor { Actor(dept: nil, user: name, role: .service) }
    public static let anonymous = Actor(role: .public)
}
