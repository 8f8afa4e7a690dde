import Foundation
import Logging
import Messages
import Synchronization
import ZeroMQ

/// The MDP/0.2 broker (DESIGN §3.1): one ROUTER socket, least-recently-used dispatch, heartbeats both ways,
/// bounded queueing for services with no live worker, and `mmi.service`.
public final class MDPBroker: Sendable {
    public struct Configuration: Sendable {
        /// Endpoints to bind, e.g. `tcp://*:5555` and an `inproc://` one for the gateway's own front.
        public var endpoints: [String]
        public var heartbeatIntervalMs: Int64 = 2_500
        /// Missed heartbeats before a worker is dead.
        public var liveness: Int64 = 3
        /// How long a request may wait for a live worker before it is answered `UNAVAILABLE`.
        public var queueTimeoutMs: Int64 = 5_000
        /// Larger messages make libzmq drop the connection (protects memory); the services answer smaller
        /// over-limit bodies with `INVALID_ARGUMENT`.
        public var maxMessageBytes: Int64 = 64 << 20
        /// Decides on every client request before it is queued (authentication, authorisation, rate limits) and
        /// hears of every reply (access log, metrics). Runs on the broker thread, so it must be quick.
        public var policy: (any BrokerPolicy)?
        /// CURVE on every TCP endpoint; a worker's READY is then accepted only for the service its key belongs to.
        public var curve: CurveServer?
        /// The services this broker is there for. A request for any other name that no worker serves is answered
        /// `UNIMPLEMENTED` at once, naming these, instead of waiting `queueTimeoutMs` for a worker that will never
        /// come (a typo in `jg nosuch items.list`). Empty: every name may wait.
        public var knownServices: Set<String> = []

        public init(endpoints: [String]) { self.endpoints = endpoints }
    }

    /// What `/healthz` shows: per service, its live workers and how long since one was last heard from.
    public struct Snapshot: Sendable {
        public struct Service: Sendable {
            public var workers: Int
            public var busy: Int
            public var queued: Int
            /// Monotonic milliseconds when any of its workers was last heard from.
            public var lastSeenMs: Int64

            public init(workers: Int, busy: Int, queued: Int, lastSeenMs: Int64) {
                self.workers = workers
                self.busy = busy
                self.queued = queued
                self.lastSeenMs = lastSeenMs
            }
        }

        public var services: [String: Service] = [:]
        public var takenAtMs: Int64 = 0

        public init(services: [String: Service] = [:], takenAtMs: Int64 = 0) {
            self.services = services
            self.takenAtMs = takenAtMs
        }
    }

    /// A request handed over by code in this process, with where its reply goes.
    struct LocalRequest: Sendable {
        var service: String
        var body: [Data]
        var tag: (any Sendable)?
        /// Monotonic milliseconds after which the caller hears `nil` (timed out), whatever comes later.
        var deadlineMs: Int64
        var reply: @Sendable ([Data]?) -> Void
    }

    private let configuration: Configuration
    private let logger: Logger
    private let state = SnapshotCell()
    private let thread: Mutex<SocketThread?> = Mutex(nil)
    private let local: Mutex<Mailbox<LocalRequest>?> = Mutex(nil)
    private let context: ZMQContext

    public init(context: ZMQContext, configuration: Configuration, logger: Logger) {
        self.context = context
        self.configuration = configuration
        self.logger = logger
    }

    public var snapshot: Snapshot { state.value.withLock { $0 } }

