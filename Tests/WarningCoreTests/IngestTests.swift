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
        // A misspelt optional field is refused, not dropped: the signal would have been stored without its region.
        let misspelt: JSONValue = [
            "source": "gas-iot-hy",
            "readings": [
                ["site": "S1", "metric": "ch4.ppm", "value": 1, "at": "2025-06-01T00:00:00Z", "region": "411603"],
                ["site": "S1", "metric": "ch4.ppm", "value": 2, "at": "2025-06-01T00:00:00Z", "regoin": "411603"],
            ],
        ]
        let refused = try await harness.call("signals.ingest", misspelt, as: iot)
        #expect(refused.status == .invalidArgument)
        #expect(refused.error?.details == ["row": 1, "field": "regoin"])
        #expect(
            refused.error?.message
                == "row 1 (regoin): params.readings[1].regoin is not a field of a reading (did you mean regoin → region?); it takes readingId, "
                + "kind, uscc, site, metric, value, at, entityKind, region, domain, item, dept; the batch was not ingested, fix the row and send "
                + "the whole batch again")
        let none: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1"), as: auditor)
        #expect(none.signals.isEmpty, "all-or-nothing: the well-formed row 0 was not stored either")
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

    /// Signals are indexed by hour, so listing one site walks back hour by hour, a week at a time: its signals
    /// spread over three weeks, between other sites' ones, come back newest first, filtered by kind and limited.
    @Test func aSitesSignalsListNewestFirstAcrossHoursAndWeeks() async throws {
        let harness = try makeHarness()
        // S1 every 31 hours for 20 days (16 readings) plus two detections; S2 and S3 at the same moments.
        var readings: [M.Reading] = []
        var s1Readings: [(hours: Double, value: Double)] = []
        for step in 0..<16 {
            let hours = Double(step) * 31
            s1Readings.append((hours, Double(step)))
            readings.append(reading(site: "S1", Double(step), at: at(hours: hours), id: "s1-\(step)"))
            readings.append(reading(site: "S2", 100, at: at(hours: hours), id: "s2-\(step)"))
            readings.append(reading(site: "S3", 200, at: at(hours: hours, minutes: 1), id: "s3-\(step)"))
        }
        readings.append(M.Reading(readingId: "d1", kind: .detection, site: "S1", metric: "fire-exit-blocked", value: 1, at: at(hours: 40)))
        readings.append(M.Reading(readingId: "d2", kind: .detection, site: "S1", metric: "fire-exit-blocked", value: 1, at: at(hours: 400)))
        let _: M.IngestResult = try await harness.result("signals.ingest", M.IngestBatch(source: "gas-iot-hy", readings: readings), as: iot)

        let all: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1", limit: 1000), as: auditor)
        #expect(all.signals.count == 18)
        #expect(all.signals.allSatisfy { $0.site == "S1" })
        // Newest first: hour 465 (step 15) … hour 0, with the detections at hours 400 and 40 in their places.
        let expectedTimes = (s1Readings.map(\.hours) + [40, 400]).sorted(by: >).map { at(hours: $0) }
        #expect(all.signals.map(\.at) == expectedTimes)

        let newest: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1", limit: 3), as: auditor)
        #expect(newest.signals.map(\.value) == [15, 14, 13])
        let detections: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S1", kind: .detection), as: auditor)
        #expect(detections.signals.map(\.at) == [at(hours: 400), at(hours: 40)])
        let nobody: M.SignalList = try await harness.result("signals.list", M.SignalFilter(site: "S9"), as: auditor)
        #expect(nobody.signals.isEmpty)
    }
}
