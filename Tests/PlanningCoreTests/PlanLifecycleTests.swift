import JGTesting
import Messages
import PlanningCore
import Testing

/// `plans.*`: who may do what, what a well-formed plan is, due dates, approval and publication.
@Suite struct PlanLifecycleTests {
    @Test func leadDepartmentDraftsSubmitsAndAdminApprovesIntoPublic() async throws {
        let harness = try Fixture().harness(today: "2025-03-10")
        // Given a draft by the lead department
        let plan = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        #expect(plan.status == .draft)
        #expect(plan.planId == "P2025-0001")
        #expect(plan.dueOn == "2025-03-31")
        #expect(!plan.late)
        // Not public yet
        let before = try await harness.result("public.plans", PlanningMessages.PublicQuery(year: 2025), decoding: PlanningMessages.PublicPlans.self)
        #expect(before.plans.isEmpty)
        // When submitted and approved
        _ = try await harness.result("plans.submit", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.market, decoding: PlanningMessages.Plan.self)
        let denied = try await harness.call("plans.approve", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.market)
        #expect(denied.status == .permissionDenied)
        let approved = try await harness.result(
            "plans.approve", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.admin, decoding: PlanningMessages.Plan.self)
        // Then it is public and announced
        #expect(approved.status == .approved)
        let after = try await harness.result("public.plans", PlanningMessages.PublicQuery(year: 2025), decoding: PlanningMessages.PublicPlans.self)
        #expect(after.plans.map(\.planId) == [plan.planId])
        let events = try await harness.events(topic: "planning.plan.approved")
        #expect(events.count == 1)
        #expect(events.first?.event["planId"] == .string(plan.planId))
    }

    @Test func plansSubmittedAfterTheDueDayAreFlaggedLate() async throws {
        let harness = try Fixture().harness(today: "2025-04-02")
        let plan = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        #expect(plan.late, "an unsubmitted plan past its due day is late")
        let submitted = try await harness.result(
            "plans.submit", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.market, decoding: PlanningMessages.Plan.self)
        #expect(submitted.late)
        let late = try await harness.result("plans.list", PlanningMessages.PlanFilter(late: true), as: Actors.auditor, decoding: PlanningMessages.PlanList.self)
        #expect(late.plans.map(\.planId) == [plan.planId])
    }

    @Test func theDueDayIsConfigurable() async throws {
        let harness = try InMemoryPlanning.$sources.withValue(Fixture().sources) {
            try Harness(environment: ["JG_PLANNING_TODAY": "2025-04-02", "JG_PLANNING_DUE": "04-15"])
        }
        let plan = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        #expect(plan.dueOn == "2025-04-15")
        #expect(!plan.late)
    }

