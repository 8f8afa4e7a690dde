/// The envelope status: gRPC's code names, so any department's system already knows what they mean.
public enum Status: String, Codable, Sendable, CaseIterable, WireEnum {
    case ok = "OK"
    case invalidArgument = "INVALID_ARGUMENT"
    case notFound = "NOT_FOUND"
    case alreadyExists = "ALREADY_EXISTS"
    case permissionDenied = "PERMISSION_DENIED"
    case unauthenticated = "UNAUTHENTICATED"
    case failedPrecondition = "FAILED_PRECONDITION"
    case aborted = "ABORTED"
    case resourceExhausted = "RESOURCE_EXHAUSTED"
    case deadlineExceeded = "DEADLINE_EXCEEDED"
    case unavailable = "UNAVAILABLE"
    case unimplemented = "UNIMPLEMENTED"
    case `internal` = "INTERNAL"

    /// The HTTP status the gateway answers with.
    public var httpStatus: Int {
        switch self {
        case .ok: 200
        case .invalidArgument: 400
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .failedPrecondition: 412
        case .resourceExhausted: 429
        case .unimplemented: 501
        case .unavailable: 503
        case .deadlineExceeded: 504
        case .internal: 500
        }
    }
}
