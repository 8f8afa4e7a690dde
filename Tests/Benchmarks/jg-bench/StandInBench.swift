import ArgumentParser
import Bus
import Dispatch
import Foundation
import Messages
import ZeroMQ

/// The floor of `make bench-gateway`: a stand-in that registers as a service and answers every request at once with
/// the bytes the real service gave for the benchmark's call, so that wrk then measures the gateway alone (HTTP,
/// token, role table, access log, broker, ZeroMQ) with a service that costs nothing.
struct StandInBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stand-in",
        abstract: "Serve one recorded reply as a service (the gateway's floor for bench-gateway); runs until stopped.")

    @Option(help: "Broker endpoint.") var gateway = ProcessInfo.processInfo.environment["JG_GATEWAY"] ?? "tcp://127.0.0.1:5555"
    @Option(help: "Bearer token for the one real call that records the reply.") var token = ProcessInfo.processInfo.environment["JG_TOKEN"] ?? ""
    @Option(help: "Service to stand in for.") var service = "catalog"
    @Option(help: "Method whose reply is recorded.") var method = "items.get"
    @Option(help: "Parameters as JSON.") var params = #"{"code":"HY-2025-04"}"#
    @Option(help: "Worker sockets (each on its own thread).") var workers = 4
    @Option(help: "Seconds to serve before leaving.") var seconds = 60.0

    func run() throws {
        guard let parsed = try? Wire.decode(JSONValue.self, from: Data(params.utf8)) else { throw ValidationError("--params must be JSON") }
        let context = try ZMQContext()
        let reply = try MDPClient(context: context, endpoint: gateway).request(
            service: service, body: [Wire.encode(RequestEnvelope(method: method, params: parsed, token: token))], timeoutMs: 5_000, retries: 0)
        guard let first = reply.first, (try? Wire.decode(AnyReply.self, from: first))?.status == .ok else {
            throw ValidationError("\(service) \(method) did not answer OK; nothing to stand in with")
        }
        FileHandle.standardError.write(Data("stand-in: \(workers) workers for \(service), answering with \(first.count) bytes\n".utf8))
        let standIn = try StandIn(context: context, gateway: gateway, service: service, replies: [:], fallback: reply, workers: workers)
        Thread.sleep(forTimeInterval: seconds)
        standIn.stop()
    }
}

/// A service that costs nothing: worker sockets that answer each request at once with a reply recorded from the real
/// service, chosen by the request's method (or `fallback`). What is left of a benchmark against it is the gateway
/// and the client.
final class StandIn: Sendable {
    private let threads: [SocketThread]

    /// The method of a request envelope, and nothing else of it.
    private struct Method: Decodable { var method: String }

    init(context: ZMQContext, gateway: String, service: String, replies: [String: [Data]], fallback: [Data], workers: Int) throws {
        threads = try (0..<workers).map { _ in
            try SocketThread(name: "stand-in") { thread in
                guard let socket = try? ZMQSocket(context, .dealer), (try? socket.connect(gateway)) != nil,
                    (try? socket.send(MDP.WorkerMessage.ready(service: service).frames)) != nil
                else { return }
                var poller = ZMQPoller()
                poller.add(socket)
                var lastSent = DispatchTime.now().uptimeNanoseconds
                while !thread.isStopping {
                    if (try? poller.poll(timeoutMilliseconds: 500))?[0] == true {
                        while let frames = try? socket.receive(dontWait: true), let message = try? MDP.WorkerMessage(frames: frames) {
                            switch message {
                            case .request(let client, let body):
                                // One recorded reply for the whole service needs no parse at all.
                                let method = replies.isEmpty ? nil : body.first.flatMap { try? Wire.decode(Method.self, from: $0) }?.method
                                let reply = method.flatMap { replies[$0] } ?? fallback
                                _ = try? socket.send(MDP.WorkerMessage.final(client: client, body: reply).frames)
                            case .disconnect: return
                            default: continue
                            }
                            lastSent = DispatchTime.now().uptimeNanoseconds
                        }
                    }
                    // The broker counts any message as a sign of life; when idle, say so at its heartbeat pace.
                    if DispatchTime.now().uptimeNanoseconds - lastSent > 1_000_000_000 {
                        _ = try? socket.send(MDP.WorkerMessage.heartbeat.frames)
                        lastSent = DispatchTime.now().uptimeNanoseconds
                    }
                }
                _ = try? socket.send(MDP.WorkerMessage.disconnect.frames)
            }
        }
    }

    func stop() {
        for thread in threads { _ = thread.stop() }
    }
}
