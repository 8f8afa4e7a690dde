import CreditCore
import Foundation
import JGTesting
import Messages
import Store
import Testing

@Suite("Consumed events")
struct EventTests {
    func inspection(_ seq: Int64, _ entity: String, outcome: String, resultId: String) throws -> EventEnvelope {
        EventEnvelope(
            source: "inspection", seq: seq, topic: "inspection.result.published", at: "2025-06-01T02:00:00Z", traceId: nil,
            event: try JSONValue(
                encoding: M.InspectionResultPublished(
                    resultId: resultId, taskId: "T-1", uscc: entity, item: "HY-2025-01", dept: "hy-market", outcome: outcome,
                    publishedAt: "2025-06-01T02:00:00Z", year: 2025)))
    }

    /// A failed result delivered twice makes one negative record: daily supervision moderate (2 points) →
    /// 80 − 10 × 2 = 60; score = 80 + .30 × (60 − 80) = 74 → B.
    @Test func eventDeliveredTwiceAppliesOnce() async throws {
        let harness = try makeHarness()
        let entity = uscc(20)
        let event = try inspection(1, entity, outcome: "failed", resultId: "RES-1")
        #expect(try await harness.deliver(event) == .applied)
        #expect(try await harness.deliver(event) == .duplicate)

        let list: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: entity), as: auditor)
        #expect(list.records.count == 1)
        let record = try #require(list.records.first)
        #expect(record.polarity == .negative)
        #expect(record.severity == .moderate)
        #expect(record.type == .dailySupervision)
        #expect(record.dept == "hy-market")
        #expect(record.occurredOn == "2025-06-01")
        #expect(record.expiresOn == "2028-06-01")
        #expect(record.origin == M.Origin(kind: .inspectionResult, id: "RES-1"))
        #expect(try await harness.score(entity).score == 74)
    }

    /// An inspection result names only its item; the domain comes from catalog's item event, and picks the entity's
    /// indicator set. Expected score by hand: the gas-safety set has base 80 and one indicator (daily supervision,
    /// weight 1, 10 points per negative record, twice for a moderate one): daily = 80 − 10 × 2 = 60, score =
    /// 80 + 1 × (60 − 80) = 60; the general set (weight .30) would give 74.
    @Test func inspectionRecordsTakeTheirItemsDomainFromCatalog() async throws {
        let harness = try makeHarness()
        let entity = uscc(22)
        let gas = M.IndicatorSet(
            domain: "gas-safety", baseScore: 80,
            indicators: [M.Indicator(code: "daily", name: "日常监管", recordType: .dailySupervision, weight: 1, negativePoints: 10, positivePoints: 5)])
        let _: M.IndicatorSet = try await harness.result("indicators.set", gas, as: admin)
        let item: JSONValue = ["item": ["code": "HY-2025-01", "domain": "gas-safety", "name": "燃气"], "previousVersion": .null]
        let published = EventEnvelope(source: "catalog", seq: 1, topic: "catalog.item.published", at: "2025-05-01T00:00:00Z", traceId: nil, event: item)
        #expect(try await harness.deliver(published) == .applied)
        #expect(try await harness.deliver(inspection(1, entity, outcome: "failed", resultId: "RES-D")) == .applied)

        let score = try await harness.score(entity)
        #expect(score.domain == "gas-safety")
        #expect(score.score == 60)
    }

    /// noProblem → positive; orderedToCorrect → negative minor; other outcomes and malformed events → no record,
    /// but the cursor still moves so later events apply.
    @Test func outcomesMapToRecords() async throws {
        let harness = try makeHarness()
        let entity = uscc(21)
        #expect(try await harness.deliver(inspection(1, entity, outcome: "noProblem", resultId: "R1")) == .applied)
        #expect(try await harness.deliver(inspection(2, entity, outcome: "orderedToCorrect", resultId: "R2")) == .applied)
        #expect(try await harness.deliver(inspection(3, entity, outcome: "cannotContact", resultId: "R3")) == .applied)
        #expect(try await harness.deliver(inspection(4, "not-a-uscc", outcome: "failed", resultId: "R4")) == .applied)
        let garbage = EventEnvelope(
            source: "inspection", seq: 5, topic: "inspection.result.published", at: "", traceId: nil, event: ["unexpected": true])
        #expect(try await harness.deliver(garbage) == .applied)
        #expect(try await harness.deliver(inspection(7, entity, outcome: "failed", resultId: "R7")) == .gap(cursor: 5))

        let list: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: entity), as: auditor)
        #expect(Set(list.records.map(\.polarity)) == [.positive, .negative])
        #expect(list.records.count == 2)
        #expect(list.records.first { $0.polarity == .negative }?.severity == .minor)
        // daily = 80 + 5 − 10 = 75; score = 80 + .30 × (75 − 80) = 78.5
        #expect(try await harness.score(entity).score == 78.5)
    }

    /// A substantiated clue about an entity becomes a negative record; other findings do not.
    @Test func substantiatedClueBecomesNegativeRecord() async throws {
        let harness = try makeHarness()
        let entity = uscc(22)
        func clue(_ seq: Int64, _ finding: String, uscc: String?) throws -> EventEnvelope {
            EventEnvelope(
                source: "referral", seq: seq, topic: "referral.clue.concluded", at: "2025-06-02T00:00:00Z", traceId: nil,
                event: try JSONValue(
                    encoding: M.ClueConcluded(clueId: "C-\(seq)", uscc: uscc, dept: "hy-housing", finding: finding, concludedAt: "2025-06-02T00:00:00Z")))
        }
        #expect(try await harness.deliver(clue(1, "notSubstantiated", uscc: entity)) == .applied)
        #expect(try await harness.deliver(clue(2, "substantiated", uscc: nil)) == .applied)
        #expect(try await harness.deliver(clue(3, "substantiated", uscc: entity)) == .applied)
        #expect(try await harness.deliver(clue(3, "substantiated", uscc: entity)) == .duplicate)
        let list: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: entity), as: auditor)
        #expect(list.records.map(\.origin) == [M.Origin(kind: .clue, id: "C-3")])
        #expect(list.records.first?.dept == "hy-housing")
    }

    /// Consumed payloads decode tolerantly: extra fields are ignored, only the named ones are needed.
    @Test func consumedPayloadsAreTolerant() throws {
        let json: JSONValue = [
            "resultId": "R9", "uscc": "914100000000000001", "dept": "hy-market", "outcome": "failed", "inspectors": ["x"], "findings": "…",
        ]
        let event = try json.decode(M.InspectionResultPublished.self)
        #expect(event.resultId == "R9")
        #expect(event.publishedAt == nil)
    }
}
