/// An error a handler throws on purpose: it carries the envelope status and a message for the caller.
///
/// Each service has its own enum conforming to this; the runner turns it into the reply. Anything else a
/// handler throws becomes `INTERNAL`, logged in full and never sent.
public protocol ServiceError: Error, Sendable {
    var status: Status { get }
    var message: String { get }
    var details: JSONValue? { get }
}

extension ServiceError {
    public var details: JSONValue? { nil }
}

/// The errors every service shares (bad envelope, unknown method, …).
public enum CommonError: ServiceError, Equatable {
    case invalidArgument(String, details: JSONValue? = nil)
    case notFound(String)
    case permissionDenied(String)
    case unauthenticated(String)
    case failedPrecondition(String)
    case unavailable(String)
    case deadlineExceeded(String)
    case resourceExhausted(String)

    public var status: Status {
        switch self {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .unauthenticated: .unauthenticated
        case .failedPrecondition: .failedPrecondition
        case .unavailable: .unavailable
        case .deadlineExceeded: .deadlineExceeded
        case .resourceExhausted: .resourceExhausted
        }
    }

    public var message: String {
        switch self {
        case .invalidArgument(let message, _), .notFound(let message),
            .permissionDenied(let message), .unauthenticated(let message), .failedPrecondition(let message),
            .unavailable(let message), .deadlineExceeded(let message), .resourceExhausted(let message):
            message
        }
    }

    public var details: JSONValue? {
        if case .invalidArgument(_, let details) = self { return details }
        return nil
    }
}

/// A reply that came back with a status other than OK, thrown by typed bus clients.
public struct RemoteError: ServiceError, CustomStringConvertible {
    public let status: Status
    public let message: String
    public let details: JSONValue?

    public init(status: Status, message: String, details: JSONValue? = nil) {
        self.status = status
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.rawValue): \(message)" }
}