    /// Binds every endpoint and starts serving on a thread of its own. Throws if a bind fails.
    public func start() throws {
        let bound = Mutex<Result<Void, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let configuration = configuration
        let logger = logger
        let context = context
        let state = state
        let mailbox = try Mailbox<LocalRequest>()
        let worker = try SocketThread(name: "mdp-broker") { thread in
            let loop: BrokerLoop
            do {
                loop = try BrokerLoop(context: context, configuration: configuration, logger: logger, snapshot: state, local: mailbox)
                bound.withLock { $0 = .success(()) }
                ready.signal()
            } catch {
                bound.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            loop.run(on: thread)
        }
        ready.wait()
        try bound.withLock { $0 }?.get()
        thread.withLock { $0 = worker }
        local.withLock { $0 = mailbox }
        logger.info("broker listening", metadata: ["jg.endpoints": "\(configuration.endpoints.joined(separator: ","))"])
    }

    public func stop() {
        local.withLock { $0 = nil }
        thread.withLock { $0 }?.stop()
    }

    /// A request from code in this process — the gateway's HTTP front — queued like a client's, without a socket
    /// or the policy's admission: the caller has authenticated and authorised it and states the actor itself.
    /// `tag` reaches the policy's `completed` with the reply, as for admitted requests. Waits `timeoutMs` for the
    /// reply, then sends the request again (same body, so the same request id: services answer it once) up to
    /// `retries` more times before `BusError.timeout`.
    public func request(service: String, body: [Data], tag: (any Sendable)?, timeoutMs: Int, retries: Int) async throws -> [Data] {
        guard let mailbox = local.withLock({ $0 }) else { throw BusError.closed }
        for _ in 0...max(0, retries) {
            let reply: [Data]? = await withCheckedContinuation { continuation in
                let pending = PendingReply(continuation)
                mailbox.post(
                    LocalRequest(
                        service: service, body: body, tag: tag, deadlineMs: Monotonic.milliseconds() + Int64(timeoutMs), reply: { pending.finish($0) }))
            }
            if let reply { return reply }
        }
        throw BusError.timeout(service: service, attempts: max(0, retries) + 1, timeoutMs: timeoutMs)
    }
}

/// One in-process request's reply or timeout, whichever the broker reports first; the other is ignored.
private final class PendingReply: Sendable {
    private let continuation: Mutex<CheckedContinuation<[Data]?, Never>?>

    init(_ continuation: CheckedContinuation<[Data]?, Never>) { self.continuation = Mutex(continuation) }

    func finish(_ reply: [Data]?) {
        continuation.withLock { taken in
            defer { taken = nil }
            return taken
        }?.resume(returning: reply)
    }
}

/// The broker's state and loop; lives entirely on the broker thread with the ROUTER socket.
private final class BrokerLoop {
    struct Request {
        var client: Data
        var service: String
        var body: [Data]
        var receivedAtMs: Int64
        var expiresAtMs: Int64
        var tag: (any Sendable)?
        /// Set for a request from this process (`MDPBroker.request`): its final reply goes here, not to a socket.
        var local: (@Sendable ([Data]?) -> Void)? = nil
    }

    final class Worker {
        let identity: Data
        let service: String
        var expiresAtMs: Int64
        var lastSeenMs: Int64
        var inFlight: Request?

        init(identity: Data, service: String, now: Int64, expiry: Int64) {
            self.identity = identity
            self.service = service
            self.lastSeenMs = now
            self.expiresAtMs = now + expiry
        }
    }

    final class Service {
        let name: String
        var queue: [Request] = []
        /// Idle workers, longest idle first: dispatch takes from the front (least recently used).
        var waiting: [Data] = []
        var workers: Set<Data> = []
        init(name: String) { self.name = name }
    }

    let router: ZMQSocket
    let local: Mailbox<MDPBroker.LocalRequest>
    let configuration: MDPBroker.Configuration
    var logger: Logger
    let snapshot: SnapshotCell
    var services: [String: Service] = [:]
    var workers: [Data: Worker] = [:]
    var nextHeartbeatMs: Int64 = 0
    /// In-process requests' deadlines in arrival order (the front gives all the same timeout, so they are
    /// ascending), from `localHead` on; a request answered before its deadline is told `nil` later, which it ignores.
    var localDeadlines: [(deadlineMs: Int64, reply: @Sendable ([Data]?) -> Void)] = []
    var localHead = 0

