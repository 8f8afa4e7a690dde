import Messages

/// Why the referral service refused a request, with a message the caller can act on.
public enum ReferralError: ServiceError, Equatable {
    case invalidArgument(field: String, _ message: String)
    case unauthenticated(String)
    case permissionDenied(String)
    case notFound(String)
    case failedPrecondition(String)
    /// Routing needs the catalog and it did not answer.
    case unavailable(String)

    public var status: Status {
        switch self {
        case .invalidArgument: .invalidArgument
        case .unauthenticated: .unauthenticated
        case .permissionDenied: .permissionDenied
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        case .unavailable: .unavailable
        }
    }

    public var message: String {
        switch self {
        case .invalidArgument(_, let message), .unauthenticated(let message), .permissionDenied(let message), .notFound(let message),
            .failedPrecondition(let message), .unavailable(let message):
            message
        }
    }

    public var details: JSONValue? {
        if case .invalidArgument(let field, _) = self { return ["field": .string(field)] }
        return nil
    }

    static func missing(_ field: String) -> ReferralError {
        .invalidArgument(field: field, "\(field) is required and must not be empty")
    }

    static func clueNotFound(_ id: String) -> ReferralError {
        .notFound("clue \(id) does not exist; `referral clues.list` lists the clues you may see")
    }
}
