import Foundation
import JGTesting
import Messages
import Testing
import WarningCore

/// `signals.ingest`: all-or-nothing with the row at fault, idempotent per request and per reading.
@Suite("Ingest")
struct IngestTests {
    @Test func aMalformedBatchIsRejectedWholeWithTheRowAtFault() async throws {
        let harness = try makeHarness()
        try await harness.createRule("R-GAS", indicator: M.Indicator(aggregate: .max, metric: "ch4.ppm"), window: "1h", threshold: 50)
        // Given three rows, the third (row 2) with a time that is not one, and a first row that would fire.
        let batch = M.IngestBatch(
            source: "gas-iot-hy",
            readings: [reading(site: "S1", 90, at: at()), reading(site: "S2", 10, at: at()), reading(site: "S3", 10, at: "yesterday")])
        let reply = try await harness.call("signals.ingest", batch, as: iot)
        #expect(reply.status == .invalidArgument)
        #expect(reply.error?.details?["row"] == 2)
        #expect(reply.error?.details?["field"] == "at")
        // Then nothing was stored or raised.
        let signals: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1"), as: auditor)
        #expect(signals.signals.isEmpty)
        #expect(try await harness.raisedEvents().isEmpty)
    }

    @Test func aFieldOfTheWrongTypeNamesItsRow() async throws {
        let harness = try makeHarness()
        let params: JSONValue = [
            "source": "video-ai",
            "readings": [
                ["site": "S1", "metric": "fire-exit-blocked", "value": 1, "at": "2025-06-01T00:00:00Z", "kind": "detection"],
                ["site": "S1", "metric": "fire-exit-blocked", "value": "one", "at": "2025-06-01T00:00:00Z"],
            ],
        ]
        let reply = try await harness.call("signals.ingest", params, as: iot)
        #expect(reply.status == .invalidArgument)
        #expect(reply.error?.details == ["row": 1, "field": "value"])
        let missing = try await harness.call(
            "signals.ingest", M.IngestBatch(source: "x", readings: [M.Reading(metric: "ch4.ppm", value: 1, at: at())]), as: iot)
        #expect(missing.error?.details == ["row": 0, "field": "site"])
    }

    @Test func ingestIsIdempotentOnTheRequestAndOnTheReadingId() async throws {
        let harness = try makeHarness()
        let batch = M.IngestBatch(source: "gas-iot-hy", readings: [reading(site: "S1", 1, at: at(), id: "r-1"), reading(site: "S1", 2, at: at(minutes: 1))])
        let first: M.IngestResult = try await harness.result("signals.ingest", batch, as: iot, id: "req-1")
        #expect(first.accepted == 2)
        let replayed: M.IngestResult = try await harness.result("signals.ingest", batch, as: iot, id: "req-1")
        #expect(replayed == first)
        let again: M.IngestResult = try await harness.result(
            "signals.ingest", M.IngestBatch(source: "gas-iot-hy", readings: [reading(site: "S1", 1, at: at(), id: "r-1")]), as: iot, id: "req-2")
        #expect(again.accepted == 0)
        #expect(again.duplicates == 1)
        let signals: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1"), as: auditor)
        #expect(signals.signals.count == 2)
    }

    @Test func onlyMonitoringCallersIngest() async throws {
        let harness = try makeHarness()
        let batch = M.IngestBatch(source: "x", readings: [reading(site: "S1", 1, at: at())])
        #expect(try await harness.call("signals.ingest", batch, as: auditor).status == .permissionDenied)
        #expect(try await harness.call("signals.ingest", batch).status == .unauthenticated)
        #expect(try await harness.call("signals.ingest", batch, as: market).status == .ok)
    }
}