    init(context: ZMQContext, configuration: MDPBroker.Configuration, logger: Logger, snapshot: SnapshotCell, local: Mailbox<MDPBroker.LocalRequest>) throws {
        self.local = local
        router = try ZMQSocket(context, .router)
        try router.setRouterMandatory()
        try router.setMaxMessageSize(configuration.maxMessageBytes)
        try router.setHighWaterMarks(send: 100_000, receive: 100_000)
        try configuration.curve?.apply(to: router)
        for endpoint in configuration.endpoints { try router.bind(endpoint) }
        self.configuration = configuration
        self.logger = logger
        self.logger[metadataKey: "jg.component"] = "broker"
        self.snapshot = snapshot
    }

    var expiryMs: Int64 { configuration.heartbeatIntervalMs * configuration.liveness }

    func run(on thread: SocketThread) {
        var poller = ZMQPoller()
        poller.add(router)
        poller.add(fileDescriptor: thread.wakeupFileDescriptor)
        poller.add(fileDescriptor: local.fileDescriptor)
        nextHeartbeatMs = Monotonic.milliseconds() + configuration.heartbeatIntervalMs
        publishSnapshot(now: Monotonic.milliseconds())
        while !thread.isStopping {
            let now = Monotonic.milliseconds()
            var timeout = nextHeartbeatMs - now
            for service in services.values { if let first = service.queue.first { timeout = min(timeout, first.expiresAtMs - now) } }
            if localHead < localDeadlines.count { timeout = min(timeout, localDeadlines[localHead].deadlineMs - now) }
            let ready: [Bool]
            do {
                ready = try poller.poll(timeoutMilliseconds: Int(max(0, min(timeout, configuration.heartbeatIntervalMs))))
            } catch let error as ZMQError where error.isTerminated {
                break
            } catch {
                logger.error("poll failed", metadata: ["jg.error": "\(error)"])
                break
            }
            if ready[1] { thread.acknowledgeWakeup() }
            if ready[2] { for request in local.drain() { handleLocal(request) } }
            if ready[0] { drainRouter() }
            let after = Monotonic.milliseconds()
            if after >= nextHeartbeatMs {
                purgeExpiredWorkers(now: after)
                heartbeatAll()
                nextHeartbeatMs = after + configuration.heartbeatIntervalMs
                publishSnapshot(now: after)
            }
            expireQueuedRequests(now: after)
            expireLocalRequests(now: after)
        }
        for identity in workers.keys { send(to: identity, MDP.WorkerMessage.disconnect.frames) }
        // Nobody will answer them now: their callers hear "timed out" at once instead of waiting.
        for pending in localDeadlines[localHead...] { pending.reply(nil) }
        router.close()
    }

    /// Reads everything waiting, at most a bounded batch, so heartbeats are never starved.
    func drainRouter() {
        for _ in 0..<1_024 {
            let received: (frames: [Data], userId: String?)?
            do {
                // The peer's CURVE identity is only there (and only needed) with CURVE on.
                if configuration.curve != nil {
                    received = try router.receiveWithPeer(dontWait: true)
                } else {
                    received = try router.receive(dontWait: true).map { ($0, nil) }
                }
            } catch {
                logger.warning("receive failed", metadata: ["jg.error": "\(error)"])
                return
            }
            guard let received else { return }
            handle(received.frames, userId: received.userId)
        }
    }

    func handle(_ message: [Data], userId: String? = nil) {
        guard message.count >= 2 else { return }
        let sender = message[0]
        let frames = Array(message[1...])
        switch frames[0] {
        case MDP.clientHeader:
            do {
                let command = try MDP.ClientMessage(frames: frames)
                guard case .request(let service, let body) = command else {
                    logger.warning("client sent a reply command; dropped")
                    return
                }
                handleClientRequest(client: sender, service: service, body: body)
            } catch {
                logger.warning("malformed client message dropped", metadata: ["jg.error": "\(error)"])
            }
        case MDP.workerHeader:
            do {
                try handleWorker(identity: sender, try MDP.WorkerMessage(frames: frames), userId: userId)
            } catch {
                logger.warning("malformed worker message; worker disconnected", metadata: ["jg.error": "\(error)"])
                if workers[sender] != nil { deleteWorker(sender, notify: true) }
            }
        default:
            logger.warning("message with unknown protocol header dropped", metadata: ["jg.error": "\(MDP.FrameError.wrongHeader(frames[0]))"])
        }
    }

