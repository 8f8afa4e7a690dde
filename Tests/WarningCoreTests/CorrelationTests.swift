import Foundation
import JGTesting
import Messages
import Testing
import WarningCore

/// Signals from events, applied once; two sources about one entity raise one joint inspection request.
@Suite("Events and correlation")
struct CorrelationTests {
    @Test func aDuplicatedEventYieldsOneSignal() async throws {
        let harness = try makeHarness()
        let entity = uscc(1)
        let event = try Events.clue(1, entity)
        #expect(try await harness.deliver(event) == .applied)
        #expect(try await harness.deliver(event) == .duplicate)
        let signals: M.SignalList = try await harness.result("signals.list", M.SignalFilter(uscc: entity), as: auditor)
        #expect(signals.signals.count == 1)
        let signal = try #require(signals.signals.first)
        #expect(signal.kind == .clue)
        #expect(signal.source == "hotline12345")
        #expect(signal.items == ["HY-2025-01"])
        #expect(signal.dept == "hy-market")
    }

    @Test func onlyFailuresAndDowngradesAreSignals() async throws {
        let harness = try makeHarness()
        let entity = uscc(2)
        try await harness.deliver(Events.inspection(1, entity, outcome: "noProblem"))
        try await harness.deliver(Events.inspection(2, entity, outcome: "orderedToCorrect"))
        try await harness.deliver(Events.inspection(3, entity, outcome: "failed"))
        try await harness.deliver(Events.grade(1, entity, from: "C", to: "B"))
        try await harness.deliver(Events.grade(2, entity, from: "B", to: "D"))
        let garbage = EventEnvelope(source: "referral", seq: 1, topic: "referral.clue.registered", at: "", traceId: nil, event: ["unexpected": true])
        #expect(try await harness.deliver(garbage) == .applied)
        let signals: M.SignalList = try await harness.result("signals.list", M.SignalFilter(uscc: entity), as: auditor)
        #expect(signals.signals.map(\.metric).sorted { ($0 ?? "") < ($1 ?? "") } == ["credit.grade", "inspection.failed", "inspection.orderedToCorrect"])
        #expect(signals.signals.first { $0.kind == .gradeDowngrade }?.value == 2)
    }

    @Test func twoSourcesAboutOneEntityRaiseOneJointInspectionRequest() async throws {
        let harness = try makeHarness()
        let entity = uscc(3)
        // Given a 12345 complaint: one source, no correlation.
        try await harness.deliver(Events.clue(1, entity, items: ["HY-2025-01"], dept: "hy-market", at: at(days: 1)))
        #expect(try await harness.events(topic: "warning.joint_inspection.requested").isEmpty)

        // When a failed inspection about the same entity follows within 30 days: one request, one warning.
        try await harness.deliver(Events.inspection(1, entity, item: "HY-2025-02", dept: "hy-health", at: at(days: 10)))
        // A further complaint and a credit drop change nothing: the open warning already asked.
        try await harness.deliver(Events.clue(2, entity, source: "media", items: ["HY-2025-01"], dept: "hy-market", at: at(days: 11)))
        try await harness.deliver(Events.grade(1, entity, from: "B", to: "C", at: at(days: 12)))

        let requests = try await harness.events(topic: "warning.joint_inspection.requested")
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        let payload = request.event
        guard case .object(let fields) = payload else { Issue.record("payload is not an object"); return }
        #expect(Set(fields.keys) == ["requestId", "warningId", "uscc", "items", "depts", "reason", "window"])
        let decoded = try payload.decode(M.JointInspectionRequested.self)
        #expect(decoded.uscc == entity)
        #expect(decoded.items == ["HY-2025-01", "HY-2025-02"])
        #expect(decoded.depts == ["hy-market", "hy-health"])
        #expect(decoded.reason.contains("hotline12345"))
        #expect(decoded.reason.contains("inspection"))
        let window = try #require(decoded.window)
        #expect(window.start.count == 10 && window.end.count == 10 && window.start < window.end)

        let warnings = try await harness.warnings(M.WarningFilter(uscc: entity))
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.warningId == decoded.warningId)
        #expect(warning.ruleId == "correlation")
        #expect(warning.jointInspectionRequestId == decoded.requestId)
        #expect(warning.pushedTo == ["hy-market", "hy-health"])
        #expect(warning.value == 3)  // hotline12345, inspection, media; credit is not counted
    }

    /// A sensor reading about an entity (stored by hour) and a complaint about it (stored by entity) are two
    /// sources: they correlate, and both show in the entity's signals, newest first.
    @Test func aReadingAndAComplaintAboutOneEntityCorrelate() async throws {
        let harness = try makeHarness()
        let entity = uscc(5)
        try await harness.deliver(Events.clue(1, entity, items: ["HY-2025-04"], dept: "hy-urban", at: at(days: 1)))
        let reading = M.Reading(readingId: "gas-1", uscc: entity, metric: "ch4.ppm", value: 12, at: at(days: 3), item: "HY-2025-04", dept: "hy-emergency")
        let _: M.IngestResult = try await harness.result("signals.ingest", M.IngestBatch(source: "gas-iot-hy", readings: [reading]), as: iot)

        let requests = try await harness.events(topic: "warning.joint_inspection.requested")
        #expect(requests.count == 1)
        let decoded = try #require(try requests.first?.event.decode(M.JointInspectionRequested.self))
        #expect(decoded.uscc == entity)
        #expect(decoded.items == ["HY-2025-04"])
        #expect(decoded.depts == ["hy-urban", "hy-emergency"])
        let signals: M.SignalList = try await harness.result("signals.list", M.SignalFilter(uscc: entity), as: auditor)
        #expect(signals.signals.map(\.kind) == [.reading, .clue])
    }

    @Test func sourcesFarApartInTimeDoNotCorrelate() async throws {
        let harness = try makeHarness()
        let entity = uscc(4)
        try await harness.deliver(Events.clue(1, entity, at: at(days: 0)))
        try await harness.deliver(Events.inspection(1, entity, at: at(days: 40)))
        #expect(try await harness.events(topic: "warning.joint_inspection.requested").isEmpty)
    }
}
