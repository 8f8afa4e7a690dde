import Foundation

/// The real executables started as child processes on free loopback ports with a scratch data directory, for
/// tests that must cross process boundaries (interoperability, kill -9, bad input against a live suite).
public final class SuiteProcesses: @unchecked Sendable {
    // @unchecked: the process table is only touched from the test that owns this value, one call at a time.
    public let dataDirectory: URL
    public let httpPort = Ports.free()
    public let brokerPort = Ports.free()
    public let publishPort = Ports.free()
    public let subscribePort = Ports.free()
    public let environment: [String: String]
    private var processes: [String: [Process]] = [:]

    public var brokerEndpoint: String { "tcp://127.0.0.1:\(brokerPort)" }
    public var httpBase: String { "http://127.0.0.1:\(httpPort)" }

    /// The repository root, found from this file's place in it.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Where the built executables are: `JG_BIN_DIR`, or `.build/debug` (what `make test` builds first).
    public static var binDirectory: URL {
        if let directory = ProcessInfo.processInfo.environment["JG_BIN_DIR"] { return URL(fileURLWithPath: directory) }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }

    public init(environment extra: [String: String] = [:]) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("JG_") }
        environment.merge([
            "JG_DATA_DIR": dataDirectory.path,
            "JG_GATEWAY": "tcp://127.0.0.1:\(brokerPort)",
            "JG_EVENTS_PUB": "tcp://127.0.0.1:\(publishPort)",
            "JG_EVENTS_SUB": "tcp://127.0.0.1:\(subscribePort)",
            "JG_BROKER_BIND": "tcp://127.0.0.1:\(brokerPort)",
            "JG_HUB_XSUB_BIND": "tcp://127.0.0.1:\(publishPort)",
            "JG_HUB_XPUB_BIND": "tcp://127.0.0.1:\(subscribePort)",
            "JG_HTTP_PORT": "\(httpPort)",
            "JG_LOG_LEVEL": "info",
            // Tests start many suites on 2 cores: 4 workers per service each keeps the thread count down.
            "JG_WORKERS": "4",
            "JG_SUITE_TOKEN": "jgs_test_\(UUID().uuidString)",
        ]) { _, new in new }
        environment.merge(extra) { _, new in new }
        self.environment = environment
    }

    deinit {
        stopAll()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Starts one more process of `executable` (a second `catalog` is a second worker process of that service).
    @discardableResult
    public func start(_ executable: String, environment extra: [String: String] = [:]) throws -> Process {
        let binary = Self.binDirectory.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw SuiteError("\(binary.path) is missing: build first (`swift build`, as `make test` does)")
        }
        let process = Process()
        process.executableURL = binary
        process.environment = environment.merging(extra) { _, new in new }
        let log = dataDirectory.appendingPathComponent("\(executable)-\(processes[executable, default: []].count).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw SuiteError("cannot create \(log.path) for \(executable)'s output: is \(dataDirectory.path) writable?")
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[executable, default: []].append(process)
        return process
    }

    /// The services, in the order the suite starts them after the gateway.
    public static let services = ["catalog", "planning", "inspection", "credit", "referral", "warning"]
    /// Every executable of the suite.
    public static let executables = ["gateway"] + services

    /// Starts the gateway and the given services.
    public func startSuite(_ services: [String] = SuiteProcesses.services) throws {
        try start("gateway")
        for service in services { try start(service) }
    }

    public func processes(of executable: String) -> [Process] { processes[executable] ?? [] }

    /// Sends a signal (SIGKILL by default, as `kill -9`) to one process and waits for it to be gone.
    public func kill(_ process: Process, signal: Int32 = SIGKILL) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    public func stopAll() {
        for process in processes.values.flatMap({ $0 }) where process.isRunning {
            process.terminate()
        }
        let deadline = Date().addingTimeInterval(10)
        for process in processes.values.flatMap({ $0 }) {
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
        processes.removeAll()
    }

    /// The admin token the gateway wrote on its first start (waits for it).
    public func adminToken(seconds: Double = 20) throws -> String {
        let path = dataDirectory.appendingPathComponent("admin.token").path
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            usleep(50_000)
        }
        throw SuiteError("the gateway wrote no admin token to \(path)\n\(log("gateway"))")
    }

    /// The log of a process, for failure messages.
    public func log(_ executable: String, index: Int = 0) -> String {
        (try? String(contentsOf: dataDirectory.appendingPathComponent("\(executable)-\(index).log"), encoding: .utf8)) ?? ""
    }
}

/// A test-support failure with a message for the person reading the test report.
public struct SuiteError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
