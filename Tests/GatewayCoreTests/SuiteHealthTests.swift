import Bus
import GatewayCore
import Testing

/// `/healthz`: healthy only when every expected service has a live worker.
@Suite struct SuiteHealthTests {
    @Test func missingServiceMakesTheSuiteDegraded() {
        var snapshot = MDPBroker.Snapshot()
        snapshot.services["catalog"] = .init(workers: 2, busy: 1, queued: 0, lastSeenMs: 9_000)
        snapshot.services["credit"] = .init(workers: 0, busy: 0, queued: 3, lastSeenMs: 0)
        let health = SuiteHealth(snapshot: snapshot, expected: ["catalog", "credit", "planning"], nowMs: 10_000)
        #expect(!health.isHealthy)
        #expect(health.services.map(\.service) == ["catalog", "credit", "planning"])
        #expect(health.services[0].lastHeartbeatAgeMs == 1_000)
        #expect(health.services[0].up)
        #expect(!health.services[1].up)
        #expect(health.services[1].queued == 3)
        #expect(health.services[2].lastHeartbeatAgeMs == nil)
    }

    @Test func allExpectedServicesUpIsHealthy() {
        var snapshot = MDPBroker.Snapshot()
        snapshot.services["catalog"] = .init(workers: 1, busy: 0, queued: 0, lastSeenMs: 5)
        #expect(SuiteHealth(snapshot: snapshot, expected: ["catalog"], nowMs: 10).isHealthy)
    }
}
