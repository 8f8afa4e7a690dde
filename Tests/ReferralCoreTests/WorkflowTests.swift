import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

@Suite("Workflow")
struct WorkflowTests {
    /// Given a gas-safety clue about an entity, when hy-urban accepts, investigates and concludes it substantiated,
    /// then `referral.clue.concluded` has exactly the shape credit consumes, and the clue goes on to feedback and close.
    @Test func concludedEventShapeAndTheRestOfTheLifecycle() async throws {
        let harness = try makeHarness()
        let entity = uscc(5)
        let clue = try await harness.register(uscc: entity, items: ["HY-2025-04"]).clue
        let accepted: M.Clue = try await harness.result("clues.accept", M.ClueRef(clueId: clue.id), as: urban)
        #expect(accepted.status == .accepted)
        #expect(accepted.deadline?.step == .conclusion)
        let investigating: M.Clue = try await harness.result("clues.investigate", M.ClueRef(clueId: clue.id), as: urban)
        #expect(investigating.status == .investigating)
        harness.core.clock.advance(by: 3_600)
        let concluded: M.Clue = try await harness.result(
            "clues.conclude", M.ClueConclude(clueId: clue.id, finding: .substantiated, summary: "瓶装燃气违规充装", severity: .serious), as: urban)
        #expect(concluded.status == .concluded)
        #expect(concluded.deadline?.step == .feedback)

        let envelope = try #require(try await harness.events(topic: "referral.clue.concluded").first)
        guard case .object(let payload) = envelope.event else { throw TestFailure("not an object") }
        #expect(Set(payload.keys) == ["clueId", "dept", "finding", "uscc", "concludedAt", "domain", "severity", "summary"])
        #expect(payload["finding"] == "substantiated")
        #expect(payload["dept"] == "hy-urban")
        #expect(payload["concludedAt"] == "2025-09-25T03:00:00Z")
        // Credit decodes it with its own type.
        let credit = try envelope.event.decode(CreditMessages.ClueConcluded.self)
        #expect(
            credit
                == CreditMessages.ClueConcluded(
                    clueId: clue.id, uscc: entity, dept: "hy-urban", finding: "substantiated", concludedAt: "2025-09-25T03:00:00Z", domain: "gas-safety",
                    severity: "serious", summary: "瓶装燃气违规充装"))

