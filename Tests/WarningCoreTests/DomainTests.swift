import Foundation
import Messages
import Testing
@testable import WarningCore

/// The plain domain types, checked against independent computations.
@Suite("Domain")
struct DomainTests {
    @Test(arguments: [
        "2025-06-01T08:00:00Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00Z", "2025-06-01T08:00:00.250Z", "2025-06-01T16:00:00+08:00",
    ])
    func timestampsMatchFoundation(_ text: String) throws {
        let expected = try Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: text.contains(".")).timeZone(separator: .omitted))
        let parsed = try #require(Timestamp.parse(text))
        #expect(parsed == Timestamp.milliseconds(expected))
        #expect(Timestamp.parse(Timestamp.format(parsed)) == parsed)
    }

    @Test func badTimestampsAreRefused() {
        for text in ["yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-06-01T25:00:00Z", "2025-06-01T08:00:00Q", ""] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.day(Timestamp.parse("2025-06-01T17:00:00Z") ?? 0) == "2025-06-02")
    }

    @Test func durations() {
        #expect(DurationText.seconds("30d") == 2_592_000)
        #expect(DurationText.seconds("4h") == 14_400)
        #expect(DurationText.seconds("0h") == nil)
        #expect(DurationText.seconds("h") == nil)
        #expect(DurationText.text(3_600) == "1h")
    }

    @Test func lifecycleMovesOneStepAtATime() throws {
        #expect(try WarningLifecycle.next(.ack, from: .pushed, warningId: "W", byCoordinationOffice: false) == .acknowledged)
        #expect(throws: WarningError.self) { try WarningLifecycle.next(.handle, from: .acknowledged, warningId: "W", byCoordinationOffice: false) }
        #expect(try WarningLifecycle.next(.close, from: .verifying, warningId: "W", byCoordinationOffice: true) == .closed)
        #expect(throws: WarningError.self) { try WarningLifecycle.next(.close, from: .verifying, warningId: "W", byCoordinationOffice: false) }
    }

    @Test func assessmentOutcomeIsPrecautionary() {
        #expect(AssessmentOutcome.outcome([.notConfirmed, .confirmed]) == .confirmed)
        #expect(AssessmentOutcome.outcome([.notConfirmed, .notConfirmed]) == .notConfirmed)
        #expect(AssessmentOutcome.outcome([.notConfirmed, .undetermined]) == .undetermined)
    }

    @Test func levelsEscalateOneStep() {
        #expect(M.Level.blue.escalated == .yellow)
        #expect(M.Level.orange.escalated == .red)
        #expect(M.Level.red.escalated == .red)
    }
}
