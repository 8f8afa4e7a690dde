import CreditCore
import Foundation
import JGTesting
import Messages
import Testing

@Suite("Whitelist")
struct WhitelistTests {
    /// Four positives max an indicator at 100 (80 + 4 × 5); each maxed indicator adds weight × 20.
    func positives(_ harness: ServiceHarness<CreditService>, _ entity: String, _ types: [M.RecordType]) async throws {
        for type in types {
            for _ in 0..<4 { try await harness.addRecord(entity, type, .positive) }
        }
    }

    /// Daily supervision and enforcement maxed: 80 + .30 × 20 + .30 × 20 = 92 → A. Eligible, approved by admin only,
    /// reported by `whitelist.check`; a serious enforcement negative (enforcement 100 − 60 = 40: 92 − .30 × 60 = 74 → B)
    /// takes it off automatically.
    @Test func proposeApproveCheckAndAutomaticRemoval() async throws {
        let harness = try makeHarness()
        let entity = uscc(40)
        try await positives(harness, entity, [.dailySupervision, .enforcement])
        #expect(try await harness.score(entity).grade == .A)

        let proposed: M.WhitelistEntry = try await harness.result("whitelist.propose", M.WhitelistChange(uscc: entity, reason: "clean record"), as: market)
        #expect(proposed.status == .proposed)
        #expect(proposed.proposedByDept == "hy-market")
        #expect(try await harness.status("whitelist.propose", M.WhitelistChange(uscc: entity, reason: "again"), as: tax) == .alreadyExists)
        #expect(try await harness.status("whitelist.approve", M.WhitelistChange(uscc: entity), as: market) == .permissionDenied)
        let checkBefore: M.WhitelistCheck = try await harness.result("whitelist.check", M.UsccBatch(usccs: [entity]), as: .service("planning"))
        #expect(checkBefore.whitelisted.isEmpty, "a proposal is not yet on the whitelist")

        let approved: M.WhitelistEntry = try await harness.result("whitelist.approve", M.WhitelistChange(uscc: entity), as: admin)
        #expect(approved.status == .approved)
        let check: M.WhitelistCheck = try await harness.result("whitelist.check", M.UsccBatch(usccs: [entity, uscc(41)]), as: .service("planning"))
        #expect(check.whitelisted == [entity])
        #expect(try await harness.events(topic: "credit.whitelist.approved").count == 1)
        let profile: M.PublicProfile = try await harness.result("public.profile", M.UsccQuery(uscc: entity))
        #expect(profile.whitelisted)

        try await harness.addRecord(entity, .enforcement, .negative, .serious)
        #expect(try await harness.score(entity).score == 74)
        let after: M.WhitelistCheck = try await harness.result("whitelist.check", M.UsccBatch(usccs: [entity]), as: .service("planning"))
        #expect(after.whitelisted.isEmpty)
        let removed = try await harness.events(topic: "credit.whitelist.removed")
        #expect(try removed.map { try $0.event.decode(M.WhitelistChanged.self).uscc } == [entity])
        let list: M.WhitelistList = try await harness.result("whitelist.list", M.WhitelistListQuery(status: .removed), as: auditor)
        #expect(list.entries.map(\.uscc) == [entity])
    }

    /// Grade B (no records: 80) does not qualify.
    @Test func gradeBIsRefused() async throws {
        let harness = try makeHarness()
        let reply = try await harness.call("whitelist.propose", M.WhitelistChange(uscc: uscc(41), reason: "x"), as: market)
        #expect(reply.status == .failedPrecondition)
        #expect(reply.error?.message.contains("grade A") == true)
    }

    /// All five indicators maxed (100) then one minor daily-supervision negative: daily = 80 + 20 − 10 = 90, so
    /// 100 − .30 × 10 = 97 → A. With the negative 17 months ago (inside the 24-month clean period) it is refused;
    /// 27 months ago (outside it, though still counted in the score until 2026-03-01) it qualifies.
    @Test func cleanPeriodIsEnforced() async throws {
        let harness = try makeHarness()
        let recent = uscc(42)
        let old = uscc(43)
        for entity in [recent, old] { try await positives(harness, entity, M.RecordType.allCases) }
        try await harness.addRecord(recent, .dailySupervision, .negative, .minor, on: "2024-01-10")
        try await harness.addRecord(old, .dailySupervision, .negative, .minor, on: "2023-03-01")
        #expect(try await harness.score(recent).score == 97)
        #expect(try await harness.score(old).score == 97)

        let refused = try await harness.call("whitelist.propose", M.WhitelistChange(uscc: recent, reason: "x"), as: market)
        #expect(refused.status == .failedPrecondition)
        #expect(refused.error?.message.contains("24 months") == true)
        let accepted: M.WhitelistEntry = try await harness.result("whitelist.propose", M.WhitelistChange(uscc: old, reason: "x"), as: market)
        #expect(accepted.status == .proposed)
    }

    @Test func removalNeedsAdminAndReason() async throws {
        let harness = try makeHarness()
        let entity = uscc(44)
        try await positives(harness, entity, [.dailySupervision, .enforcement])
        let _: M.WhitelistEntry = try await harness.result("whitelist.propose", M.WhitelistChange(uscc: entity, reason: "clean"), as: market)
        let _: M.WhitelistEntry = try await harness.result("whitelist.approve", M.WhitelistChange(uscc: entity), as: admin)
        #expect(try await harness.status("whitelist.remove", M.WhitelistChange(uscc: entity, reason: "x"), as: market) == .permissionDenied)
        #expect(try await harness.status("whitelist.remove", M.WhitelistChange(uscc: entity), as: admin) == .invalidArgument)
        let removed: M.WhitelistEntry = try await harness.result("whitelist.remove", M.WhitelistChange(uscc: entity, reason: "complaint"), as: admin)
        #expect(removed.status == .removed)
        #expect(removed.removedReason == "complaint")
    }
}
