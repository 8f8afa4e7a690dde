@testable import CreditCore
import Foundation
import GRDB
import JGTesting
import Messages
import Testing

@Suite("Scores and grades")
struct ScoringTests {
    /// The standard general set (base 80; weights registration .10, qualification .15, daily supervision .30,
    /// public service .15, enforcement .30; negative points 10, enforcement 20; positive points 5) and records:
    /// - enforcement: one serious negative (3 points) → 80 − 20 × 3 = 20
    /// - daily supervision: two positives → 80 + 5 × 2 = 90
    /// - qualification: one minor negative (1 point) → 80 − 10 × 1 = 70
    /// - registration, public service: no records → 80
    /// score = .10×80 + .15×70 + .30×90 + .15×80 + .30×20 = 8 + 10.5 + 27 + 12 + 6 = 63.5 → C (50 ≤ 63.5 < 70).
    @Test func handComputedExample() async throws {
        let harness = try makeHarness()
        let entity = uscc(1)
        try await harness.addRecord(entity, .enforcement, .negative, .serious)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        try await harness.addRecord(entity, .qualification, .negative, .minor)

        let score = try await harness.score(entity)
        #expect(score.score == 63.5)
        #expect(score.grade == .C)
        #expect(score.known)
        let parts = Dictionary(uniqueKeysWithValues: score.breakdown.map { ($0.code, $0.score) })
        #expect(parts == ["registration": 80, "qualification": 70, "daily-supervision": 90, "public-service": 80, "enforcement": 20])

        // The plain model gives the same number.
        let model = ScoreModel.standard.score([
            .enforcement: .init(negativePoints: 3), .dailySupervision: .init(positiveCount: 2), .qualification: .init(negativePoints: 1),
        ])
        #expect(model.score == 63.5)
        #expect(GradeTable.standard.grade(for: model.score) == .C)
    }

    /// Indicators clamp at 0 and 100: ten serious enforcement negatives give enforcement 0, not below.
    /// score = 80 + .30 × (0 − 80) = 56 → C.
    @Test func indicatorScoresClamp() {
        let result = ScoreModel.standard.score([.enforcement: .init(negativePoints: 30)])
        #expect(result.score == 56)
        let best = ScoreModel.standard.score([.enforcement: .init(positiveCount: 100)])
        #expect(best.score == 86)  // 80 + .30 × (100 − 80)
    }

    /// Weights and thresholds changed at run time apply at the next `evaluation.run`.
    @Test func weightsAndThresholdsChangeAtRunTime() async throws {
        let harness = try makeHarness()
        let entity = uscc(2)
        try await harness.addRecord(entity, .enforcement, .negative, .serious)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        try await harness.addRecord(entity, .qualification, .negative, .minor)
        #expect(try await harness.score(entity).score == 63.5)

        // New general set: enforcement .5 (20 points per severity point), daily supervision .5; qualification no longer counts.
        // score = 80 + .5 × (20 − 80) + .5 × (90 − 80) = 80 − 30 + 5 = 55 → C under the standard table.
        let set = M.IndicatorSet(
            domain: "general", baseScore: 80,
            indicators: [
                .init(code: "enf", name: "enforcement", recordType: .enforcement, weight: 0.5, negativePoints: 20, positivePoints: 5),
                .init(code: "daily", name: "daily", recordType: .dailySupervision, weight: 0.5, negativePoints: 10, positivePoints: 5),
            ])
        let _: M.IndicatorSet = try await harness.result("indicators.set", set, as: admin)
        #expect(try await harness.score(entity).score == 63.5, "stored scores change only at the next evaluation")

        // C now starts at 60: 55 is D.
        let table: M.GradeTableInfo = try await harness.result(
            "grades.setTable", M.GradeTableChange(grades: [.init(grade: .C, minScore: 60, samplingRatio: 0.12)]), as: admin)
        #expect(table.grades.first { $0.grade == .C } == M.GradeRow(grade: .C, minScore: 60, samplingRatio: 0.12, yearlyFrequency: 2))

        let run: M.EvaluationRun = try await harness.result("evaluation.run", SystemMessages.Empty(), as: admin)
        #expect(run.entities == 1)
        #expect(run.changed == 1)
        let after = try await harness.score(entity)
        #expect(after.score == 55)
        #expect(after.grade == .D)
        #expect(try await harness.gradeChanges().last.map { [$0.from, $0.to] } == [.C, .D])

        // A set whose weights do not add up to 1 is refused.
        var bad = set
        bad.indicators[0].weight = 0.6
        #expect(try await harness.status("indicators.set", bad, as: admin) == .invalidArgument)
        // Thresholds that do not fall from A to D are refused.
        #expect(try await harness.status("grades.setTable", M.GradeTableChange(grades: [.init(grade: .B, minScore: 95)]), as: admin) == .invalidArgument)
    }

