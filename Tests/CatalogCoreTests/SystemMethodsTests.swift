import CatalogCore
import JGTesting
import Messages
import Testing

/// The methods every service answers, through the same router and dispatcher as on the bus.
@Suite struct CatalogSystemMethodsTests {
    @Test func healthCheckNamesTheServiceAndItsOutboxPosition() async throws {
        let harness = try ServiceHarness<CatalogService>()
        let health = try await harness.result("health.check", SystemMessages.Empty(), decoding: SystemMessages.Health.self)
        #expect(health.service == "catalog")
        #expect(health.outboxSeq == 0)
    }

    @Test func methodsListDescribesEveryMethodIncludingItself() async throws {
        let harness = try ServiceHarness<CatalogService>()
        let list = try await harness.result("methods.list", SystemMessages.Empty(), decoding: SystemMessages.MethodList.self)
        let names = Set(list.methods.map(\.name))
        #expect(names.isSuperset(of: ["health.check", "methods.list", "events.since"]))
        #expect(list.methods.allSatisfy { !$0.summary.isEmpty }, "every method says what it does")
    }

    @Test func eventsSinceRejectsANegativeCursorNamingTheField() async throws {
        let harness = try ServiceHarness<CatalogService>()
        let reply = try await harness.call("events.since", SystemMessages.EventsSince(after: -1), as: .service("test"))
        #expect(reply.status == .invalidArgument)
        #expect(reply.error?.details?["field"] == "params.after")
    }

    @Test func aRequestWithoutAnActorIsRefusedButPublishedDataIsOpen() async throws {
        let harness = try ServiceHarness<CatalogService>()
        let reply = try await harness.call("events.since", SystemMessages.EventsSince(after: 0))
        #expect(reply.status == .unauthenticated)
        #expect(try await harness.call("health.check", SystemMessages.Empty()).status == .ok)
    }
}
