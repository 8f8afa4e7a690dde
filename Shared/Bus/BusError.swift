import Messages

/// Failures of the bus itself (as opposed to an error reply from a service).
public enum BusError: ServiceError, Equatable, CustomStringConvertible {
    /// No reply within the deadline, after every retry.
    case timeout(service: String, attempts: Int, timeoutMs: Int)
    /// The peer answered with frames that are not MDP/0.2.
    case protocolViolation(String)
    /// The reply body was not a JSON reply envelope.
    case malformedReply(String)
    /// The client was shut down.
    case closed

    public var status: Status {
        switch self {
        case .timeout: .deadlineExceeded
        case .protocolViolation, .malformedReply: .internal
        case .closed: .unavailable
        }
    }

    public var message: String {
        switch self {
        case .timeout(let service, let attempts, let timeoutMs):
            "no reply from \(service) within \(timeoutMs) ms (\(attempts) attempt\(attempts == 1 ? "" : "s")); is the gateway running?"
        case .protocolViolation(let text): "MDP protocol violation: \(text)"
        case .malformedReply(let text): "malformed reply: \(text)"
        case .closed: "bus client is shut down"
        }
    }

    public var description: String { message }
}
