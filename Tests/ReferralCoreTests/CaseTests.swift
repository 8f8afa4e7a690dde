import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

@Suite("Criminal transfer")
struct CaseTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    /// Given a substantiated pharmacy clue, when hy-market transfers the case to public security (行刑衔接), then
    /// the police acknowledge receipt and file it; every step is checked and the transfer is published.
    @Test func transferAcknowledgeFile() async throws {
        let harness = try makeHarness()
        let entity = uscc(77)
        let clue = try await harness.register(uscc: entity, items: ["HY-2025-17"]).clue
        let transfer = M.CaseTransfer(
            clueId: clue.id, summary: "销售假药, 涉嫌犯罪", documents: [M.CaseDocument(name: "移送书", digest: Self.digest.uppercased().replacingOccurrences(of: "SHA256:", with: ""))])
        let early = try await harness.call("cases.transfer", transfer, as: market)
        #expect(early.status == .failedPrecondition, "the clue must be accepted first")
        #expect(early.error?.message.contains("cases.transfer applies to a clue that is accepted or investigating or concluded") == true, "named as called, not as the conclusion it is checked like")
        _ = try await harness.result("clues.accept", M.ClueRef(clueId: clue.id), as: market, decoding: M.Clue.self)
        #expect(try await harness.status("cases.transfer", transfer, as: housing) == .permissionDenied)
        var noDocuments = transfer
        noDocuments.documents = []
        #expect(try await harness.call("cases.transfer", noDocuments, as: market).error?.details?["field"] == "params.documents")
        var badDigest = transfer
        badDigest.documents = [M.CaseDocument(name: "x", digest: "deadbeef")]
        #expect(try await harness.call("cases.transfer", badDigest, as: market).error?.details?["field"] == "params.documents[0].digest")

        let transferred: M.CriminalCase = try await harness.result("cases.transfer", transfer, as: market)
        #expect(transferred.status == .transferred)
        #expect(transferred.fromDept == "hy-market")
        #expect(transferred.toDept == "hy-police")
        #expect(transferred.uscc == entity)
        #expect(transferred.documents.first?.digest == Self.digest, "digests are normalised to sha256:<lowercase hex>")

        let payload = try #require(try await harness.payloads("referral.case.transferred").first)
        #expect(Set(payload.keys) == ["caseId", "clueId", "fromDept", "toDept", "uscc", "documents", "transferredAt"])
        #expect(payload["documents"] == [.string(Self.digest)])

        let ref = M.CaseRef(caseId: transferred.id)
        #expect(try await harness.status("cases.acknowledge", ref, as: market) == .permissionDenied)
        #expect(try await harness.status("cases.update", M.CaseUpdate(caseId: transferred.id, outcome: .filed), as: police) == .failedPrecondition)
        let acknowledged: M.CriminalCase = try await harness.result("cases.acknowledge", ref, as: police)
        #expect(acknowledged.status == .acknowledged)
        #expect(acknowledged.acknowledgedAt == testStart)
        #expect(try await harness.status("cases.acknowledge", ref, as: police) == .failedPrecondition)
        #expect(try await harness.status("cases.update", M.CaseUpdate(caseId: transferred.id, outcome: .declined), as: police) == .invalidArgument)
        let filed: M.CriminalCase = try await harness.result(
            "cases.update", M.CaseUpdate(caseId: transferred.id, outcome: .filed, caseNumber: "淮公立字〔2025〕123号"), as: police)
        #expect(filed.status == .filed)
        #expect(filed.caseNumber == "淮公立字〔2025〕123号")

        let policeList: M.CaseList = try await harness.result("cases.list", M.CaseListQuery(), as: police)
        #expect(policeList.cases.map(\.id) == [transferred.id])
        let marketList: M.CaseList = try await harness.result("cases.list", M.CaseListQuery(status: .filed), as: market)
        #expect(marketList.cases.count == 1)
        let housingList: M.CaseList = try await harness.result("cases.list", M.CaseListQuery(), as: housing)
        #expect(housingList.cases.isEmpty)
        #expect(try await harness.clue(clue.id).history?.contains { $0.action == "caseTransfer" } == true)
    }

    @Test func declinedNeedsAReason() async throws {
        let harness = try makeHarness()
        let transfer = M.CaseTransfer(uscc: uscc(78), summary: "非法集资", documents: [M.CaseDocument(name: "移送书", digest: Self.digest)])
        #expect(try await harness.status("cases.transfer", transfer, as: auditor) == .permissionDenied)
        let transferred: M.CriminalCase = try await harness.result("cases.transfer", transfer, as: Actor(dept: "hy-financial-services", role: .operator))
        #expect(transferred.clueId == nil)
        _ = try await harness.result("cases.acknowledge", M.CaseRef(caseId: transferred.id), as: police, decoding: M.CriminalCase.self)
        let declined: M.CriminalCase = try await harness.result(
            "cases.update", M.CaseUpdate(caseId: transferred.id, outcome: .declined, reason: "证据不足"), as: police)
        #expect(declined.status == .declined)
        #expect(declined.reason == "证据不足")
    }
}
