import Messages

/// Why the inspection service refused a request, with a message the caller can act on.
public enum InspectionError: ServiceError, Equatable {
    case invalidArgument(field: String, _ message: String)
    case unauthenticated(String)
    case permissionDenied(String)
    case notFound(String)
    case alreadyExists(String, details: JSONValue? = nil)
    case failedPrecondition(String, details: JSONValue? = nil)

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
            .alreadyExists(let message, _), .failedPrecondition(let message, _):
            message
        }
    }

    public var details: JSONValue? {
        switch self {
        case .invalidArgument(let field, _): ["field": .string(field)]
        case .alreadyExists(_, let details), .failedPrecondition(_, let details): details
        default: nil
        }
    }

    static func missing(_ field: String) -> InspectionError {
        .invalidArgument(field: field, "\(field) is required and must not be empty")
    }

    static func taskNotFound(_ id: String) -> InspectionError {
        .notFound("inspection task \(id) does not exist; `inspection tasks.list` lists tasks")
    }

    static func resultNotFound(_ id: String) -> InspectionError {
        .notFound("inspection result \(id) does not exist; `inspection results.list taskId=…` lists a task's results")
    }
}
