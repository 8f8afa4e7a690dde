import CatalogCore
import Foundation
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

    @Test func healthCheckReportsPerSourceCursorAndAppliedCount() async throws {
        let harness = try ServiceHarness<CatalogService>()
        for seq in [1, 2, 2, 4] as [Int64] {
            try await harness.deliver(
                EventEnvelope(source: "credit", seq: seq, topic: "credit.grade.changed", at: "2026-01-01T00:00:00Z", traceId: nil, event: .null))
        }
        let health = try await harness.result("health.check", SystemMessages.Empty(), decoding: SystemMessages.Health.self)
        #expect(health.inboxCursors == ["credit": 2])
        #expect(health.inboxApplied == ["credit": 2], "the duplicate and the event after the gap are not counted")
    }

    /// A misspelt filter used to be dropped silently, so `items.list domian=gas-safety` listed every item.
    @Test func aParameterTheMethodDoesNotDeclareIsRefusedByName() async throws {
        let harness = try ServiceHarness<CatalogService>()
        let misspelt = try await harness.call("items.list", ["domian": "gas-safety"] as JSONValue, as: Actors.admin)
        #expect(misspelt.status == .invalidArgument)
        #expect(misspelt.error?.details?["field"] == "params.domian")
        let message = try #require(misspelt.error?.message)
        #expect(message.hasPrefix("params.domian is not a parameter of items.list (did you mean domian → domain?); it takes "))
        #expect(message.contains("domain"), "the declared names are listed: \(message)")
        #expect(message.hasSuffix("(`help catalog items.list`)"))
        let two = try await harness.call("health.check", ["b": 1, "a": true] as JSONValue)
        #expect(two.error?.message == "params.a, params.b are not parameters of health.check; it takes none (`help catalog health.check`)")
        // Declared names still pass, and so does an empty or absent params object.
        #expect(try await harness.call("items.list", ["domain": "gas-safety"] as JSONValue, as: Actors.admin).status == .ok)
        #expect(try await harness.call("health.check", [:] as JSONValue).status == .ok)
        // One level down: an object parameter with declared fields refuses other keys (an edit that would do nothing).
        let change = try await harness.call("items.update", ["code": "HY-2025-04", "changes": ["nmae": "x", "content": "y"]] as JSONValue, as: Actors.admin)
        #expect(change.status == .invalidArgument)
        #expect(change.error?.details?["field"] == "params.changes.nmae")
        #expect(change.error?.message.hasPrefix("params.changes.nmae is not a field of changes (did you mean nmae → name?); it takes name, domain, ") == true)
        // In arrays of objects, each element's keys: a misspelt `article` would store a legal basis without one.
        // Element 0 is not an object at all; that is the decoder's to refuse, after the key check walks past it.
        let basis = try await harness.call(
            "items.create",
            ["code": "HY-2025-90", "legalBasis": ["not an object", ["law": "食品安全法", "artcle": "第八十七条"]]] as JSONValue, as: Actors.admin)
        #expect(basis.status == .invalidArgument)
        #expect(basis.error?.details?["field"] == "params.legalBasis[1].artcle")
        #expect(
            basis.error?.message
                == "params.legalBasis[1].artcle is not a field of legalBasis[1] (did you mean artcle → article?); it takes law, article (`help catalog items.create`)")
        let wellFormed = try await harness.call(
            "items.create", ["code": "HY-2025-90", "legalBasis": [["law": "食品安全法", "article": "第八十七条"]]] as JSONValue, as: Actors.admin)
        #expect(wellFormed.error?.message.contains("is not a field") != true, "\(wellFormed.error?.message ?? "OK")")
        // Found by the fuzz campaign: six junk keys, one of them 256 KiB, kept the worker busy (a guess for each, by
        // edit distance against every declared name) until the broker gave up on it. Now the answer names five,
        // each cut short, and guesses only for names a person could have typed.
        var junk: [String: JSONValue] = ["'; DROP TABLE item; --": 1, "𠀋": 2, "x": 3, "yy": 4, "zzz": 5]
        junk[String(repeating: "A", count: 262_144)] = 6
        let flood = try await harness.call("items.list", JSONValue.object(junk), as: Actors.admin)
        #expect(flood.status == .invalidArgument)
        let floodMessage = try #require(flood.error?.message)
        #expect(floodMessage.utf8.count < 1_000, "\(floodMessage.prefix(300))")
        #expect(floodMessage.contains("params." + String(repeating: "A", count: 40) + "…, "))
        #expect(floodMessage.contains(" and 1 more "))
        // A params value that is not an object is refused as such, not as unknown names.
        let notObject = try await harness.call("items.list", ["gas-safety"] as JSONValue, as: Actors.admin)
        #expect(notObject.status == .invalidArgument)
        #expect(notObject.error?.details?["field"] == "params")
    }

    @Test func anyDeadlineIsAnsweredAndNoneOverflows() async throws {
        // Found by the fuzz campaign: deadlineMs near Int.max overflowed `now + deadline` and killed the process.
        let harness = try ServiceHarness<CatalogService>()
        func status(deadline: String) async throws -> Status {
            let body = #"{"v":1,"id":"d","method":"health.check","deadlineMs":\#(deadline),"params":{}}"#
            return try Wire.decode(AnyReply.self, from: await harness.dispatcher.handle([Data(body.utf8)])[0]).status
        }
        #expect(try await status(deadline: "\(Int.max)") == .ok)
        #expect(try await status(deadline: "\(Int.max - 1_000)") == .ok)
        #expect(try await status(deadline: "5000") == .ok)
        #expect(try await status(deadline: "0") == .invalidArgument)
        #expect(try await status(deadline: "\(Int.min)") == .invalidArgument)
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
