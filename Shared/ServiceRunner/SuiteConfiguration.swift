import Foundation
import Logging

/// Everything a suite process reads from its environment, read once at start (DESIGN §6).
///
/// Each property documents its variable and default; `describe()` prints them at start-up.
public struct SuiteConfiguration: Sendable {
    /// `JG_GATEWAY`: the broker endpoint workers and clients connect to. Default `tcp://127.0.0.1:5555`.
    public var gateway: String
    /// `JG_EVENTS_PUB`: the hub's XSUB endpoint publishers connect to. Default `tcp://127.0.0.1:5556`.
    public var eventsPublish: String
    /// `JG_EVENTS_SUB`: the hub's XPUB endpoint subscribers connect to. Default `tcp://127.0.0.1:5557`.
    public var eventsSubscribe: String
    /// `JG_DATA_DIR`: where `<service>.sqlite` lives. Default `./data`.
    public var dataDirectory: String
    /// `JG_LOG_LEVEL`: trace, debug, info, notice, warning, error, critical. Default `info`.
    public var logLevel: Logger.Level
    /// `JG_WORKERS`: MDP worker connections per service process (requests served concurrently). Default 32.
    public var workers: Int
    /// Enough requests in flight that one commit carries many (see `GroupCommit`), each hot page of the store then
    /// written once per group rather than once per request; the README's referral row shows what it changed.
    public static let defaultWorkers = 32
    /// `JG_HEARTBEAT_MS`: MDP heartbeat interval; a peer is dead after 3 missed. Default 2500.
    public var heartbeatMs: Int64
    /// `JG_MAX_BODY_BYTES`: largest request body a service accepts. Default 8 MiB.
    public var maxBodyBytes: Int
    /// `JG_CATCHUP_MS`: how often subscribers ask sources for missed events. Default 5000.
    public var catchUpIntervalMs: Int64
    /// `JG_CALL_TIMEOUT_MS`: per-attempt timeout of service-to-service calls. Default 5000.
    public var callTimeoutMs: Int

    // Gateway only.
    /// `JG_BROKER_BIND`: where the broker listens. Default `tcp://*:5555`.
    public var brokerBind: String
    /// `JG_HUB_XSUB_BIND`: where the hub takes publishers. Default `tcp://*:5556`.
    public var hubPublishersBind: String
    /// `JG_HUB_XPUB_BIND`: where the hub serves subscribers. Default `tcp://*:5557`.
    public var hubSubscribersBind: String
    /// `JG_HTTP_HOST`: HTTP listen address. Default `127.0.0.1`.
    public var httpHost: String
    /// `JG_HTTP_PORT`: HTTP port. Default 8080.
    public var httpPort: Int
    /// `JG_QUEUE_TIMEOUT_MS`: how long a request waits for a worker before `UNAVAILABLE`. Default 5000.
    public var queueTimeoutMs: Int64
    /// `JG_DEMO_DATA`: a directory of demo CSVs a service loads on first start into an empty store (unset: none).
    public var demoDataDirectory: String?
    /// `JG_CURVE_KEYS`: directory of CURVE keys (`make keys`); set, every bus socket uses CURVE. Default unset.
    public var curveKeysDirectory: String?
    /// `JG_RATE_LIMIT`: gateway: requests per second per token (bursts up to twice that); 0 turns it off. Default 200.
    public var rateLimit: Int
    /// `JG_SERVICES`: the services `/healthz` expects. Default the six domain services.
    public var expectedServices: [String]

    public static let domainServices = ["catalog", "planning", "inspection", "credit", "referral", "warning"]

    /// Every variable this struct reads, for documentation checks (README, compose file, manifests).
    public static let variables = [
        "JG_GATEWAY", "JG_EVENTS_PUB", "JG_EVENTS_SUB", "JG_DATA_DIR", "JG_LOG_LEVEL", "JG_WORKERS", "JG_HEARTBEAT_MS",
        "JG_MAX_BODY_BYTES", "JG_CATCHUP_MS", "JG_CALL_TIMEOUT_MS", "JG_BROKER_BIND", "JG_HUB_XSUB_BIND", "JG_HUB_XPUB_BIND",
        "JG_HTTP_HOST", "JG_HTTP_PORT", "JG_QUEUE_TIMEOUT_MS", "JG_SERVICES", "JG_DEMO_DATA",
        "JG_SUITE_TOKEN", "JG_RATE_LIMIT", "JG_CURVE_KEYS",
    ]

