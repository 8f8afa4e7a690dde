import CreditCore
import Foundation
import JGTesting
import Messages
import Testing

@Suite("Credit repair")
struct RepairTests {
    /// One serious enforcement negative: 80 + .30 × (20 − 80) = 62 → C. After an approved repair the record no
    /// longer counts: 80 → B. Auditors still see it; operators and the public no longer do.
    @Test func repairRemovesRecordsFromScoreButNotFromAuditors() async throws {
        let harness = try makeHarness()
        let entity = uscc(30)
        let record = try await harness.addRecord(entity, .enforcement, .negative, .serious)
        try await harness.addRecord(entity, .dailySupervision, .positive)  // daily 85: score 62 + .30 × 5 = 63.5
        #expect(try await harness.score(entity).score == 63.5)

        let repair: M.Repair = try await harness.result(
            "repairs.apply", M.RepairApply(uscc: entity, recordIds: [record.id], evidence: "fine paid, licence renewed"), as: housing)
        #expect(repair.status == .pending)
        // The same record cannot be in two open repairs.
        #expect(try await harness.status("repairs.apply", M.RepairApply(uscc: entity, recordIds: [record.id], evidence: "again"), as: housing) == .alreadyExists)
        // Only the department that recorded it (hy-market) or admin reviews.
        #expect(try await harness.status("repairs.review", M.RepairReview(repairId: repair.id, decision: .approve), as: tax) == .permissionDenied)
        #expect(try await harness.status("repairs.review", M.RepairReview(repairId: repair.id, decision: .reject), as: market) == .invalidArgument)

        let reviewed: M.Repair = try await harness.result("repairs.review", M.RepairReview(repairId: repair.id, decision: .approve), as: market)
        #expect(reviewed.status == .approved)
        #expect(reviewed.reviewedByDept == "hy-market")

        // Score: daily 85 only → 80 + .30 × 5 = 81.5 → B.
        let score = try await harness.score(entity)
        #expect(score.score == 81.5)
        #expect(score.grade == .B)
        #expect(try await harness.gradeChanges().map { [$0.from, $0.to] } == [[.B, .C], [.C, .B]])
        let approved = try await harness.events(topic: "credit.repair.approved")
        #expect(try approved.map { try $0.event.decode(M.RepairApproved.self).recordIds } == [[record.id]])

        let operatorView: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: entity), as: market)
        #expect(operatorView.records.map(\.polarity) == [.positive])
        #expect(try await harness.status("records.list", M.RecordListQuery(uscc: entity, includeRepaired: true), as: market) == .permissionDenied)
        let auditorView: M.RecordList = try await harness.result("records.list", M.RecordListQuery(uscc: entity, includeRepaired: true), as: auditor)
        #expect(auditorView.records.count == 2)
        #expect(auditorView.records.first { $0.id == record.id }?.repairId == repair.id)

        let profile: M.PublicProfile = try await harness.result("public.profile", M.UsccQuery(uscc: entity))
        #expect(profile.records.map(\.polarity) == [.positive])

        // Reviewing twice is refused.
        #expect(try await harness.status("repairs.review", M.RepairReview(repairId: repair.id, decision: .approve), as: admin) == .failedPrecondition)
    }

    @Test func rejectedRepairKeepsRecords() async throws {
        let harness = try makeHarness()
        let entity = uscc(31)
        let record = try await harness.addRecord(entity, .enforcement, .negative, .serious)
        let positive = try await harness.addRecord(entity, .dailySupervision, .positive)
        #expect(try await harness.status("repairs.apply", M.RepairApply(uscc: entity, recordIds: [positive.id], evidence: "x"), as: market) == .failedPrecondition)
        #expect(try await harness.status("repairs.apply", M.RepairApply(uscc: uscc(32), recordIds: [record.id], evidence: "x"), as: market) == .notFound)

        let repair: M.Repair = try await harness.result("repairs.apply", M.RepairApply(uscc: entity, recordIds: [record.id], evidence: "x"), as: market)
        let rejected: M.Repair = try await harness.result(
            "repairs.review", M.RepairReview(repairId: repair.id, decision: .reject, reason: "evidence incomplete"), as: admin)
        #expect(rejected.status == .rejected)
        #expect(rejected.reviewReason == "evidence incomplete")
        #expect(try await harness.score(entity).score == 63.5)
        #expect(try await harness.events(topic: "credit.repair.approved").isEmpty)
    }
}