    /// A domain's own set scores its entities; other domains fall back to the general set.
    @Test func industrySetAppliesToItsDomain() async throws {
        let harness = try makeHarness()
        let gas = M.IndicatorSet(
            domain: "gas-safety", baseScore: 70,
            indicators: [.init(code: "daily", name: "daily", recordType: .dailySupervision, weight: 1, negativePoints: 10, positivePoints: 10)])
        let _: M.IndicatorSet = try await harness.result("indicators.set", gas, as: admin)
        let entity = uscc(3)
        // gas-safety set: daily = 70 + 10 × 2 positives = 90; score = 70 + 1 × (90 − 70) = 90 → A.
        let _: M.CreditRecord = try await harness.result(
            "records.add",
            M.RecordAdd(uscc: entity, type: .dailySupervision, polarity: .positive, occurredOn: "2025-05-01", summary: "ok", domain: "gas-safety"),
            as: market)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        let score = try await harness.score(entity)
        #expect(score.domain == "gas-safety")
        #expect(score.score == 90)
        #expect(score.grade == .A)

        let fallback: M.IndicatorSet = try await harness.result("indicators.get", M.IndicatorsQuery(domain: "schools"), as: market)
        #expect(fallback.domain == "general")
        #expect(fallback.fallbackFor == "schools")
    }

    /// Expired records and records past their validity no longer count.
    @Test func expiredRecordsDoNotCount() async throws {
        let harness = try makeHarness()
        let entity = uscc(4)
        try await harness.addRecord(entity, .enforcement, .negative, .serious, on: "2020-01-01")  // default validity 36 months: expired 2023-01-01
        try await harness.addRecord(entity, .enforcement, .negative, .minor, on: "2025-01-01", expiresOn: "2025-06-15")  // expires today
        let score = try await harness.score(entity)
        #expect(score.score == 80)
        #expect(score.grade == .B)
    }

    /// The SQL evaluation and the Swift model agree on many entities with mixed records.
    @Test func evaluationAgreesWithModel() async throws {
        let harness = try makeHarness()
        var generator = SeededRandom(seed: 42)
        let types = M.RecordType.allCases
        for entity in 0..<40 {
            for _ in 0..<Int(generator.next() % 6) {
                let type = types[Int(generator.next() % UInt64(types.count))]
                let negative = generator.next() % 2 == 0
                let severity = M.Severity.allCases[Int(generator.next() % 3)]
                try await harness.addRecord(uscc(100 + entity), type, negative ? .negative : .positive, negative ? severity : nil)
            }
        }
        let _: M.EvaluationRun = try await harness.result("evaluation.run", SystemMessages.Empty(), as: admin)
        for entity in 0..<40 {
            let score = try await harness.score(uscc(100 + entity))
            guard score.known else { continue }
            var tallies: [M.RecordType: ScoreModel.Tally] = [:]
            for part in score.breakdown { tallies[part.recordType] = .init(negativePoints: part.negativePoints, positiveCount: part.positiveCount) }
            let expected = ScoreModel.standard.score(tallies).score
            #expect(score.score == expected, "entity \(entity)")
            #expect(score.grade == GradeTable.standard.grade(for: expected))
        }
    }

