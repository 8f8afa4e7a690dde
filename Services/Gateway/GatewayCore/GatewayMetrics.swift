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
        registry.makeCounter(
            descriptor: .init(metricName: "jg_requests", unitName: "total", helpText: "Calls through the gateway by service, method and status"),
            labels: [("service", service), ("method", methodLabel), ("status", statusLabel)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "jg_request_duration", unitName: "seconds", helpText: "Time from admission to reply at the broker"),
            labels: [("service", service), ("method", methodLabel)], buckets: Self.buckets
        ).recordNanoseconds(milliseconds * 1_000_000)
    }

    /// The text exposition format for `/metrics`.
    public func exposition() -> String { registry.emitToString() }
}
