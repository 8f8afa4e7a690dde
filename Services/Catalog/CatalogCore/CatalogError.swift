import Messages

/// Everything the catalog refuses on purpose, each with the envelope status it maps to and a message that says
/// what to do about it.
public enum CatalogError: ServiceError, Equatable {
    /// A parameter is wrong; `field` names it (`params.uscc`), `extra` adds structured details.
    case invalidArgument(String, field: String, extra: [String: JSONValue] = [:])
    case notFound(String)
    case alreadyExists(String)
    /// The actor may not do this; `rule` names the ownership rule (DESIGN §3.4).
    case permissionDenied(rule: String, String)
    case unauthenticated(String)
    /// The request is valid but the record is in the wrong state (e.g. publishing a draft).
    case failedPrecondition(String)
    /// A bad `JG_…` variable at start.
    case invalidConfiguration(String)

    public var status: Status {
        switch self {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .permissionDenied: .permissionDenied
        case .unauthenticated: .unauthenticated
        case .failedPrecondition, .invalidConfiguration: .failedPrecondition
        }
    }

    public var message: String {
        switch self {
        case .invalidArgument(let message, _, _), .notFound(let message), .alreadyExists(let message), .permissionDenied(_, let message),
            .unauthenticated(let message), .failedPrecondition(let message), .invalidConfiguration(let message):
            message
        }
    }

    public var details: JSONValue? {
        switch self {
        case .invalidArgument(_, let field, let extra):
            var details = extra
            details["field"] = .string(field)
            return .object(details)
        case .permissionDenied(let rule, _):
            return ["rule": .string(rule)]
        default:
            return nil
        }
    }
}