    /// Batch lookup: known grades, the default grade (B) for never-graded entities, and a changed default.
    @Test func gradesLookup() async throws {
        let harness = try makeHarness()
        try await harness.addRecord(uscc(5), .enforcement, .negative, .serious)  // 62 → C
        let lookup: M.GradeLookup = try await harness.result("grades.lookup", M.UsccBatch(usccs: [uscc(5), uscc(6)]), as: .service("planning"))
        #expect(lookup.grades == [.C, .B], "in request order")
        #expect(lookup.unknown == [uscc(6)])
        #expect(lookup.defaultGrade == .B)

        let _: M.GradeTableInfo = try await harness.result("grades.setTable", M.GradeTableChange(defaultGrade: .C), as: admin)
        let changed: M.GradeLookup = try await harness.result("grades.lookup", M.UsccBatch(usccs: [uscc(6)]), as: .service("planning"))
        #expect(changed.grades == [.C])

        let table: M.GradeTableInfo = try await harness.result("grades.table", SystemMessages.Empty(), as: market)
        #expect(table.grades.map(\.samplingRatio) == [0.03, 0.05, 0.10, 0.20])
        #expect(try await harness.events(topic: "credit.grade_table.changed").count == 1)

        let bad = try await harness.call("grades.lookup", M.UsccBatch(usccs: [uscc(5), "91410000MA9I000000"]), as: market)
        #expect(bad.status == .invalidArgument)
        #expect(bad.error?.details?["field"]?.stringValue == "params.usccs[1]")
    }

    /// Grade changes are published with their payload; a first grade equal to the default publishes nothing.
    @Test func gradeChangePublishesEvent() async throws {
        let harness = try makeHarness()
        let entity = uscc(7)
        try await harness.addRecord(entity, .dailySupervision, .negative, .minor)  // 80 − .30 × 10 = 77 → B: no change from default B
        #expect(try await harness.gradeChanges().isEmpty)
        try await harness.addRecord(entity, .enforcement, .negative, .serious)  // 77 − 18 = 59 → C
        let changes = try await harness.gradeChanges()
        #expect(changes.count == 1)
        let change = try #require(changes.first)
        #expect(change.uscc == entity)
        #expect(change.from == .B)
        #expect(change.to == .C)
        #expect(change.score == 59)
        #expect(!change.at.isEmpty)
        // Re-running the evaluation with nothing new publishes nothing more.
        let run: M.EvaluationRun = try await harness.result("evaluation.run", SystemMessages.Empty(), as: .service("scheduler"))
        #expect(run.changed == 0)
        #expect(try await harness.gradeChanges().count == 1)
    }

    /// The evaluator keeps its temp tables and compiled statements for the connection's life. When the transaction
    /// that created the tables rolls back they are gone (even if a second evaluation in it saw them), so the next
    /// evaluation must make them again. Expected: one serious enforcement negative, 80 − 20 × 3 = 20;
    /// score = 80 + .30 × (20 − 80) = 62 → C.
    @Test func scoringWorksAfterTheFirstEvaluationRolledBack() async throws {
        let harness = try makeHarness()
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await harness.database.writer.write { db in
                for _ in 0..<2 { _ = try Evaluator.evaluate(db, scope: .entities([uscc(9)]), today: testToday, at: "2025-06-15T00:00:00Z", traceId: nil) }
                throw Abort()
            }
        }
        try await harness.addRecord(uscc(9), .enforcement, .negative, .serious)
        let score = try await harness.score(uscc(9))
        #expect(score.score == 62)
        #expect(score.grade == .C)
    }

    /// Rescoring one entity (after each inspection result or concluded clue) must reach only that entity's rows: a
    /// plan that scans `credit_entities` (alias `e`) or `credit_records` costs a pass over the whole population per
    /// event, which no score on a small database would show.
    @Test func rescoringOneEntityScansNoWholeTable() async throws {
        let harness = try makeHarness()
        for n in 0..<20 { try await harness.addRecord(uscc(100 + n), .dailySupervision, .negative, .minor) }
        let report = try await QueryPlans.scans(of: ["credit_entities", "e", "credit_records"], in: harness.database) {
            try await harness.addRecord(uscc(100), .enforcement, .negative, .serious)
        }
        #expect(report.statements >= 6)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }

    /// A repeated request id changes nothing again and gets the first reply.
    @Test func repeatedRequestIsIdempotent() async throws {
        let harness = try makeHarness()
        let params = M.RecordAdd(uscc: uscc(8), type: .enforcement, polarity: .negative, severity: .serious, occurredOn: "2025-05-01", summary: "fine")
        let first: M.CreditRecord = try await harness.result("records.add", params, as: market, id: "req-1")
        let second: M.CreditRecord = try await harness.result("records.add", params, as: market, id: "req-1")
        #expect(first == second)
        let list: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: uscc(8)), as: market)
        #expect(list.records.count == 1)
    }
}