    // MARK: Clients

    func handleClientRequest(client: Data, service name: String, body: [Data]) {
        if name.hasPrefix("mmi.") {
            let answer: String
            if name == MDP.mmiService {
                let asked = body.first.flatMap { String(data: $0, encoding: .utf8) } ?? ""
                answer = (services[asked]?.workers.isEmpty == false) ? "200" : "404"
            } else {
                answer = "501"
            }
            send(to: client, MDP.ClientMessage.final(service: name, body: [Data(answer.utf8)]).frames)
            return
        }
        var body = body
        var tag: (any Sendable)?
        if let policy = configuration.policy {
            switch policy.admit(service: name, body: body) {
            case .answer(let reply):
                send(to: client, MDP.ClientMessage.final(service: name, body: reply).frames)
                return
            case .forward(let admitted, let admittedTag):
                body = admitted
                tag = admittedTag
            }
        }
        // After admission, so that a made-up name still needs a token and reaches the access log like any call.
        if let unknown = unknownService(name, body: body) {
            send(to: client, MDP.ClientMessage.final(service: name, body: [unknown]).frames)
            configuration.policy?.completed(service: name, tag: tag, reply: [unknown], elapsedMs: 0)
            return
        }
        let now = Monotonic.milliseconds()
        let service = service(named: name)
        service.queue.append(
            Request(client: client, service: name, body: body, receivedAtMs: now, expiresAtMs: now + configuration.queueTimeoutMs, tag: tag))
        dispatch(service)
    }

    /// An in-process request: queued as it is (its caller vouches for it). Its client address is only a
    /// placeholder for the worker to echo: the reply is matched through the worker's request in flight.
    func handleLocal(_ request: MDPBroker.LocalRequest) {
        if let unknown = unknownService(request.service, body: request.body) {
            request.reply([unknown])
            configuration.policy?.completed(service: request.service, tag: request.tag, reply: [unknown], elapsedMs: 0)
            return
        }
        let now = Monotonic.milliseconds()
        let service = service(named: request.service)
        service.queue.append(
            Request(
                client: Self.localClient, service: request.service, body: request.body, receivedAtMs: now,
                expiresAtMs: now + configuration.queueTimeoutMs, tag: request.tag, local: request.reply))
        localDeadlines.append((request.deadlineMs, request.reply))
        dispatch(service)
    }

    static let localClient = Data("in-process".utf8)

    /// The `UNIMPLEMENTED` reply for a name outside `knownServices` that no worker serves; nil when it may be queued.
    func unknownService(_ name: String, body: [Data]) -> Data? {
        guard !configuration.knownServices.isEmpty, !configuration.knownServices.contains(name), services[name]?.workers.isEmpty != false
        else { return nil }
        let known = configuration.knownServices.sorted()
        let guess = Spelling.closest(to: name, among: known).map { " (did you mean \($0)?)" } ?? ""
        let reply = AnyReply.failure(
            id: (try? Wire.decode(RequestID.self, from: body.first ?? Data()))?.id ?? "", .unimplemented,
            "there is no service \(name.debugDescription)\(guess); this suite has \(known.joined(separator: ", ")) (`help` lists them)")
        return (try? Wire.encode(reply)) ?? Data()
    }

    func expireLocalRequests(now: Int64) {
        while localHead < localDeadlines.count, localDeadlines[localHead].deadlineMs <= now {
            localDeadlines[localHead].reply(nil)
            localHead += 1
        }
        if localHead > 1_024, localHead * 2 > localDeadlines.count {
            localDeadlines.removeFirst(localHead)
            localHead = 0
        }
    }

