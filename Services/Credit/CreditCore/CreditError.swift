import Messages

/// Why the credit service refused a request, with a message the caller can act on.
public enum CreditError: ServiceError, Equatable {
    case invalidArgument(field: String, _ message: String)
    case unauthenticated(String)
    case permissionDenied(String)
    case notFound(String)
    case alreadyExists(String)
    case failedPrecondition(String)

    public var status: Status {
        switch self {
        case .invalidArgument: .invalidArgument
        case .unauthenticated: .unauthenticated
        case .permissionDenied: .permissionDenied
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .failedPrecondition
        }
    }

    public var message: String {
        switch self {
        case .invalidArgument(_, let message), .unauthenticated(let message), .permissionDenied(let message), .notFound(let message),
            .alreadyExists(let message), .failedPrecondition(let message):
            message
        }
    }

    public var details: JSONValue? {
        if case .invalidArgument(let field, _) = self { return ["field": .string(field)] }
        return nil
    }

    static func missing(_ field: String) -> CreditError {
        .invalidArgument(field: field, "\(field) is required and must not be empty")
    }
}
