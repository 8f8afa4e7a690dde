import Messages
import Prometheus

/// Prometheus metrics of the calls through the gateway: counts by service, method and status, and latency.
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000].map { .milliseconds($0) }
    static let statuses: Set<String> = Set(Status.allCases.map(\.rawValue))

    public init() {}

    func record(service: String, method: String, status: String, milliseconds: Int64) {
        // Unknown methods and statuses are folded so that a caller cannot grow the label space.
        let methodLabel = status == "UNIMPLEMENTED" || method.count > 64 ? "other" : method
        let statusLabel = Self.statuses.contains(status) ? status : "INVALID"
        registry.makeCounter(name: "jg_requests_total", labels: [("service", service), ("method", methodLabel), ("status", statusLabel)]).increment()
        registry.makeDurationHistogram(name: "jg_request_duration_seconds", labels: [("service", service), ("method", methodLabel)], buckets: Self.buckets)
            .recordNanoseconds(milliseconds * 1_000_000)
    }

    /// The text exposition format for `/metrics`.
    public func exposition() -> String { registry.emitToString() }
}
