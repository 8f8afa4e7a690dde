import Messages
import Prometheus
import Synchronization

/// Prometheus metrics of the calls through the gateway: counts by service, method and status, and latency.
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000].map { .milliseconds($0) }
    static let statuses: Set<String> = Set(Status.allCases.map(\.rawValue))

    private struct Labels: Hashable {
        var service: String
        var method: String
        var status: String
    }

    /// The registry's instruments by label values. The registry builds its key from the labels and takes its lock on
    /// every `make…` call; on the broker thread that was ~2 % of the gateway's CPU per call.
    private let instruments = Mutex<[Labels: (requests: Counter, duration: DurationHistogram)]>([:])

    public init() {}

    func record(service: String, method: String, status: String, milliseconds: Int64) {
        // Unknown services, methods and statuses are folded so that a caller cannot grow the label space (nor the
        // cache below): the broker answers a name that nothing serves with UNIMPLEMENTED.
        let unknown = status == "UNIMPLEMENTED"
        let serviceLabel = unknown || service.count > 64 ? "other" : service
        let methodLabel = unknown || method.count > 64 ? "other" : method
        let statusLabel = Self.statuses.contains(status) ? status : "INVALID"
        let labels = Labels(service: serviceLabel, method: methodLabel, status: statusLabel)
        let (requests, duration) = instruments.withLock { cache in
            if let known = cache[labels] { return known }
            let made = (
                registry.makeCounter(
                    descriptor: .init(metricName: "jg_requests", unitName: "total", helpText: "Calls through the gateway by service, method and status"),
                    labels: [("service", serviceLabel), ("method", methodLabel), ("status", statusLabel)]),
                registry.makeDurationHistogram(
                    descriptor: .init(metricName: "jg_request_duration", unitName: "seconds", helpText: "Time from admission to reply at the broker"),
                    labels: [("service", serviceLabel), ("method", methodLabel)], buckets: Self.buckets)
            )
            cache[labels] = made
            return made
        }
        requests.increment()
        duration.recordNanoseconds(milliseconds * 1_000_000)
    }

    /// The text exposition format for `/metrics`.
    public func exposition() -> String { registry.emitToString() }
}
