import Bus
import Foundation
import JGTesting
import Messages
import ServiceRunner
import Testing
import ZeroMQ

/// CURVE on the bus (issue 9): services connect with their own keys, a client without keys cannot connect, and a
/// key cannot register a worker for another service.
@Suite(.serialized, .enabled(if: ZMQCurve.isAvailable, "this libzmq was built without CURVE"))
struct CurveTests {
    @Test func keysDecideWhoConnectsAndWhichServiceAWorkerMayServe() async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("jg-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: keys) }
        #expect(try CurveKeys.generate(in: keys).count == CurveKeys.peers.count)
        let suite = try SuiteProcesses(environment: ["JG_CURVE_KEYS": keys, "JG_SERVICES": "catalog"])
        try suite.startSuite(["catalog"])
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 60)
        #expect(health.status == 200, "catalog connects with its own key: \(health.text)\n\(suite.log("gateway"))")

        let envelope = try Wire.encode(RequestEnvelope(method: "health.check", params: JSONValue.emptyObject))
        let jgKeys = CurveClient(serverPublicKey: try CurveKeys.publicKey("gateway", in: keys), keys: try CurveKeys.keyPair("jg", in: keys))
        let withKeys = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint, curve: jgKeys)
        let reply = try Wire.decode(AnyReply.self, from: try withKeys.request(service: "catalog", body: [envelope], timeoutMs: 5_000)[0])
        #expect(reply.status == .ok)

        // No keys: the CURVE handshake never completes, so nothing is ever answered.
        let plain = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        #expect(throws: BusError.self) { try plain.request(service: "catalog", body: [envelope], timeoutMs: 1_000, retries: 0) }

        // A key the gateway does not know is refused by the ZAP handler.
        let stranger = CurveClient(serverPublicKey: jgKeys.serverPublicKey, keys: try ZMQCurve.generate())
        let strangerClient = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint, curve: stranger)
        #expect(throws: BusError.self) { try strangerClient.request(service: "catalog", body: [envelope], timeoutMs: 1_000, retries: 0) }

        // planning's key cannot register a worker for catalog.
        var impostor = MDPWorker.Configuration(brokerEndpoint: suite.brokerEndpoint, service: "catalog")
        impostor.curve = CurveClient(serverPublicKey: jgKeys.serverPublicKey, keys: try CurveKeys.keyPair("planning", in: keys))
        impostor.reconnectInitialMs = 5_000
        let worker = MDPWorker(context: TestContext.shared, configuration: impostor, logger: .init(label: "impostor"))
        let serving = Task { try await worker.run { _ in [Data("hijacked".utf8)] } }
        defer { serving.cancel() }
        try await Task.sleep(for: .seconds(1))
        let workers = try Wire.decode(JSONValue.self, from: try await HTTP.get("\(suite.httpBase)/healthz").body)["services"]?.arrayValue?
            .first { $0["service"] == "catalog" }?["workers"]?.intValue
        #expect(workers == 4, "only catalog's own 4 workers are registered")
        for _ in 0..<8 {
            let answer = try withKeys.request(service: "catalog", body: [envelope], timeoutMs: 5_000)
            #expect(answer != [Data("hijacked".utf8)])
        }
    }
}
