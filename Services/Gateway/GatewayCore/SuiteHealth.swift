import Bus
import Foundation

/// What `/healthz` answers: every expected service with its live workers and the age of its last heartbeat.
public struct SuiteHealth: Codable, Sendable {
    public struct ServiceHealth: Codable, Sendable {
        public var service: String
        public var workers: Int
        public var busy: Int
        public var queued: Int
        /// Milliseconds since a worker of the service was last heard from; nil when it never registered.
        public var lastHeartbeatAgeMs: Int64?
        public var up: Bool
    }

    public var status: String
    public var services: [ServiceHealth]

    public var isHealthy: Bool { status == "ok" }

    /// Builds the view from the broker's snapshot; a service with no live worker makes the suite unhealthy.
    public init(snapshot: MDPBroker.Snapshot, expected: [String], nowMs: Int64 = Monotonic.milliseconds()) {
        let names = Set(expected).union(snapshot.services.keys).sorted()
        services = names.map { name in
            let entry = snapshot.services[name]
            return ServiceHealth(
                service: name, workers: entry?.workers ?? 0, busy: entry?.busy ?? 0, queued: entry?.queued ?? 0,
                lastHeartbeatAgeMs: entry.flatMap { $0.lastSeenMs > 0 ? max(0, nowMs - $0.lastSeenMs) : nil },
                up: (entry?.workers ?? 0) > 0)
        }
        let missing = services.filter { expected.contains($0.service) && !$0.up }
        status = missing.isEmpty ? "ok" : "degraded"
    }
}