    /// Answers requests that waited too long for a worker with an `UNAVAILABLE` envelope.
    func expireQueuedRequests(now: Int64) {
        for service in services.values where !service.queue.isEmpty {
            while let first = service.queue.first, first.expiresAtMs <= now {
                service.queue.removeFirst()
                let requestID = (try? Wire.decode(RequestID.self, from: first.body.first ?? Data()))?.id ?? ""
                let reply = AnyReply.failure(
                    id: requestID, .unavailable,
                    "service \(service.name) has no live worker (waited \(configuration.queueTimeoutMs) ms); is it running?")
                let body = (try? Wire.encode(reply)) ?? Data()
                if let local = first.local {
                    local([body])
                } else {
                    send(to: first.client, MDP.ClientMessage.final(service: service.name, body: [body]).frames)
                }
                configuration.policy?.completed(service: service.name, tag: first.tag, reply: [body], elapsedMs: now - first.receivedAtMs)
                logger.notice("request expired in queue", metadata: ["jg.service": "\(service.name)"])
            }
            forgetIfUnused(service)
        }
    }

    /// Drops a service nobody serves and nobody waits for. Any client may name any service, so without this every
    /// made-up name stays in the table for good: it grows without bound, every poll walks it, and `/healthz` lists it.
    func forgetIfUnused(_ service: Service) {
        guard service.workers.isEmpty, service.queue.isEmpty, services[service.name] === service else { return }
        services.removeValue(forKey: service.name)
    }

    // MARK: Workers

    func handleWorker(identity: Data, _ message: MDP.WorkerMessage, userId: String? = nil) throws {
        let now = Monotonic.milliseconds()
        let known = workers[identity]
        if let known {
            known.expiresAtMs = now + expiryMs
            known.lastSeenMs = now
        }
        switch message {
        case .ready(let serviceName):
            guard known == nil, !serviceName.hasPrefix("mmi.") else {
                // A second READY is a protocol error: the spec says disconnect.
                deleteWorker(identity, notify: true)
                return
            }
            // Under CURVE a peer's user id is the name its key was issued for (ZAP); in-process peers have none.
            if configuration.curve != nil, let userId, userId != serviceName {
                logger.warning("READY refused: key belongs to another peer", metadata: ["jg.service": "\(serviceName)", "jg.peer": "\(userId)"])
                send(to: identity, MDP.WorkerMessage.disconnect.frames)
                return
            }
            let worker = Worker(identity: identity, service: serviceName, now: now, expiry: expiryMs)
            workers[identity] = worker
            let service = service(named: serviceName)
            service.workers.insert(identity)
            service.waiting.append(identity)
            logger.info("worker ready", metadata: ["jg.service": "\(serviceName)", "jg.workers": "\(service.workers.count)"])
            dispatch(service)
            publishSnapshot(now: now)
        case .partial(let client, let body), .final(let client, let body):
            guard let known else {
                send(to: identity, MDP.WorkerMessage.disconnect.frames)
                return
            }
            let isFinal = if case .final = message { true } else { false }
            let request = known.inFlight
            // Heard before the caller gets its answer, so the access log and metrics already hold it then.
            if isFinal, let request {
                configuration.policy?.completed(service: known.service, tag: request.tag, reply: body, elapsedMs: now - request.receivedAtMs)
            }
            if let request, let local = request.local, client == request.client {
                if isFinal { local(body) }  // in-process callers take the final reply only
            } else if client != Self.localClient {
                let reply: MDP.ClientMessage = isFinal ? .final(service: known.service, body: body) : .partial(service: known.service, body: body)
                send(to: client, reply.frames)
            }
            // A reply after a reconnect can come from a worker the broker already counts as idle: don't queue it twice.
            if isFinal, request != nil {
                known.inFlight = nil
                if let service = services[known.service] {
                    service.waiting.append(identity)
                    dispatch(service)
                }
            }
        case .heartbeat:
            if known == nil { send(to: identity, MDP.WorkerMessage.disconnect.frames) }
        case .disconnect:
            if known != nil { deleteWorker(identity, notify: false) }
        case .request:
            // Only the broker sends REQUEST to workers.
            deleteWorker(identity, notify: true)
        }
    }

