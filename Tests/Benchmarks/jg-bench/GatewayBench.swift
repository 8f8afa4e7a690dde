import ArgumentParser
import Bus
import Dispatch
import Foundation
import Messages
import Synchronization
import ZeroMQ

/// The bus half of `make bench-gateway`: C concurrent MDP clients calling one read method of a running suite
/// through the broker for a fixed time (the HTTP half is wrk against the same method; see deploy/local/bench-gateway.sh).
struct GatewayBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gateway", abstract: "A read method over the bus against a running suite.")

    @Option(help: "Broker endpoint.") var gateway = ProcessInfo.processInfo.environment["JG_GATEWAY"] ?? "tcp://127.0.0.1:5555"
    @Option(help: "Bearer token.") var token = ProcessInfo.processInfo.environment["JG_TOKEN"] ?? ""
    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Seconds to run.") var seconds = 10.0
    @Option(help: "Service.") var service = "catalog"
    @Option(help: "Method.") var method = "items.get"
    @Option(help: "Parameters as JSON.") var params = #"{"code":"HY-2025-04"}"#

    func run() throws {
        guard let parsed = try? Wire.decode(JSONValue.self, from: Data(params.utf8)) else { throw ValidationError("--params must be JSON") }
        let context = try ZMQContext()
        let samples = Mutex<[Double]>([])
        let errors = Mutex<[String: Int]>([:])
        let group = DispatchGroup()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let began = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<clients {
            group.enter()
            Thread.detachNewThread { [gateway, token, service, method] in
                defer { group.leave() }
                let client = MDPClient(context: context, endpoint: gateway)
                var local: [Double] = []
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    do {
                        let body = try client.request(
                            service: service, body: [Wire.encode(RequestEnvelope(method: method, params: parsed, token: token))], timeoutMs: 5_000,
                            retries: 0)
                        let status = body.first.flatMap { try? Wire.decode(AnyReply.self, from: $0) }?.status
                        if status != .ok { errors.withLock { $0[status?.rawValue ?? "INVALID", default: 0] += 1 } }
                    } catch {
                        errors.withLock { $0["\(error)", default: 0] += 1 }
                    }
                    local.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                }
                samples.withLock { $0.append(contentsOf: local) }
            }
        }
        group.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let all = samples.withLock { $0 }
        let stats = LatencyStats(all)
        print(String(format: "bus  %@ %@: %.0f req/s over %d clients, %@", service, method, Double(all.count) / elapsed, clients, stats.summary))
        let failed = errors.withLock { $0 }
        if !failed.isEmpty { print("errors: \(failed)") }
    }
}
