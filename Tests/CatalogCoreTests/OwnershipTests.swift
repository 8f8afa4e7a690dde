import CatalogCore
import JGTesting
import Messages
import Testing

/// Who may do what (DESIGN §3.4): each refusal is PERMISSION_DENIED naming its rule, or UNAUTHENTICATED.
struct OwnershipTests {
    func rule(_ error: ErrorBody?) -> String? { error?.details?["rule"]?.stringValue }

    @Test func onlyTheLeadDepartmentOrAdminEditsSubmitsAndAmends() async throws {
        let harness = try await seededHarness()
        let draft = ItemLifecycleTests.draft
        #expect(rule(try await expectFailure(harness, "items.create", draft, as: Actors.op("hy-health"), .permissionDenied)) == "lead-department-only")
        try await expectFailure(harness, "items.create", draft, as: nil, .unauthenticated)
        try await expectFailure(harness, "items.create", draft, as: .anonymous, .unauthenticated)
        #expect(rule(try await expectFailure(harness, "items.create", draft, as: Actors.auditor, .permissionDenied)) == "read-only-role")
        #expect(
            rule(try await expectFailure(harness, "items.create", draft, as: Actor(dept: "hy-market", user: "i", role: .inspector), .permissionDenied))
                == "read-only-role")

        _ = try await harness.result("items.create", draft, as: Actors.op("hy-market"), decoding: M.Item.self)
        let cooperating = Actors.op("hy-health")
        #expect(
            rule(try await expectFailure(harness, "items.update", M.ItemUpdate(code: "T-01", changes: .init(name: "x")), as: cooperating, .permissionDenied))
                == "lead-department-only")
        #expect(rule(try await expectFailure(harness, "items.submit", M.ItemAction(code: "T-01"), as: cooperating, .permissionDenied)) == "lead-department-only")
        // moving an item to another lead department is for the coordination office
        #expect(
            rule(
                try await expectFailure(
                    harness, "items.update", M.ItemUpdate(code: "T-01", changes: .init(leadDept: "hy-fire")), as: Actors.op("hy-market"), .permissionDenied))
                == "coordination-office-only")

        // the coordination office acts for the lead department, by role or by department
        let submitted: M.Item = try await harness.result("items.submit", M.ItemAction(code: "T-01"), as: Actors.admin)
        #expect(submitted.status == .inReview)

        // only a listed cooperating department reviews — not the lead, not an outsider, not even admin
        for actor in [Actors.op("hy-market"), Actors.op("hy-fire"), Actors.admin] {
            let error = try await expectFailure(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: actor, .permissionDenied)
            #expect(rule(error) == "cooperating-department-only")
        }
        _ = try await harness.result("items.review", M.ItemReview(code: "T-01", decision: .approve), as: Actors.op("hy-health"), decoding: M.Item.self)
        _ = try await harness.result("items.review", M.ItemReview(code: "T-01", decision: .approve), as: Actors.op("hy-police"), decoding: M.Item.self)

        // only the justice department performs the legality review
        for actor in [Actors.op("hy-market"), Actors.admin, Actors.op("hy-health")] {
            let error = try await expectFailure(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: actor, .permissionDenied)
            #expect(rule(error) == "justice-department-only")
        }
    }

    @Test func theJusticeAndCoordinationDepartmentsComeFromConfiguration() async throws {
        let harness = try makeHarness(["JG_JUSTICE_DEPT": "hy-police", "JG_COORDINATION_DEPT": "hy-fire"])
        _ = try await harness.result("depts.import", M.ImportRequest(csv: smallDepartmentsCSV), as: Actors.admin, decoding: M.ImportReport.self)
        var draft = ItemLifecycleTests.draft
        draft.cooperatingDepts = []
        // hy-fire operators are the coordination office here
        _ = try await harness.result("items.create", draft, as: Actors.op("hy-fire"), decoding: M.Item.self)
        _ = try await harness.result("items.submit", M.ItemAction(code: "T-01"), as: Actors.op("hy-fire"), decoding: M.Item.self)
        try await expectFailure(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: Actors.op("hy-justice"), .permissionDenied)
        let approved: M.Item = try await harness.result(
            "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: Actors.op("hy-police"))
        #expect(approved.status == .approved)
    }

    @Test func departmentsAreManagedByTheCoordinationOffice() async throws {
        let harness = try await seededHarness()
        let department = M.Department(code: "hy-new", name: "区新局", level: .district, kind: .regulator)
        #expect(rule(try await expectFailure(harness, "depts.create", department, as: Actors.op("hy-market"), .permissionDenied)) == "coordination-office-only")
        try await expectFailure(harness, "depts.create", department, as: nil, .unauthenticated)
        let created: M.Department = try await harness.result("depts.create", department, as: Actors.op("hy-coordination"))
        #expect(created == department)
        try await expectFailure(harness, "depts.create", department, as: Actors.admin, .alreadyExists)
        let updated: M.Department = try await harness.result("depts.update", M.DepartmentUpdate(code: "hy-new", parent: "hy-market"), as: Actors.admin)
        #expect(updated.parent == "hy-market")
        try await expectFailure(harness, "depts.update", M.DepartmentUpdate(code: "hy-market", parent: "hy-new"), as: Actors.admin, .invalidArgument)
        let fetched: M.Department = try await harness.result("depts.get", M.DepartmentRef(code: "hy-new"))
        #expect(fetched.parent == "hy-market")
    }

    @Test func unpublishedDataIsForSuiteMembers() async throws {
        let harness = try await seededHarness()
        _ = try await harness.result("items.create", ItemLifecycleTests.draft, as: Actors.op("hy-market"), decoding: M.Item.self)
        try await expectFailure(harness, "items.get", M.ItemRef(code: "T-01"), as: nil, .notFound)
        let seen: M.Item = try await harness.result("items.get", M.ItemRef(code: "T-01"), as: Actors.auditor)
        #expect(seen.status == .draft)
        try await expectFailure(harness, "items.history", M.ItemRef(code: "T-01"), as: nil, .unauthenticated)
        try await expectFailure(harness, "items.list", M.ItemFilter(view: "latest"), as: nil, .unauthenticated)
        try await expectFailure(harness, "entities.list", M.EntityFilter(), as: nil, .unauthenticated)
        try await expectFailure(harness, "inspectors.list", M.PersonFilter(), as: .anonymous, .unauthenticated)
    }

    @Test func inspectorsBelongToTheirDepartment() async throws {
        let harness = try await seededHarness()
        let inspector = M.PersonCreate(dept: "hy-health", name: "王伟", certificateNo: "41160300001", qualifications: ["law-enforcement"])
        #expect(rule(try await expectFailure(harness, "inspectors.create", inspector, as: Actors.op("hy-market"), .permissionDenied)) == "own-department-only")
        let created: M.Person = try await harness.result("inspectors.create", inspector, as: Actors.op("hy-health"))
        #expect(created.id == "INS-41160300001" && created.active)
        try await expectFailure(harness, "inspectors.update", M.PersonUpdate(id: created.id, active: false), as: Actors.op("hy-market"), .permissionDenied)
        let updated: M.Person = try await harness.result("inspectors.update", M.PersonUpdate(id: created.id, active: false), as: Actors.admin)
        #expect(!updated.active)
        // inspectors need a certificate; experts do not
        try await expectFailure(harness, "inspectors.create", M.PersonCreate(dept: "hy-health", name: "李娜"), as: Actors.admin, .invalidArgument)
        let expert: M.Person = try await harness.result(
            "experts.create", M.PersonCreate(dept: "hy-health", name: "李娜", organisation: "周口市中心医院", expertise: ["medical-devices"]), as: Actors.admin)
        #expect(expert.id.hasPrefix("EXP-"))
        try await expectFailure(harness, "inspectors.get", M.PersonRef(id: expert.id), as: Actors.admin, .notFound)
        let experts: M.PersonList = try await harness.result("experts.list", M.PersonFilter(expertise: "medical-devices"), as: Actors.auditor)
        #expect(experts.people.map(\.id) == [expert.id])
    }
}
