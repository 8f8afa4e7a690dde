import Foundation
import GRDB
import InspectionCore
import JGTesting
import Messages
import Testing

/// What publication sets in motion: re-checks at the correction deadline, and clues for the departments that lead
/// an item another department found failed.
@Suite struct FollowUpTests {
    @Test func anOrderedToCorrectResultSchedulesItsRecheckAtTheDeadline() async throws {
        let harness = try Fixture.harness()
        let deadline = Fixture.day(20)
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity, dept: Fixture.health, items: [.init(code: Fixture.itemHealth)])
        let publications = try await Fixture.runCampaign(harness, task: task, dept: Fixture.health, outcome: .orderedToCorrect, deadline: deadline)
        let recheckId = try #require(publications.first?.recheckTaskIds.first)
        let resultId = try #require(publications.first?.published.first)

        let recheck = try await harness.result("tasks.get", M.TaskRef(taskId: recheckId), as: Fixture.admin, decoding: M.InspectionTask.self)
        #expect(recheck.source == .recheck)
        #expect(recheck.sourceRef == resultId)
        #expect(recheck.status == .scheduled)
        #expect(recheck.window.start == deadline)
        #expect(recheck.window.end > deadline)
        #expect(recheck.items.map(\.item) == [Fixture.itemHealth])
        #expect(recheck.items.first?.dept == Fixture.health)
        #expect(Set(recheck.inspectors.map(\.id)) == ["hy-health-a", "hy-health-b"], "the inspectors who signed go back")
        // The re-check is not blocked by the (recognised) result it follows up
        #expect(recheck.items.first?.recognisedResultId == nil)
        let audit = try await harness.result("audit.list", M.AuditListQuery(taskId: recheckId), as: Fixture.auditor, decoding: M.AuditList.self)
        #expect(audit.entries.map(\.action) == ["create"])
    }

    @Test func aViolationOfAnItemLedByAnotherDepartmentReachesReferral() async throws {
        // Given a market campaign checking an item health leads
        let harness = try Fixture.harness()
        let sink = try Fixture.sink(harness)
        let task = try await Fixture.campaign(
            harness, uscc: Fixture.entity5, dept: Fixture.market, items: [.init(code: "HY-2025-05", dept: Fixture.market, leadDept: Fixture.health)])
        // When market finds it failed and publishes
        let publications = try await Fixture.runCampaign(
            harness, task: task, dept: Fixture.market, outcome: .failed, findings: "unlicensed clinic room")
        let resultId = try #require(publications.first?.published.first)
        #expect(publications.first?.referredResultIds == [resultId])

        // Then a violation event is published and referral got a clue for health
        let violations = try await harness.events(topic: "inspection.violation.found")
        #expect(violations.count == 1)
        #expect(violations.first?.event["leadDept"] == .string(Fixture.health))
        let clue = try #require(sink.registered.first)
        #expect(sink.registered.count == 1)
        #expect(clue.source == "department")
        #expect(clue.sourceRef == "inspection:\(resultId)")
        #expect(clue.uscc == Fixture.entity5)
        #expect(clue.suspectedItems == ["HY-2025-05"])
        #expect(clue.reportingDept == Fixture.market)
        #expect(clue.description.contains("unlicensed clinic room"))
        let referrals = try await harness.result("referrals.list", M.ReferralListQuery(), as: Fixture.admin, decoding: M.ReferralList.self)
        #expect(referrals.referrals.map(\.status) == ["sent"])
        #expect(referrals.referrals.map(\.targetDept) == [Fixture.health])
    }

    /// Rows queued before the message lost `targetDept` still carry it; they are sent without it, since referral
    /// refuses parameters it does not declare.
    @Test func aClueQueuedWithTheOldTargetDeptIsSentWithoutIt() throws {
        let queued = #"{"source":"department","sourceRef":"inspection:R1","uscc":"x","description":"d","suspectedItems":["HY-2025-05"],"reportingDept":"hy-market","targetDept":"hy-health"}"#
        let clue = try Wire.decode(M.ClueRegistration.self, from: Data(queued.utf8))
        let sent = try Wire.decode(JSONValue.self, from: try Wire.encode(clue))
        #expect(sent["targetDept"] == nil)
        #expect(sent["sourceRef"] == "inspection:R1")
        #expect(sent["suspectedItems"] == ["HY-2025-05"])
    }

    @Test func aFailureInTheInspectingDepartmentsOwnItemIsNotReferred() async throws {
        let harness = try Fixture.harness()
        let sink = try Fixture.sink(harness)
        let task = try await Fixture.campaign(harness, uscc: Fixture.entity5, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .failed, findings: "counterfeit goods")
        #expect(try await harness.events(topic: "inspection.violation.found").count == 1)
        #expect(sink.registered.isEmpty)
    }

    @Test func aClueIsKeptWhileReferralIsDownAndSentOnFlush() async throws {
        let harness = try Fixture.harness()
        let sink = try Fixture.sink(harness)
        sink.setAvailable(false)
        let task = try await Fixture.campaign(
            harness, uscc: Fixture.entity5, dept: Fixture.market, items: [.init(code: "HY-2025-05", dept: Fixture.market, leadDept: Fixture.health)])
        // Publication succeeds even though referral is unavailable
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .failed, findings: "unlicensed clinic room")
        #expect(sink.registered.isEmpty)
        let pending = try await harness.result(
            "referrals.list", M.ReferralListQuery(status: "pending"), as: Fixture.admin, decoding: M.ReferralList.self)
        #expect(pending.referrals.count == 1)
        #expect(pending.referrals.first?.attempts == 1)
        #expect(pending.referrals.first?.lastError?.contains("UNAVAILABLE") == true)

        // When referral is back, a flush delivers it exactly once
        sink.setAvailable(true)
        let flushed = try await harness.result("referrals.flush", SystemMessages.Empty(), as: Fixture.admin, decoding: M.ReferralFlush.self)
        #expect(flushed.sent == 1)
        #expect(flushed.pending == 0)
        #expect(sink.registered.count == 1)
        let again = try await harness.result("referrals.flush", SystemMessages.Empty(), as: Fixture.admin, decoding: M.ReferralFlush.self)
        #expect(again.sent == 0)
        #expect(sink.registered.count == 1)
    }

    @Test func aLaterPublicationRetriesAPendingClue() async throws {
        let harness = try Fixture.harness()
        let sink = try Fixture.sink(harness)
        sink.setAvailable(false)
        let failing = try await Fixture.campaign(
            harness, uscc: Fixture.entity5, dept: Fixture.market, items: [.init(code: "HY-2025-05", dept: Fixture.market, leadDept: Fixture.health)])
        try await Fixture.runCampaign(harness, task: failing, dept: Fixture.market, outcome: .failed, findings: "unlicensed clinic room")
        #expect(sink.registered.isEmpty)
        // Referral comes back; the next publication of anything hands the queued clue over
        sink.setAvailable(true)
        let clean = try await Fixture.campaign(harness, uscc: Fixture.entity4, dept: Fixture.ecology, items: [.init(code: Fixture.itemEcology)])
        try await Fixture.runCampaign(harness, task: clean, dept: Fixture.ecology, outcome: .noProblem)
        #expect(sink.registered.map(\.uscc) == [Fixture.entity5])
        let sent = try await harness.result("referrals.list", M.ReferralListQuery(status: "sent"), as: Fixture.auditor, decoding: M.ReferralList.self)
        #expect(sent.referrals.first?.attempts == 2)
    }

    @Test func withoutReferralOnTheBusTheClueStaysPending() async throws {
        // The harness points the bus at a port where nothing listens: the bus sink fails fast, the clue is kept.
        let harness = try Fixture.harness(["JG_INSPECTION_CLUE_SINK": "bus"])
        let task = try await Fixture.campaign(
            harness, uscc: Fixture.entity5, dept: Fixture.market, items: [.init(code: "HY-2025-05", dept: Fixture.market, leadDept: Fixture.health)])
        try await Fixture.runCampaign(harness, task: task, dept: Fixture.market, outcome: .failed, findings: "x")
        let count = try await harness.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_referrals WHERE status = 'pending' AND attempts >= 1") ?? 0
        }
        #expect(count == 1)
    }
}
