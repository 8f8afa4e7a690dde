import CZeroMQ

/// A failed libzmq call, with the errno it reported and libzmq's own text for it.
public struct ZMQError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// The error of the libzmq call that just failed on this thread.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation)
    }

    /// The context was shut down: every loop that sees this should close its sockets and return.
    public var isTerminated: Bool { code == ETERM }
    public var isInterrupted: Bool { code == EINTR }
    public var wouldBlock: Bool { code == EAGAIN }
    /// `ROUTER_MANDATORY`: the peer addressed by the first frame is gone.
    public var isUnroutable: Bool { code == EHOSTUNREACH }

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(code))) (errno \(code))"
    }
}
