import Bus
import Foundation
import JGTesting
import Messages
import Testing

/// Interoperability with an MDP/0.2 client and worker written in Python from the spec (Python/mdp_peer.py):
/// they talk to our broker, our worker serves their client, and our client reaches their worker.
/// Without pyzmq these tests are reported as skipped (with the reason), never as passed.
@Suite(.serialized, .enabled(if: Python.hasPyzmq, "pyzmq is not installed (make test tries `pip install pyzmq`); MDP interop not checked"))
struct PythonInteropTests {
    static let script = SuiteProcesses.repositoryRoot.appendingPathComponent("Tests/IntegrationTests/Python/mdp_peer.py").path

    @Test func pythonClientAndPythonWorkerTalkThroughOurBroker() async throws {
        let suite = try SuiteProcesses()
        try suite.start("gateway")
        let worker = try Python.start([Self.script, "worker", suite.brokerEndpoint, "py.echo", "1"])
        defer { if worker.isRunning { worker.terminate() } }
        try await Self.waitForWorker("py.echo", MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint))
        let output = try Python.run([Self.script, "client", suite.brokerEndpoint, "py.echo", "你好, broker"])
        let reply = try Wire.decode(JSONValue.self, from: Data(output.utf8))
        #expect(reply == ["command": "FINAL", "service": "py.echo", "body": ["py:你好, broker"]])
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0)
    }

    @Test func pythonClientIsServedByOurWorker() async throws {
        let suite = try SuiteProcesses()
        try suite.startSuite(["catalog"])
        try await Self.waitForWorker("catalog", MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint))
        let request = String(decoding: try Wire.encode(RequestEnvelope(id: "py-1", method: "health.check", params: JSONValue.emptyObject)), as: UTF8.self)
        let output = try Python.run([Self.script, "client", suite.brokerEndpoint, "catalog", request])
        let frames = try Wire.decode(JSONValue.self, from: Data(output.utf8))
        #expect(frames["command"] == "FINAL")
        #expect(frames["service"] == "catalog")
        let body = frames["body"]?.arrayValue?.first?.stringValue ?? ""
        let reply = try Wire.decode(AnyReply.self, from: Data(body.utf8))
        #expect(reply.id == "py-1")
        #expect(reply.status == .ok)
        #expect(reply.result?["service"] == "catalog")
    }

    @Test func ourClientIsServedByAPythonWorker() async throws {
        let suite = try SuiteProcesses()
        try suite.start("gateway")
        let worker = try Python.start([Self.script, "worker", suite.brokerEndpoint, "py.echo", "2"])
        defer { if worker.isRunning { worker.terminate() } }
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        try await Self.waitForWorker("py.echo", client)
        #expect(try client.hasWorkers("py.echo"))
        #expect(try client.request(service: "py.echo", body: [Data("one".utf8)]) == [Data("py:one".utf8)])
        #expect(try client.request(service: "py.echo", body: [Data("a".utf8), Data("b".utf8)]) == [Data("py:a".utf8), Data("py:b".utf8)])
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0)
    }
}

extension PythonInteropTests {
    /// Waits until the broker's `mmi.service` reports a live worker (a Python start-up can take a while).
    static func waitForWorker(_ service: String, _ client: MDPClient, seconds: Double = 15) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? client.hasWorkers(service, timeoutMs: 500)) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

enum Python {
    static let hasPyzmq: Bool = {
        guard let process = try? launch(["-c", "import zmq"]) else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static func launch(_ arguments: [String], output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        if let output { process.standardOutput = output }
        try process.run()
        return process
    }

    static func start(_ arguments: [String]) throws -> Process { try launch(arguments, output: Pipe()) }

    /// Runs a script to completion and returns its standard output; a non-zero exit is an error.
    static func run(_ arguments: [String]) throws -> String {
        let pipe = Pipe()
        let process = try launch(arguments, output: pipe)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SuiteError("python3 \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
