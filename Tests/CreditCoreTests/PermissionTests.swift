import CreditCore
import Foundation
import JGTesting
import Messages
import Testing

@Suite("Permissions and joint punishment")
struct PermissionTests {
    let record = M.RecordAdd(uscc: uscc(50), type: .enforcement, polarity: .negative, severity: .minor, occurredOn: "2025-05-01", summary: "x")

    @Test func mutationsNeedAnIdentifiedEditor() async throws {
        let harness = try makeHarness()
        #expect(try await harness.status("records.add", record, as: nil) == .unauthenticated)
        #expect(try await harness.status("records.add", record, as: .anonymous) == .unauthenticated)
        #expect(try await harness.status("records.add", record, as: auditor) == .permissionDenied)
        var forTax = record
        forTax.dept = "hy-tax"
        #expect(try await harness.status("records.add", forTax, as: market) == .permissionDenied)
        let byAdmin: M.CreditRecord = try await harness.result("records.add", forTax, as: admin)
        #expect(byAdmin.dept == "hy-tax")

        #expect(try await harness.status("indicators.set", M.IndicatorSet(domain: "general", baseScore: 80, indicators: []), as: market) == .permissionDenied)
        #expect(try await harness.status("evaluation.run", SystemMessages.Empty(), as: market) == .permissionDenied)
        #expect(try await harness.status("grades.setTable", M.GradeTableChange(defaultGrade: .A), as: tax) == .permissionDenied)
        #expect(try await harness.status("scores.get", M.UsccQuery(uscc: uscc(50)), as: nil) == .unauthenticated)
        #expect(try await harness.status("public.profile", M.UsccQuery(uscc: uscc(50)), as: nil) == .ok)
    }

    @Test func badInputIsRefusedAtTheEdge() async throws {
        let harness = try makeHarness()
        var bad = record
        bad.uscc = "91410000MA1FL8XQ3"  // 17 characters
        #expect(try await harness.status("records.add", bad, as: market) == .invalidArgument)
        bad = record
        bad.occurredOn = "2025-02-30"
        #expect(try await harness.status("records.add", bad, as: market) == .invalidArgument)
        bad = record
        bad.severity = nil
        #expect(try await harness.status("records.add", bad, as: market) == .invalidArgument)
        let typo = try await harness.call("records.add", ["uscc": .string(uscc(50)), "type": "fine"] as JSONValue, as: market)
        #expect(typo.status == .invalidArgument)
    }

    /// hy-market starts a punishment that hy-tax and hy-housing implement: only they give feedback, only hy-market ends it.
    @Test func onlyImplementersFeedBackAndOnlyTheInitiatorEnds() async throws {
        let harness = try makeHarness()
        let entity = uscc(51)
        let start = M.PunishmentStart(
            uscc: entity, reason: "serious food-safety violation", legalBasis: "食品安全法 第一百三十四条", measures: ["no public tenders", "no subsidies"],
            implementingDepts: ["hy-tax", "hy-housing"], startsOn: "2025-06-01", endsOn: "2026-05-31")
        let punishment: M.Punishment = try await harness.result("punishments.start", start, as: market)
        #expect(punishment.initiatorDept == "hy-market")
        #expect(punishment.inForce)
        let started = try await harness.events(topic: "credit.punishment.started")
        #expect(try started.map { try $0.event.decode(M.PunishmentStarted.self).implementingDepts } == [["hy-tax", "hy-housing"]])

        let report = M.PunishmentFeedbackReport(punishmentId: punishment.id, outcome: .applied, measure: "no public tenders", note: "blocked")
        #expect(try await harness.status("punishments.feedback", report, as: market) == .permissionDenied)
        #expect(try await harness.status("punishments.feedback", report, as: auditor) == .permissionDenied)
        let withFeedback: M.Punishment = try await harness.result("punishments.feedback", report, as: tax)
        #expect(withFeedback.feedback.map(\.dept) == ["hy-tax"])

        let profile: M.PublicProfile = try await harness.result("public.profile", M.UsccQuery(uscc: entity))
        #expect(profile.punishments.map(\.id) == [punishment.id])

        let end = M.PunishmentEnd(punishmentId: punishment.id, reason: "obligations fulfilled")
        #expect(try await harness.status("punishments.end", end, as: tax) == .permissionDenied)
        #expect(try await harness.status("punishments.end", end, as: admin) == .permissionDenied)
        let ended: M.Punishment = try await harness.result("punishments.end", end, as: market)
        #expect(ended.status == .ended)
        #expect(!ended.inForce)
        #expect(try await harness.events(topic: "credit.punishment.ended").count == 1)
        #expect(try await harness.status("punishments.end", end, as: market) == .failedPrecondition)
        #expect(try await harness.status("punishments.feedback", report, as: housing) == .failedPrecondition)

        let afterEnd: M.PublicProfile = try await harness.result("public.profile", M.UsccQuery(uscc: entity))
        #expect(afterEnd.punishments.isEmpty)
        let byDept: M.PunishmentList = try await harness.result("punishments.list", M.PunishmentListQuery(dept: "hy-housing"), as: auditor)
        #expect(byDept.punishments.map(\.id) == [punishment.id])
        let got: M.Punishment = try await harness.result("punishments.get", M.PunishmentQuery(punishmentId: punishment.id), as: auditor)
        #expect(got.endReason == "obligations fulfilled")
        #expect(try await harness.status("punishments.get", M.PunishmentQuery(punishmentId: "P-nope"), as: auditor) == .notFound)
    }

    /// Unpublished (privacy) records count in the score but never reach the public profile.
    @Test func publicProfileHidesUnpublishedRecords() async throws {
        let harness = try makeHarness()
        let entity = uscc(52)
        try await harness.addRecord(entity, .enforcement, .negative, .minor, published: false)
        try await harness.addRecord(entity, .dailySupervision, .positive)
        let profile: M.PublicProfile = try await harness.result("public.profile", M.UsccQuery(uscc: entity))
        #expect(profile.records.map(\.polarity) == [.positive])
        #expect(profile.grade == .B)  // 80 − .30 × 20 + .30 × 5 = 75.5
        #expect(try await harness.score(entity).score == 75.5)
    }
}