    /// The raw environment, for a service core to read its own variables into its own config struct at start.
    public let environment: [String: String]

    /// Problems found while reading, e.g. a number that is not one; the process refuses to start with them.
    public private(set) var problems: [String] = []

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        var problems: [String] = []
        func string(_ key: String, _ fallback: String) -> String {
            guard let value = environment[key], !value.isEmpty else { return fallback }
            return value
        }
        func number<T: FixedWidthInteger>(_ key: String, _ fallback: T, range: ClosedRange<T>) -> T {
            guard let text = environment[key], !text.isEmpty else { return fallback }
            guard let value = T(text), range.contains(value) else {
                problems.append("\(key)=\(text) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
                return fallback
            }
            return value
        }
        gateway = string("JG_GATEWAY", "tcp://127.0.0.1:5555")
        eventsPublish = string("JG_EVENTS_PUB", "tcp://127.0.0.1:5556")
        eventsSubscribe = string("JG_EVENTS_SUB", "tcp://127.0.0.1:5557")
        dataDirectory = string("JG_DATA_DIR", "./data")
        let level = string("JG_LOG_LEVEL", "info")
        if let parsed = Logger.Level(rawValue: level) {
            logLevel = parsed
        } else {
            problems.append("JG_LOG_LEVEL=\(level) is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            logLevel = .info
        }
        workers = number("JG_WORKERS", Self.defaultWorkers, range: 1...64)
        heartbeatMs = number("JG_HEARTBEAT_MS", 2_500, range: 100...60_000)
        maxBodyBytes = number("JG_MAX_BODY_BYTES", 8 << 20, range: 1_024...(60 << 20))
        catchUpIntervalMs = number("JG_CATCHUP_MS", 5_000, range: 100...600_000)
        callTimeoutMs = number("JG_CALL_TIMEOUT_MS", 5_000, range: 50...600_000)
        brokerBind = string("JG_BROKER_BIND", "tcp://*:5555")
        hubPublishersBind = string("JG_HUB_XSUB_BIND", "tcp://*:5556")
        hubSubscribersBind = string("JG_HUB_XPUB_BIND", "tcp://*:5557")
        httpHost = string("JG_HTTP_HOST", "127.0.0.1")
        httpPort = number("JG_HTTP_PORT", 8080, range: 0...65_535)
        queueTimeoutMs = number("JG_QUEUE_TIMEOUT_MS", 5_000, range: 10...600_000)
        curveKeysDirectory = environment["JG_CURVE_KEYS"].flatMap { $0.isEmpty ? nil : $0 }
        rateLimit = number("JG_RATE_LIMIT", 200, range: 0...1_000_000)
        demoDataDirectory = environment["JG_DEMO_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        expectedServices = string("JG_SERVICES", Self.domainServices.joined(separator: ","))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.problems = problems
    }

    /// One line per setting, for the start-up log.
    public func describe() -> Logger.Metadata {
        [
            "JG_GATEWAY": "\(gateway)", "JG_EVENTS_PUB": "\(eventsPublish)", "JG_EVENTS_SUB": "\(eventsSubscribe)",
            "JG_DATA_DIR": "\(dataDirectory)", "JG_LOG_LEVEL": "\(logLevel)", "JG_WORKERS": "\(workers)",
            "JG_HEARTBEAT_MS": "\(heartbeatMs)", "JG_MAX_BODY_BYTES": "\(maxBodyBytes)", "JG_CATCHUP_MS": "\(catchUpIntervalMs)",
            "JG_CALL_TIMEOUT_MS": "\(callTimeoutMs)",
        ]
    }
}