    func dispatch(_ service: Service) {
        while !service.queue.isEmpty, !service.waiting.isEmpty {
            let identity = service.waiting.removeFirst()
            guard let worker = workers[identity] else { continue }
            let request = service.queue.removeFirst()
            worker.inFlight = request
            if !send(to: identity, MDP.WorkerMessage.request(client: request.client, body: request.body).frames) {
                worker.inFlight = nil
                service.queue.insert(request, at: 0)
                deleteWorker(identity, notify: false)
            }
        }
    }

    func deleteWorker(_ identity: Data, notify: Bool) {
        if notify { send(to: identity, MDP.WorkerMessage.disconnect.frames) }
        guard let worker = workers.removeValue(forKey: identity) else { return }
        if let service = services[worker.service] {
            service.workers.remove(identity)
            service.waiting.removeAll { $0 == identity }
            // The request it held goes to the front of the queue: another worker serves it. Requests carry ids
            // and services are idempotent on them, so a worker that did finish it before dying does no harm.
            if let request = worker.inFlight { service.queue.insert(request, at: 0) }
            logger.notice("worker removed", metadata: ["jg.service": "\(worker.service)", "jg.workers": "\(service.workers.count)"])
            dispatch(service)
            forgetIfUnused(service)
        }
        publishSnapshot(now: Monotonic.milliseconds())
    }

    func purgeExpiredWorkers(now: Int64) {
        for (identity, worker) in workers where worker.expiresAtMs <= now {
            logger.notice("worker missed its heartbeats", metadata: ["jg.service": "\(worker.service)"])
            deleteWorker(identity, notify: false)
        }
    }

    func heartbeatAll() {
        for identity in Array(workers.keys) {
            if !send(to: identity, MDP.WorkerMessage.heartbeat.frames) { deleteWorker(identity, notify: false) }
        }
    }

    // MARK: Helpers

    func service(named name: String) -> Service {
        if let existing = services[name] { return existing }
        let created = Service(name: name)
        services[name] = created
        return created
    }

    /// Sends without ever blocking the broker; false when the peer is gone or not keeping up.
    @discardableResult
    func send(to identity: Data, _ frames: [Data]) -> Bool {
        do {
            if try router.send([identity] + frames, dontWait: true) { return true }
            logger.warning("peer not keeping up; message dropped")
            return false
        } catch {
            logger.debug("peer unreachable", metadata: ["jg.error": "\(error)"])
            return false
        }
    }

    func publishSnapshot(now: Int64) {
        var services: [String: MDPBroker.Snapshot.Service] = [:]
        for service in self.services.values {
            let members = service.workers.compactMap { workers[$0] }
            services[service.name] = .init(
                workers: members.count,
                busy: members.filter { $0.inFlight != nil }.count,
                queued: service.queue.count,
                lastSeenMs: members.map(\.lastSeenMs).max() ?? 0
            )
        }
        snapshot.value.withLock { $0 = MDPBroker.Snapshot(services: services, takenAtMs: now) }
    }
}

/// Only the id of a request body, so the broker can answer a request it cannot route.
struct RequestID: Decodable {
    var id: String?
}

/// The broker thread's latest snapshot, shared by reference with readers on other threads.
final class SnapshotCell: Sendable {
    let value = Mutex(MDPBroker.Snapshot())
}

/// What the broker does with a client request, as its policy decides.
public enum BrokerDecision: Sendable {
    /// Queue it with this (possibly rewritten) body; `tag` comes back in `completed`.
    case forward([Data], tag: (any Sendable)?)
    /// Answer at once with this body (e.g. an `UNAUTHENTICATED` envelope).
    case answer([Data])
}

/// The gateway's hooks into the broker: admission of each request and notice of each reply.
public protocol BrokerPolicy: Sendable {
    func admit(service: String, body: [Data]) -> BrokerDecision
    func completed(service: String, tag: (any Sendable)?, reply: [Data], elapsedMs: Int64)
}