    /// A misspelt filter key used to be dropped, and the plan then drew from every entity its items target.
    @Test func aMisspeltFilterKeyIsRefusedNotDropped() async throws {
        let harness = try Fixture().harness()
        guard case .object(var draft) = try JSONValue(encoding: PlanningMessages.PlanDraft.gas()) else {
            Issue.record("a plan draft encodes as an object")
            return
        }
        draft["filter"] = ["domian": "gas-safety"]
        let refused = try await harness.call("plans.create", JSONValue.object(draft), as: Actors.market)
        #expect(refused.status == .invalidArgument)
        #expect(refused.error?.details?["field"] == "params.filter.domian")
        #expect(
            refused.error?.message
                == "params.filter.domian is not a field of filter (did you mean domian → domain?); it takes domain, industry, region, kind, tags (`help planning plans.create`)")
        draft["filter"] = ["domain": "gas-safety"]
        #expect(try await harness.call("plans.create", JSONValue.object(draft), as: Actors.market).status == .ok)
    }

    @Test func changesNeedAnActorAndTheLeadDepartment() async throws {
        let harness = try Fixture().harness()
        let anonymous = try await harness.call("plans.create", PlanningMessages.PlanDraft.gas())
        #expect(anonymous.status == .unauthenticated)
        let publicActor = try await harness.call("plans.create", PlanningMessages.PlanDraft.gas(), as: .anonymous)
        #expect(publicActor.status == .unauthenticated)
        let otherDept = try await harness.call("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.health)
        #expect(otherDept.status == .permissionDenied)
        #expect(otherDept.error?.message.contains("hy-market") == true)
        let auditor = try await harness.call("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.auditor)
        #expect(auditor.status == .permissionDenied)
        let byAdmin = try await harness.call("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.admin)
        #expect(byAdmin.status == .ok)
    }

    @Test func badPlansAreRefusedWithTheFieldNamedAndNothingStored() async throws {
        let harness = try Fixture().harness()
        let cases: [(PlanningMessages.PlanDraft, Status, String?)] = [
            (.gas(items: ["HY-2025-77"]), .invalidArgument, nil),
            (.gas(items: [Fixture.draftItem]), .failedPrecondition, nil),
            (.gas(sampling: .init(ratio: 1.5)), .invalidArgument, "params.sampling.ratio"),
            (.gas(sampling: .init(ratio: 0)), .invalidArgument, "params.sampling.ratio"),
            (.gas(sampling: .init(ratio: 0.1, count: 3)), .invalidArgument, "params.sampling"),
            (.gas(sampling: .init(count: 0)), .invalidArgument, "params.sampling.count"),
            (.gas(window: .init(start: "2025-06-01", end: "2025-05-01")), .invalidArgument, "params.window"),
            (.gas(window: .init(start: "2026-01-01", end: "2026-02-01")), .invalidArgument, "params.window.start"),
            (.gas(window: .init(start: "2025-02-30", end: "2025-03-01")), .invalidArgument, "params.window.start"),
            (.gas(cooperating: ["hy-market"]), .invalidArgument, "params.cooperatingDepts"),
        ]
        for (draft, status, field) in cases {
            let reply = try await harness.call("plans.create", draft, as: Actors.market)
            #expect(reply.status == status, "\(draft)")
            if let field { #expect(reply.error?.details?["field"] == .string(field)) }
        }
        let list = try await harness.result("plans.list", PlanningMessages.PlanFilter(), as: Actors.admin, decoding: PlanningMessages.PlanList.self)
        #expect(list.plans.isEmpty)
    }

    @Test func onlyDraftsAreEditedAndUnknownPlansAreNotFound() async throws {
        let harness = try Fixture().harness()
        let plan = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        let edited = try await harness.result(
            "plans.update", PlanningMessages.PlanUpdate(planId: plan.planId, name: "燃气安全专项联合抽查", sampling: .init(ratio: 0.2)), as: Actors.market,
            decoding: PlanningMessages.Plan.self)
        #expect(edited.name == "燃气安全专项联合抽查")
        #expect(edited.sampling.ratio == 0.2)
        _ = try await harness.result("plans.submit", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.market, decoding: PlanningMessages.Plan.self)
        let late = try await harness.call("plans.update", PlanningMessages.PlanUpdate(planId: plan.planId, name: "x"), as: Actors.market)
        #expect(late.status == .failedPrecondition)
        let missing = try await harness.call("plans.get", PlanningMessages.PlanAction(planId: "P2025-9999"), as: Actors.market)
        #expect(missing.status == .notFound)
        let cancel = try await harness.call("plans.cancel", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.market)
        #expect(cancel.status == .invalidArgument, "a cancellation needs its reason")
        let cancelled = try await harness.result(
            "plans.cancel", PlanningMessages.PlanAction(planId: plan.planId, note: "并入全区燃气专项"), as: Actors.market, decoding: PlanningMessages.Plan.self)
        #expect(cancelled.status == .cancelled)
    }

    @Test func otherDepartmentsDoNotSeeDraftsButSeeApprovedPlans() async throws {
        let harness = try Fixture().harness()
        let plan = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        let hidden = try await harness.call("plans.get", PlanningMessages.PlanAction(planId: plan.planId), as: Actors.health)
        #expect(hidden.status == .permissionDenied)
        let cooperating = try await harness.call("plans.get", PlanningMessages.PlanAction(planId: plan.planId), as: Actor(dept: "hy-fire", role: .operator))
        #expect(cooperating.status == .ok)
        let listed = try await harness.result("plans.list", PlanningMessages.PlanFilter(), as: Actors.health, decoding: PlanningMessages.PlanList.self)
        #expect(listed.plans.isEmpty)
    }
}
