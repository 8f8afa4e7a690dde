import Foundation
import ZeroMQ

/// A blocking MDP/0.2 client for one thread (the `jg` CLI, tests, benchmarks): Lazy Pirate retries.
///
/// Each attempt waits up to its timeout; on silence the socket is closed and a new one sends the same request
/// again, so a late reply to an earlier attempt can never be mistaken for the answer to a later one.
public final class MDPClient {
    private let context: ZMQContext
    private let endpoint: String
    private var socket: ZMQSocket?
    /// Called with each PARTIAL reply's body, before the FINAL one is returned.
    public var onPartial: (([Data]) -> Void)?

    private let curve: CurveClient?

    public init(context: ZMQContext, endpoint: String, curve: CurveClient? = nil) {
        self.context = context
        self.endpoint = endpoint
        self.curve = curve
    }

    private func liveSocket() throws -> ZMQSocket {
        if let socket { return socket }
        let created = try ZMQSocket(context, .dealer)
        try curve?.apply(to: created)
        try created.connect(endpoint)
        socket = created
        return created
    }

    /// Sends `body` to `service` and returns the FINAL reply's body frames.
    public func request(service: String, body: [Data], timeoutMs: Int = 5_000, retries: Int = 2) throws -> [Data] {
        let attempts = retries + 1
        for _ in 0..<attempts {
            let socket = try liveSocket()
            try socket.send(MDP.ClientMessage.request(service: service, body: body).frames)
            let deadline = Monotonic.milliseconds() + Int64(timeoutMs)
            while true {
                let remaining = deadline - Monotonic.milliseconds()
                if remaining <= 0 { break }
                // A blocking receive bounded by ZMQ_RCVTIMEO: one call per reply instead of poll + receive.
                try socket.setReceiveTimeout(milliseconds: Int32(clamping: remaining))
                guard let frames = try socket.receive() else { continue }
                let reply: MDP.ClientMessage
                do {
                    reply = try MDP.ClientMessage(frames: frames)
                } catch {
                    throw BusError.protocolViolation("\(error)")
                }
                switch reply {
                case .final(let name, let body) where name == service: return body
                case .partial(let name, let body) where name == service: onPartial?(body)
                default: throw BusError.protocolViolation("reply for another service or a request command")
                }
            }
            // Lazy Pirate: abandon this socket, and any late reply with it.
            socket.close()
            self.socket = nil
        }
        throw BusError.timeout(service: service, attempts: attempts, timeoutMs: timeoutMs)
    }

    /// Asks the broker's `mmi.service` whether `service` has live workers.
    public func hasWorkers(_ service: String, timeoutMs: Int = 2_000) throws -> Bool {
        let reply = try request(service: MDP.mmiService, body: [Data(service.utf8)], timeoutMs: timeoutMs, retries: 0)
        return reply.first == Data("200".utf8)
    }
}