        let fedBack: M.Clue = try await harness.result("clues.feedback", M.ClueText(clueId: clue.id, text: "已告知来电人处理结果"), as: urban)
        #expect(fedBack.status == .feedbackGiven)
        #expect(fedBack.deadline == nil)
        let closed: M.Clue = try await harness.result("clues.close", M.ClueText(clueId: clue.id), as: urban)
        #expect(closed.status == .closed)
        let history = try await harness.clue(clue.id).history?.map(\.action)
        #expect(history == ["register", "assign", "accept", "investigate", "conclude", "feedback", "close"])
    }

    /// Without an entity or a severity, those keys are absent, never null.
    @Test func concludedEventLeavesOutWhatIsUnknown() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-17"]).clue
        _ = try await harness.result("clues.accept", M.ClueRef(clueId: clue.id), as: market, decoding: M.Clue.self)
        _ = try await harness.result(
            "clues.conclude", M.ClueConclude(clueId: clue.id, finding: .notSubstantiated, summary: "未发现问题", severity: .minor), as: market,
            decoding: M.Clue.self)
        let payload = try #require(try await harness.payloads("referral.clue.concluded").first)
        #expect(Set(payload.keys) == ["clueId", "dept", "finding", "concludedAt", "domain", "summary"])
        #expect(payload["finding"] == "notSubstantiated")
    }

    @Test func onlyTheAssignedDepartmentActs() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-04"]).clue
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: clue.id), as: nil) == .unauthenticated)
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: clue.id), as: market) == .permissionDenied)
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: clue.id), as: admin) == .permissionDenied)
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: clue.id), as: auditor) == .permissionDenied)
        #expect(try await harness.status("clues.get", M.ClueRef(clueId: clue.id), as: market) == .permissionDenied)
        #expect(try await harness.status("clues.get", M.ClueRef(clueId: clue.id), as: auditor) == .ok)
        #expect(try await harness.status("clues.investigate", M.ClueRef(clueId: clue.id), as: urban) == .failedPrecondition)
        #expect(try await harness.status("clues.assign", M.ClueHandOver(clueId: clue.id, dept: "hy-market"), as: urban) == .permissionDenied)
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: "CL-nope"), as: urban) == .notFound)
        // Operators list their own department's clues only.
        #expect(try await harness.status("clues.list", M.ClueListQuery(dept: "hy-urban"), as: market) == .permissionDenied)
        let own: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(), as: urban)
        #expect(own.clues.map(\.id) == [clue.id])
        let others: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(), as: market)
        #expect(others.clues.isEmpty)
    }

    /// The coordination office assigns (分办) what came to it; the assigned department may transfer (转办).
    @Test func coordinationOfficeAssignsAndDepartmentsTransfer() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(domain: "unknown").clue
        #expect(clue.dept == coordination)
        let assigned: M.Clue = try await harness.result(
            "clues.assign", M.ClueHandOver(clueId: clue.id, dept: "hy-market", reason: "食品经营"), as: officeOperator)
        #expect(assigned.dept == "hy-market")
        #expect(assigned.routing?.mode == .manual)
        let transferred: M.Clue = try await harness.result(
            "clues.transfer", M.ClueHandOver(clueId: clue.id, dept: "hy-health", reason: "医疗机构"), as: market)
        #expect(transferred.dept == "hy-health")
        #expect(transferred.transfers == 1)
        #expect(transferred.status == .assigned)
        let full = try await harness.clue(clue.id)
        #expect(full.bounces == [M.Bounce(kind: "transfer", fromDept: "hy-market", toDept: "hy-health", reason: "医疗机构", at: testStart)])
    }

    /// Given a clue on two items (gas led by hy-urban, self-built housing by hy-housing), when hy-urban returns it,
    /// it goes to hy-housing; when hy-housing returns it too, it becomes a dispute the coordination office decides.
    @Test func returnedTwiceBecomesADispute() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-04", "HY-2025-03"]).clue
        #expect(clue.dept == "hy-urban")

        let once: M.Clue = try await harness.result("clues.return", M.ClueReturn(clueId: clue.id, reason: "属房屋结构问题"), as: urban)
        #expect(once.status == .assigned)
        #expect(once.dept == "hy-housing")
        #expect(once.returns == 1)
        #expect(once.routing?.reason.hasPrefix("re-routed after return by hy-urban") == true)
        #expect(try await harness.status("clues.return", M.ClueReturn(clueId: clue.id, reason: "x"), as: urban) == .permissionDenied)
        #expect(try await harness.status("clues.return", M.ClueReturn(clueId: clue.id, reason: " "), as: housing) == .invalidArgument)

        let twice: M.Clue = try await harness.result("clues.return", M.ClueReturn(clueId: clue.id, reason: "属燃气管线问题"), as: housing)
        #expect(twice.status == .disputed)
        #expect(twice.returns == 2)
        #expect(twice.dept == coordination)
        #expect(twice.deadline == nil)

        let open: M.DisputeList = try await harness.result("disputes.list", M.DisputeListQuery(status: .open), as: admin)
        let dispute = try #require(open.disputes.first)
        #expect(open.disputes.count == 1)
        #expect(dispute.clueId == clue.id)
        #expect(dispute.returnedBy == ["hy-urban", "hy-housing"])
        let seenByHousing: M.DisputeList = try await harness.result("disputes.list", M.DisputeListQuery(), as: housing)
        #expect(seenByHousing.disputes.map(\.id) == [dispute.id])

        let decide = M.DisputeDecide(disputeId: dispute.id, dept: "hy-urban", reason: "燃气管线属城管局牵头")
        #expect(try await harness.status("disputes.decide", decide, as: urban) == .permissionDenied)
        #expect(try await harness.status("disputes.decide", decide, as: auditor) == .permissionDenied)
        let decided: M.Dispute = try await harness.result("disputes.decide", decide, as: officeOperator)
        #expect(decided.status == .decided)
        #expect(decided.decidedDept == "hy-urban")
        #expect(try await harness.status("disputes.decide", decide, as: admin) == .failedPrecondition)

        let after = try await harness.clue(clue.id)
        #expect(after.status == .assigned)
        #expect(after.dept == "hy-urban")
        #expect(after.routing?.mode == .disputeDecision)
        #expect(after.deadline?.step == .signOff)
        // Every bounce is counted and visible.
        #expect(after.bounces?.map(\.fromDept) == ["hy-urban", "hy-housing"])
        #expect(after.bounces?.map(\.toDept) == ["hy-housing", coordination])
        // The decision is binding.
        #expect(try await harness.status("clues.return", M.ClueReturn(clueId: clue.id, reason: "仍不属实"), as: urban) == .failedPrecondition)
        #expect(try await harness.status("clues.accept", M.ClueRef(clueId: clue.id), as: urban) == .ok)
    }

    /// A clue on one item returned by its only lead goes to the coordination office, which cannot return it.
    @Test func singleLeadReturnGoesToTheCoordinationOffice() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-19"]).clue
        let returned: M.Clue = try await harness.result(
            "clues.return", M.ClueReturn(clueId: clue.id, reason: "非养老机构"), as: Actor(dept: "hy-civil-affairs", user: "c", role: .operator))
        #expect(returned.dept == coordination)
        #expect(returned.routing?.mode == .coordinationOffice)
        #expect(try await harness.status("clues.return", M.ClueReturn(clueId: clue.id, reason: "x"), as: officeOperator) == .failedPrecondition)
        let assigned: M.Clue = try await harness.result("clues.assign", M.ClueHandOver(clueId: clue.id, dept: "hy-market"), as: admin)
        #expect(assigned.dept == "hy-market")
        let disputed: M.Clue = try await harness.result("clues.return", M.ClueReturn(clueId: clue.id, reason: "亦非本部门"), as: market)
        #expect(disputed.status == .disputed)
    }

    @Test func coordinationOfficeClosesAnOpenClueWithAReason() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-04"]).clue
        #expect(try await harness.status("clues.close", M.ClueText(clueId: clue.id), as: urban) == .failedPrecondition)
        #expect(try await harness.status("clues.close", M.ClueText(clueId: clue.id), as: admin) == .invalidArgument)
        let closed: M.Clue = try await harness.result("clues.close", M.ClueText(clueId: clue.id, text: "重复线索"), as: admin)
        #expect(closed.status == .closed)
        #expect(closed.closeReason == "重复线索")
    }
}
