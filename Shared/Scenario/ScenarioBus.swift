import Bus
import Foundation
import Logging
import Messages
import ZeroMQ

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How the scenario reaches a running suite: the broker (bus calls) and the HTTP front (public pages).
public struct ScenarioEndpoints: Sendable {
    /// Broker endpoint, e.g. `tcp://127.0.0.1:5555`.
    public var gateway: String
    /// HTTP base, e.g. `http://127.0.0.1:8080`.
    public var http: String
    /// The coordination office's (admin) token; the scenario issues every department's own tokens with it.
    public var adminToken: String
    public var curve: CurveClient?
    /// Per-attempt timeout of a bus call.
    public var timeoutMs: Int
    /// How long to wait for an event to travel outbox → hub → inbox before calling a step failed.
    public var propagationSeconds: Double

    public init(
        gateway: String, http: String, adminToken: String, curve: CurveClient? = nil, timeoutMs: Int = 10_000, propagationSeconds: Double = 60
    ) {
        self.gateway = gateway
        self.http = http
        self.adminToken = adminToken
        self.curve = curve
        self.timeoutMs = timeoutMs
        self.propagationSeconds = propagationSeconds
    }
}

/// A step that did not turn out as the scenario expects, with what the suite said.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One caller on the bus: a token (or none, as the public) over the shared transport.
struct Caller: Sendable {
    let name: String
    let bus: BusClient

    /// Calls a method and returns its result; an error reply becomes a `ScenarioError` naming the caller.
    func call(_ service: String, _ method: String, _ params: JSONValue = .emptyObject) async throws -> JSONValue {
        let reply = try await bus.send(service, method, params)
        guard reply.status == .ok else {
            throw ScenarioError("\(name): \(service) \(method) answered \(reply.status.rawValue): \(reply.error?.message ?? "")")
        }
        return reply.result ?? .null
    }

    /// The untyped reply, for steps that tolerate a given status (e.g. a rule that already exists).
    func send(_ service: String, _ method: String, _ params: JSONValue = .emptyObject) async throws -> AnyReply {
        try await bus.send(service, method, params)
    }
}

/// Waiting for something another service does after an event: poll with a deadline, never a fixed sleep.
struct Propagation: Sendable {
    let seconds: Double

    func wait<T: Sendable>(_ what: String, _ probe: @Sendable () async throws -> T?) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(seconds * 1_000))
        var pause = Duration.milliseconds(50)
        while true {
            if let value = try await probe() { return value }
            guard clock.now < deadline else { throw ScenarioError("gave up after \(Int(seconds)) s waiting for \(what)") }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(1_000))
        }
    }
}

/// Public pages over HTTP, without a token (as a browser).
struct PublicWeb: Sendable {
    let base: String

    func get(_ path: String) async throws -> (status: Int, body: Data) {
        guard let url = URL(string: base + path) else { throw ScenarioError("not a URL: \(base + path)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 15
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}

extension JSONValue {
    var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}

/// Days in China Standard Time, the calendar the services use for windows and deadlines.
public enum ScenarioCalendar {
    public static func day(_ date: Date, plusDays days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3_600) ?? .current
        let shifted = calendar.date(byAdding: .day, value: days, to: date) ?? date
        let parts = calendar.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d-%02d-%02d", parts.year ?? 2000, parts.month ?? 1, parts.day ?? 1)
    }
}
