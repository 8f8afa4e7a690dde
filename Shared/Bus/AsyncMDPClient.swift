import Foundation
import Logging
import Synchronization
import ZeroMQ

/// An MDP/0.2 client for async code (the gateway's HTTP front, services calling services): any number of
/// concurrent requests from any task, with deadlines and Lazy Pirate retries.
///
/// The sockets live on one I/O thread; each in-flight request has a DEALER socket of its own (taken from a pool),
/// which is how replies are matched to requests without looking inside them. Callers hand requests over through
/// a `Mailbox` and wait on a continuation.
public final class AsyncMDPClient: Sendable {
    struct Submission: Sendable {
        var service: String
        var body: [Data]
        var timeoutMs: Int64
        var retries: Int
        var continuation: CheckedContinuation<[Data], any Error>
    }

    private let submissions: Mailbox<Submission>
    private let thread: SocketThread

    public init(context: ZMQContext, endpoint: String, logger: Logger, curve: CurveClient? = nil) throws {
        let submissions = try Mailbox<Submission>()
        self.submissions = submissions
        self.thread = try SocketThread(name: "mdp-client") { thread in
            ClientLoop(context: context, endpoint: endpoint, curve: curve, logger: logger, submissions: submissions).run(on: thread)
        }
    }

    deinit { thread.stop() }

    /// Sends `body` to `service`; returns the FINAL reply's body frames or throws `BusError.timeout`.
    public func request(service: String, body: [Data], timeoutMs: Int = 5_000, retries: Int = 2) async throws -> [Data] {
        if thread.isStopping { throw BusError.closed }
        return try await withCheckedThrowingContinuation { continuation in
            submissions.post(Submission(service: service, body: body, timeoutMs: Int64(timeoutMs), retries: retries, continuation: continuation))
        }
    }

    /// Stops the I/O thread; requests still waiting fail with `BusError.closed`.
    public func shutdown() { thread.stop() }
}

private final class ClientLoop {
    final class InFlight {
        let submission: AsyncMDPClient.Submission
        var socket: ZMQSocket
        var deadlineMs: Int64
        var attemptsLeft: Int

        init(submission: AsyncMDPClient.Submission, socket: ZMQSocket) {
            self.submission = submission
            self.socket = socket
            self.deadlineMs = Monotonic.milliseconds() + submission.timeoutMs
            self.attemptsLeft = submission.retries
        }
    }

    let context: ZMQContext
    let endpoint: String
    let curve: CurveClient?
    let logger: Logger
    let submissions: Mailbox<AsyncMDPClient.Submission>
    var idle: [ZMQSocket] = []
    var inFlight: [InFlight] = []

    init(context: ZMQContext, endpoint: String, curve: CurveClient?, logger: Logger, submissions: Mailbox<AsyncMDPClient.Submission>) {
        self.context = context
        self.endpoint = endpoint
        self.curve = curve
        self.logger = logger
        self.submissions = submissions
    }

    func freshSocket() throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .dealer)
        try curve?.apply(to: socket)
        try socket.connect(endpoint)
        return socket
    }

    func start(_ submission: AsyncMDPClient.Submission) {
        do {
            let socket = try idle.popLast() ?? freshSocket()
            try socket.send(MDP.ClientMessage.request(service: submission.service, body: submission.body).frames)
            inFlight.append(InFlight(submission: submission, socket: socket))
        } catch {
            submission.continuation.resume(throwing: error)
        }
    }

    func run(on thread: SocketThread) {
        while !thread.isStopping {
            var poller = ZMQPoller()
            poller.add(fileDescriptor: submissions.fileDescriptor)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            for request in inFlight { poller.add(request.socket) }
            let now = Monotonic.milliseconds()
            let wait = inFlight.map { $0.deadlineMs - now }.min() ?? 1_000
            let ready: [Bool]
            do {
                ready = try poller.poll(timeoutMilliseconds: Int(max(0, min(wait, 1_000))))
            } catch {
                break
            }
            if ready[1] { thread.acknowledgeWakeup() }
            var finished: Set<ObjectIdentifier> = []
            for (index, request) in inFlight.enumerated() where ready[index + 2] {
                while let frames = try? request.socket.receive(dontWait: true) {
                    if handleReply(frames, for: request) {
                        finished.insert(ObjectIdentifier(request))
                        break
                    }
                }
            }
            let after = Monotonic.milliseconds()
            for request in inFlight where !finished.contains(ObjectIdentifier(request)) && request.deadlineMs <= after {
                request.socket.close()
                if request.attemptsLeft > 0, let socket = try? freshSocket(),
                    (try? socket.send(MDP.ClientMessage.request(service: request.submission.service, body: request.submission.body).frames)) != nil
                {
                    request.attemptsLeft -= 1
                    request.socket = socket
                    request.deadlineMs = after + request.submission.timeoutMs
                } else {
                    finished.insert(ObjectIdentifier(request))
                    request.submission.continuation.resume(
                        throwing: BusError.timeout(
                            service: request.submission.service, attempts: request.submission.retries + 1 - request.attemptsLeft,
                            timeoutMs: Int(request.submission.timeoutMs)))
                }
            }
            if !finished.isEmpty { inFlight.removeAll { finished.contains(ObjectIdentifier($0)) } }
            if ready[0] { for submission in submissions.drain() { start(submission) } }
        }
        for request in inFlight { request.submission.continuation.resume(throwing: BusError.closed) }
        for submission in submissions.drain() { submission.continuation.resume(throwing: BusError.closed) }
        inFlight.removeAll()
        idle.removeAll()
    }

    /// True when the request is answered (FINAL, or a protocol error); its socket then returns to the pool.
    func handleReply(_ frames: [Data], for request: InFlight) -> Bool {
        do {
            switch try MDP.ClientMessage(frames: frames) {
            case .final(let service, let body) where service == request.submission.service:
                request.submission.continuation.resume(returning: body)
                if idle.count < 256 { idle.append(request.socket) }
                return true
            case .partial(let service, _) where service == request.submission.service:
                return false
            default:
                request.socket.close()
                request.submission.continuation.resume(throwing: BusError.protocolViolation("unexpected reply command"))
                return true
            }
        } catch {
            request.socket.close()
            request.submission.continuation.resume(throwing: BusError.protocolViolation("\(error)"))
            return true
        }
    }
}
