import Foundation
import Logging
import Synchronization
import ZeroMQ

/// An MDP/0.2 worker for one service name: one DEALER connection to the broker, heartbeats, reconnect with
/// back-off, and requests handed to async code.
///
/// The socket lives on the worker's I/O thread, which keeps heartbeating while a handler waits; replies of
/// handlers that suspended come back through a `Mailbox`. The broker sends one request at a
/// time per connection; a process that wants concurrency runs several workers (DESIGN §3.1).
public final class MDPWorker: Sendable {
    public struct Configuration: Sendable {
        public var brokerEndpoint: String
        public var service: String
        public var heartbeatIntervalMs: Int64 = 2_500
        public var liveness: Int = 3
        public var reconnectInitialMs: Int64 = 250
        public var reconnectMaxMs: Int64 = 8_000
        public var maxMessageBytes: Int64 = 64 << 20
        public var curve: CurveClient?

        public init(brokerEndpoint: String, service: String) {
            self.brokerEndpoint = brokerEndpoint
            self.service = service
        }
    }

    /// One request from a client, as the handler sees it.
    public struct Request: Sendable {
        public var client: Data
        public var body: [Data]
    }

    struct Reply: Sendable {
        var client: Data
        var body: [Data]
    }

    private let context: ZMQContext
    private let configuration: Configuration
    private let logger: Logger

    public init(context: ZMQContext, configuration: Configuration, logger: Logger) {
        self.context = context
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves requests until the task is cancelled.
    ///
    /// Each request starts its handler with `Task.immediate` on the I/O thread: a handler runs there until its first
    /// suspension (typically a database call), so a handler that never suspends is answered with no thread hop at
    /// all, and one that does continues on the cooperative pool and hands its reply back through the mailbox.
    public func run(handler: @escaping @Sendable ([Data]) async -> [Data]) async throws {
        let replies = try Mailbox<Reply>()
        let (finished, continuation) = AsyncStream.makeStream(of: Never.self)
        let context = context
        let configuration = configuration
        let logger = logger
        let io = try SocketThread(name: "mdp-worker-\(configuration.service)") { thread in
            WorkerLoop(context: context, configuration: configuration, logger: logger, replies: replies).run(on: thread) { request in
                Task.immediate {
                    let body = await handler(request.body)
                    replies.post(Reply(client: request.client, body: body))
                }
            }
            continuation.finish()
        }
        await withTaskCancellationHandler {
            for await _ in finished {}
        } onCancel: {
            Thread.detachNewThread { io.stop() }
        }
        io.stop()
    }
}

/// The worker's connection state; lives on its I/O thread with the DEALER socket.
private struct WorkerLoop {
    let context: ZMQContext
    let configuration: MDPWorker.Configuration
    var logger: Logger
    let replies: Mailbox<MDPWorker.Reply>

    init(context: ZMQContext, configuration: MDPWorker.Configuration, logger: Logger, replies: Mailbox<MDPWorker.Reply>) {
        self.context = context
        self.configuration = configuration
        self.logger = logger
        self.logger[metadataKey: "jg.service"] = "\(configuration.service)"
        self.replies = replies
    }

    func connect() throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .dealer)
        try socket.setMaxMessageSize(configuration.maxMessageBytes)
        try configuration.curve?.apply(to: socket)
        try socket.connect(configuration.brokerEndpoint)
        try socket.send(MDP.WorkerMessage.ready(service: configuration.service).frames)
        return socket
    }

    func run(on thread: SocketThread, deliver: (MDPWorker.Request) -> Void) {
        var backoffMs = configuration.reconnectInitialMs
        var socket: ZMQSocket
        do {
            socket = try connect()
        } catch {
            logger.error("cannot connect to broker", metadata: ["jg.error": "\(error)"])
            return
        }
        var liveness = configuration.liveness
        var nextHeartbeatMs = Monotonic.milliseconds() + configuration.heartbeatIntervalMs
        var heardFromBrokerMs = Monotonic.milliseconds()

        while !thread.isStopping {
            var poller = ZMQPoller()
            poller.add(socket)
            poller.add(fileDescriptor: replies.fileDescriptor)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            let wait = max(0, min(nextHeartbeatMs, heardFromBrokerMs + configuration.heartbeatIntervalMs) - Monotonic.milliseconds())
            let ready: [Bool]
            do {
                ready = try poller.poll(timeoutMilliseconds: Int(wait))
            } catch {
                break
            }
            if ready[2] { thread.acknowledgeWakeup() }
            var reconnectNow = false
            if ready[0] {
                while let frames = try? socket.receive(dontWait: true) {
                    liveness = configuration.liveness
                    backoffMs = configuration.reconnectInitialMs
                    heardFromBrokerMs = Monotonic.milliseconds()
                    do {
                        switch try MDP.WorkerMessage(frames: frames) {
                        case .request(let client, let body): deliver(MDPWorker.Request(client: client, body: body))
                        case .heartbeat: break
                        case .disconnect:
                            logger.notice("broker asked us to reconnect")
                            reconnectNow = true
                        default: logger.warning("unexpected command from broker")
                        }
                    } catch {
                        logger.warning("malformed message from broker", metadata: ["jg.error": "\(error)"])
                    }
                    if reconnectNow { break }
                }
            }
            // Replies of handlers that finished without suspending are already here: send them without waiting for
            // the next poll.
            if ready[1] || ready[0] {
                for reply in replies.drain() {
                    _ = try? socket.send(MDP.WorkerMessage.final(client: reply.client, body: reply.body).frames)
                }
            }
            let now = Monotonic.milliseconds()
            if !ready[0] && now >= heardFromBrokerMs + configuration.heartbeatIntervalMs {
                liveness -= 1
                heardFromBrokerMs = now
                if liveness <= 0 {
                    logger.warning("broker silent; reconnecting", metadata: ["jg.backoff_ms": "\(backoffMs)"])
                    reconnectNow = true
                }
            }
            if reconnectNow {
                socket.close()
                if liveness <= 0 {
                    sleep(ms: backoffMs, thread: thread)
                    backoffMs = min(backoffMs * 2, configuration.reconnectMaxMs)
                }
                if thread.isStopping { break }
                do {
                    socket = try connect()
                } catch {
                    logger.error("reconnect failed", metadata: ["jg.error": "\(error)"])
                    sleep(ms: backoffMs, thread: thread)
                    continue
                }
                liveness = configuration.liveness
                heardFromBrokerMs = Monotonic.milliseconds()
                nextHeartbeatMs = 0
            }
            if Monotonic.milliseconds() >= nextHeartbeatMs {
                _ = try? socket.send(MDP.WorkerMessage.heartbeat.frames, dontWait: true)
                nextHeartbeatMs = Monotonic.milliseconds() + configuration.heartbeatIntervalMs
            }
        }
        _ = try? socket.send(MDP.WorkerMessage.disconnect.frames, dontWait: true)
        socket.close()
    }

    /// Waits without spinning, but wakes at once when the thread is asked to stop.
    func sleep(ms: Int64, thread: SocketThread) {
        var poller = ZMQPoller()
        poller.add(fileDescriptor: thread.wakeupFileDescriptor)
        _ = try? poller.poll(timeoutMilliseconds: Int(ms))
    }
}
