import Bus
import Foundation
import JGTesting
import Messages
import Testing
import ZeroMQ

/// The real executables as separate processes: the suite comes up healthy, HTTP and `jg` reach every service,
/// bad input never stops anyone, and a killed worker process is replaced by the live one.
@Suite(.serialized) struct SuiteProcessTests {
    static let allServices = ["catalog", "credit", "inspection", "planning", "referral", "warning"]

    static func startedSuite(_ environment: [String: String] = [:]) async throws -> SuiteProcesses {
        let suite = try SuiteProcesses(environment: ["JG_QUEUE_TIMEOUT_MS": "800"].merging(environment) { _, new in new })
        try suite.startSuite()
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 60)
        #expect(health.status == 200, "suite not healthy: \(health.text)\n\(suite.log("gateway"))")
        return suite
    }

    @Test func theSuiteComesUpAndHealthzListsEveryService() async throws {
        let suite = try await Self.startedSuite()
        // Green means every service has a live worker; a process's other workers may still be saying READY.
        var health = try Wire.decode(JSONValue.self, from: try await HTTP.get("\(suite.httpBase)/healthz").body)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, health["services"]?.arrayValue?.contains(where: { $0["workers"]?.intValue != 4 }) ?? true {
            try await Task.sleep(for: .milliseconds(50))
            health = try Wire.decode(JSONValue.self, from: try await HTTP.get("\(suite.httpBase)/healthz").body)
        }
        #expect(health["status"] == "ok")
        let services = health["services"]?.arrayValue ?? []
        #expect(services.compactMap { $0["service"]?.stringValue } == (Self.allServices + ["gateway"]).sorted())
        for service in services {
            #expect(service["up"] == .bool(true))
            #expect((service["workers"]?.intValue ?? 0) == 4)
            #expect((service["lastHeartbeatAgeMs"]?.intValue ?? 99_999) < 10_000)
        }
        let jg = try JGCommand.run(["health"], suite: suite, token: try suite.adminToken())
        #expect(jg.status == 0, "\(jg.stderr)")
        for service in Self.allServices { #expect(jg.stdout.contains(service)) }
    }

    @Test func healthzIs503WhileAServiceIsMissing() async throws {
        let suite = try SuiteProcesses()
        try suite.startSuite(["catalog"])
        try await Task.sleep(for: .seconds(1))
        let response = try await HTTP.get("\(suite.httpBase)/healthz")
        #expect(response.status == 503)
        let health = try Wire.decode(JSONValue.self, from: response.body)
        #expect(health["status"] == "degraded")
    }

    @Test func httpCallAndTextCommandReachTheServices() async throws {
        let suite = try await Self.startedSuite()
        let base = suite.httpBase
        let admin = ["Authorization": "Bearer \(try suite.adminToken())"]
        let call = try await HTTP.post("\(base)/v1/call/catalog/health.check", body: Data("{}".utf8), headers: admin)
        #expect(call.status == 200)
        #expect(try Wire.decode(AnyReply.self, from: call.body).result?["service"] == "catalog")

        let command = try await HTTP.post("\(base)/v1/cmd", body: Data("credit events.since after=0 limit=10".utf8), headers: admin)
        #expect(command.status == 200, "\(command.text)")
        #expect(try Wire.decode(AnyReply.self, from: command.body).result?["lastSeq"] != nil)

        let idempotent = try await HTTP.post("\(base)/v1/call/warning/health.check", body: Data(), headers: admin.merging(["X-Request-Id": "fixed-id-1"]) { _, new in new })
        #expect(try Wire.decode(AnyReply.self, from: idempotent.body).id == "fixed-id-1")

        let cases: [(String, String, Int, Status, String)] = [
            ("/v1/call/catalog/nope.verb", "{}", 501, .unimplemented, "nope.verb"),
            ("/v1/call/catalog/events.since", #"{"after":"yesterday"}"#, 400, .invalidArgument, "params.after"),
            ("/v1/call/catalog/events.since", #"{"limit":5}"#, 400, .invalidArgument, "params.after is required"),
            ("/v1/call/catalog/events.since", "not json", 400, .invalidArgument, "JSON object"),
            // The body is set into the envelope as it came, so anything but exactly one object is refused: a second
            // value, an attempt to close the object and add an actor, an array.
            ("/v1/call/catalog/events.since", #"{"after":0} {"actor":{"role":"admin"}}"#, 400, .invalidArgument, "JSON object"),
            ("/v1/call/catalog/events.since", #"{"after":0},"actor":{"dept":"hy-coordination","user":"x","role":"admin"}"#, 400, .invalidArgument, "JSON object"),
            ("/v1/call/catalog/events.since", "[0]", 400, .invalidArgument, "JSON object"),
            ("/v1/call/catalog/events.since", "\u{FEFF}{\"after\":0}", 400, .invalidArgument, "JSON object"),
            ("/v1/call/nosuch/health.check", "{}", 501, .unimplemented, #"there is no service "nosuch"; this suite has catalog, credit, gateway"#),
        ]
        for (path, body, http, status, mention) in cases {
            let response = try await HTTP.post("\(base)\(path)", body: Data(body.utf8), headers: admin)
            #expect(response.status == http, "\(path): \(response.text)")
            let reply = try Wire.decode(AnyReply.self, from: response.body)
            #expect(reply.status == status)
            #expect(reply.error?.message.contains(mention) == true, "\(reply.error?.message ?? "") should mention \(mention)")
        }
        // Whitespace around the object is JSON, and the parameters reach the service as they were sent.
        let padded = try await HTTP.post("\(base)/v1/call/catalog/events.since", body: Data("\n  {\"after\": 0, \"limit\": 1}\r\n".utf8), headers: admin)
        #expect(padded.status == 200, "\(padded.text)")
        #expect(try Wire.decode(ReplyEnvelope<SystemMessages.EventBatch>.self, from: padded.body).result?.events.count ?? 0 <= 1)
        let badCommand = try await HTTP.post("\(base)/v1/cmd", body: Data("catalog".utf8), headers: admin)
        #expect(badCommand.status == 400)
        #expect(badCommand.text.contains("usage"))
    }

    @Test func jgExitCodesAreZeroOneAndTwo() async throws {
        let suite = try await Self.startedSuite()
        let token = try suite.adminToken()
        let ok = try JGCommand.run(["catalog", "health.check", "--json"], suite: suite, token: token)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try Wire.decode(AnyReply.self, from: Data(ok.stdout.utf8)).result?["service"] == "catalog")
        let table = try JGCommand.run(["catalog", "health.check"], suite: suite, token: token)
        #expect(table.stdout.contains("service:") && table.stdout.contains("catalog"), "human output is key: value lines")
        let json = try JGCommand.run(["catalog", "events.since", "after=0", "--json"], suite: suite, token: token)
        #expect(json.status == 0)
        #expect(try Wire.decode(AnyReply.self, from: Data(json.stdout.utf8)).status == .ok)
        let call = try JGCommand.run(["call", "referral", "events.since", #"{"after":0,"limit":1}"#], suite: suite, token: token)
        #expect(call.status == 0, "\(call.stderr)")
        let refused = try JGCommand.run(["catalog", "nope.verb"], suite: suite, token: token)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("UNIMPLEMENTED"))
        let usage = try JGCommand.run(["catalog"], suite: suite, token: token)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("missing method"))
    }

    @Test func badInputOnTheBusNeverStopsAService() async throws {
        let suite = try await Self.startedSuite()
        let context = TestContext.shared
        let rogue = try ZMQSocket(context, .dealer)
        try rogue.connect(suite.brokerEndpoint)
        // Frames that are not MDP at all: dropped by the broker.
        try rogue.send([Data("GET / HTTP/1.1".utf8)])
        try rogue.send([MDP.clientHeader])
        try rogue.send([MDP.clientHeader, Data([0x01])])
        try rogue.send([MDP.workerHeader, Data([0x02]), Data("x".utf8), Data(), Data("y".utf8)])

        let client = MDPClient(context: context, endpoint: suite.brokerEndpoint)
        func ask(_ service: String, _ frames: [Data]) throws -> AnyReply {
            let reply = try client.request(service: service, body: frames, timeoutMs: 5_000, retries: 0)
            return try Wire.decode(AnyReply.self, from: reply[0])
        }
        let token = try suite.adminToken()
        func envelope(_ method: String, _ params: JSONValue) throws -> Data {
            try Wire.encode(RequestEnvelope(method: method, params: params, token: token))
        }
        #expect(try ask("catalog", [Data("{not json".utf8)]).status == .invalidArgument)
        #expect(try ask("catalog", [Data(#"{"v":1}"#.utf8)]).status == .invalidArgument)
        #expect(try ask("catalog", [Data("[1,2,3]".utf8)]).status == .invalidArgument)
        #expect(try ask("catalog", [Data(#"{"v":7,"id":"a","method":"health.check"}"#.utf8)]).status == .invalidArgument)
        #expect(try ask("catalog", []).status == .invalidArgument)
        #expect(try ask("catalog", [Data("{}".utf8), Data("{}".utf8)]).status == .invalidArgument)
        let unknown = try ask("planning", [try envelope("plans.explode", .emptyObject)])
        #expect(unknown.status == .unimplemented)
        let badParams = try ask("inspection", [try envelope("events.since", ["after": "x", "limit": 3])])
        #expect(badParams.status == .invalidArgument)
        #expect(badParams.error?.details?["field"] == "params.after")
        let tooLarge = try ask("credit", [Data(repeating: 0x20, count: 10 * 1_024 * 1_024)])
        #expect(tooLarge.status == .invalidArgument)
        #expect(tooLarge.error?.message.contains("at most") == true)
        // A service the suite does not have is answered at once, not after the queue timeout.
        let noWorker = try ask("nosuch", [try envelope("health.check", .emptyObject)])
        #expect(noWorker.status == .unimplemented)
        #expect(noWorker.error?.message.contains("(`help` lists them)") == true)
        // A parameter the method does not declare is refused by name, however odd the name.
        let weird = try ask("referral", [try envelope("health.check", ["'; DROP TABLE outbox; --": "\u{0000}\u{FFFF}😀"])])
        #expect(weird.status == .invalidArgument)
        #expect(weird.error?.details?["field"] == "params.'; DROP TABLE outbox; --")

        for service in Self.allServices {
            #expect(try ask(service, [try envelope("health.check", .emptyObject)]).status == .ok, "\(service) stopped answering")
        }
        for process in Self.allServices.flatMap({ suite.processes(of: $0) }) + suite.processes(of: "gateway") { #expect(process.isRunning) }
    }

    @Test func aKilledWorkerProcessIsNoticedWithinTheHeartbeatExpiryAndTheOtherServes() async throws {
        // 300 ms heartbeats: a worker is dead after 900 ms of silence.
        let suite = try await Self.startedSuite(["JG_HEARTBEAT_MS": "300"])
        try suite.start("catalog")  // a second catalog process: 8 workers in all
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, try await Self.workers("catalog", suite) != 8 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try await Self.workers("catalog", suite) == 8)

        let victim = suite.processes(of: "catalog")[0]
        let killedAt = Date()
        suite.kill(victim)
        while Date().timeIntervalSince(killedAt) < 5, try await Self.workers("catalog", suite) != 4 { try await Task.sleep(for: .milliseconds(50)) }
        let noticedAfter = Date().timeIntervalSince(killedAt)
        #expect(try await Self.workers("catalog", suite) == 4)
        #expect(noticedAfter < 0.9 + 0.3 + 0.5, "expiry 900 ms + one heartbeat tick + slack; took \(noticedAfter) s")
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        for _ in 0..<20 {
            let body = try client.request(service: "catalog", body: [Wire.encode(RequestEnvelope(method: "health.check", params: JSONValue.emptyObject))])
            // health.check is open to the public: no token needed.
            #expect(try Wire.decode(AnyReply.self, from: body[0]).status == .ok)
        }
    }

    static func workers(_ service: String, _ suite: SuiteProcesses) async throws -> Int64 {
        let health = try Wire.decode(JSONValue.self, from: try await HTTP.get("\(suite.httpBase)/healthz").body)
        return health["services"]?.arrayValue?.first { $0["service"] == .string(service) }?["workers"]?.intValue ?? -1
    }
}

/// Runs the `jg` binary against a test suite.
enum JGCommand {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], suite: SuiteProcesses, token: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = SuiteProcesses.binDirectory.appendingPathComponent("jg")
        process.arguments = arguments
        var environment = suite.environment
        environment["JG_TOKEN"] = token
        environment["HOME"] = suite.dataDirectory.path
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
