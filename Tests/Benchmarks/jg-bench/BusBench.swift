import ArgumentParser
import Bus
import Dispatch
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// `make bench-bus`: C concurrent clients × N round trips through the MDP broker to echo workers, and the same
/// load over a bare libzmq DEALER↔ROUTER echo (the ceiling), on loopback TCP in one process.
struct BusBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bus", abstract: "MDP broker round trips vs a bare libzmq echo.")

    @Option(help: "Concurrent clients.") var clients = 16
    @Option(help: "Requests per client.") var requests = 5_000
    @Option(help: "MDP echo workers behind the broker.") var workers = 16
    @Option(help: "Body size in bytes.") var bytes = 256
    @Flag(help: "Echo workers that answer on their socket's own thread (no async hand-off): separates the broker's cost from the worker library's.")
    var syncWorkers = false

    func run() async throws {
        let context = try ZMQContext(ioThreads: 1)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let body = Data(repeating: 0x61, count: bytes)
        print("bench-bus: \(clients) clients × \(requests) requests, \(bytes)-byte bodies, \(Machine.description), \(Date().formatted(.iso8601))")

        // Ceiling: a bare ROUTER that echoes every message.
        let bareEndpoint = "tcp://127.0.0.1:\(try freePort())"
        let echo = try SocketThread(name: "bare-echo") { thread in
            guard let router = try? ZMQSocket(context, .router) else { return }
            _ = try? router.bind(bareEndpoint)
            var poller = ZMQPoller()
            poller.add(router)
            while !thread.isStopping {
                guard (try? poller.poll(timeoutMilliseconds: 100))?[0] == true else { continue }
                while let frames = try? router.receive(dontWait: true) { _ = try? router.send(frames) }
            }
        }
        let bare = try measure(clients: clients, requests: requests) {
            let socket = try ZMQSocket(context, .dealer)
            try socket.connect(bareEndpoint)
            return { _ = try socket.send([body]); _ = try socket.receive() }
        }
        echo.stop()

        // The broker path: client → broker → worker → broker → client.
        let endpoint = "tcp://127.0.0.1:\(try freePort())"
        let broker = MDPBroker(context: context, configuration: .init(endpoints: [endpoint]), logger: logger)
        try broker.start()
        // Synchronous echo workers speak MDP straight from the frames, on their own threads (no heartbeats: the run
        // is shorter than the broker's expiry).
        var syncThreads: [SocketThread] = []
        if syncWorkers {
            for _ in 0..<workers {
                syncThreads.append(
                    try SocketThread(name: "sync-echo") { thread in
                        guard let socket = try? ZMQSocket(context, .dealer) else { return }
                        _ = try? socket.connect(endpoint)
                        _ = try? socket.send(MDP.WorkerMessage.ready(service: "echo").frames)
                        var poller = ZMQPoller()
                        poller.add(socket)
                        while !thread.isStopping {
                            guard (try? poller.poll(timeoutMilliseconds: 100))?[0] == true else { continue }
                            while let frames = try? socket.receive(dontWait: true), case .request(let client, let body)? = try? MDP.WorkerMessage(frames: frames) {
                                _ = try? socket.send(MDP.WorkerMessage.final(client: client, body: body).frames)
                            }
                        }
                    })
            }
        }
        let serving = Task {
            if syncWorkers { return }
            try await withThrowingDiscardingTaskGroup { group in
                for _ in 0..<workers {
                    let worker = MDPWorker(context: context, configuration: .init(brokerEndpoint: endpoint, service: "echo"), logger: logger)
                    group.addTask { try await worker.run { $0 } }
                }
            }
        }
        while (broker.snapshot.services["echo"]?.workers ?? 0) < workers { try await Task.sleep(for: .milliseconds(20)) }
        let brokered = try measure(clients: clients, requests: requests) {
            let client = MDPClient(context: context, endpoint: endpoint)
            return { _ = try client.request(service: "echo", body: [body], timeoutMs: 10_000, retries: 0) }
        }
        serving.cancel()
        for thread in syncThreads { thread.stop() }
        broker.stop()

        print(String(format: "bare DEALER↔ROUTER echo:  %8.0f req/s  %@", bare.rate, bare.latency.summary))
        print(String(format: "MDP broker (%2d %@ workers):  %8.0f req/s  %@", workers, syncWorkers ? "sync" : "MDPWorker", brokered.rate, brokered.latency.summary))
        print(String(format: "ratio broker/bare: %.1f %% (target ≥ 40 %% at C = 16)", brokered.rate / bare.rate * 100))
    }

    struct Result {
        var rate: Double
        var latency: LatencyStats
    }

    /// Runs `clients` threads; each makes its own socket (on its thread) and performs `requests` round trips.
    func measure(clients: Int, requests: Int, makeClient: @escaping @Sendable () throws -> () throws -> Void) throws -> Result {
        let samples = Mutex<[Double]>([])
        let failures = Mutex<[String]>([])
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for _ in 0..<clients {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    let roundTrip = try makeClient()
                    var local: [Double] = []
                    local.reserveCapacity(requests)
                    start.wait()
                    for _ in 0..<requests {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        try roundTrip()
                        local.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                    }
                    samples.withLock { $0.append(contentsOf: local) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        Thread.sleep(forTimeInterval: 0.3)  // let every client connect before the clock starts
        let began = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<clients { start.signal() }
        done.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        if let failure = failures.withLock({ $0.first }) { throw ValidationError("a client failed: \(failure)") }
        let all = samples.withLock { $0 }
        return Result(rate: Double(all.count) / elapsed, latency: LatencyStats(all))
    }

    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
