import CatalogCore
import JGTesting
import Messages
import Testing

/// Every transition of an item version, and the ones refused in each state (DESIGN §4).
struct ItemLifecycleTests {
    static let draft = M.ItemDraft(
        code: "T-01", name: "零售药店综合监管", domain: "pharmacy", leadDept: "hy-market", cooperatingDepts: ["hy-health", "hy-police"],
        content: "监管零售药店依法依规销售药品的行为", legalBasis: [.init(law: "《药品管理法》", article: "第九十九条")], targetKinds: [.enterprise])

    func item(_ harness: Harness, _ method: String, _ params: some Encodable & Sendable, as actor: Actor) async throws -> M.Item {
        try await harness.result(method, params, as: actor)
    }

    @Test func fullLifecycleWithRejectionsAmendmentAndRepeal() async throws {
        let harness = try await seededHarness()
        let market = Actors.op("hy-market"), health = Actors.op("hy-health"), police = Actors.op("hy-police"), justice = Actors.op("hy-justice")

        // Given a draft by the lead department
        var item = try await item(harness, "items.create", Self.draft, as: market)
        #expect(item.status == .draft && item.version == 1 && item.amendmentReason == .enact && item.level == .district)
        try await expectFailure(harness, "items.create", Self.draft, as: market, .alreadyExists)
        // nothing but submit (or edit) moves a draft
        try await expectFailure(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health, .failedPrecondition)
        try await expectFailure(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: justice, .failedPrecondition)
        try await expectFailure(harness, "items.publish", M.ItemAction(code: "T-01"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .amend, note: "x"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.repeal", M.ItemRepeal(code: "T-01", note: "x"), as: market, .failedPrecondition)
        item = try await self.item(harness, "items.update", M.ItemUpdate(code: "T-01", changes: .init(samplingRatio: 0.05)), as: market)
        #expect(item.samplingRatio == 0.05)

        // When submitted, the cooperating departments review (会审)
        item = try await self.item(harness, "items.submit", M.ItemAction(code: "T-01"), as: market)
        #expect(item.status == .inReview && item.round == 1 && item.pendingReviews == ["hy-health", "hy-police"])
        try await expectFailure(harness, "items.submit", M.ItemAction(code: "T-01"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.update", M.ItemUpdate(code: "T-01", changes: .init(name: "x")), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.publish", M.ItemAction(code: "T-01"), as: market, .failedPrecondition)
        item = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health)
        #expect(item.status == .inReview && item.pendingReviews == ["hy-police"])
        try await expectFailure(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health, .failedPrecondition)
        // a rejection needs a reason, and sends the version back to draft
        try await expectFailure(harness, "items.review", M.ItemReview(code: "T-01", decision: .reject), as: police, .invalidArgument)
        item = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .reject, reason: "缺少公安职责"), as: police)
        #expect(item.status == .draft)

        // Round 2: both approve → legality review; the justice department rejects once, then approves
        item = try await self.item(harness, "items.submit", M.ItemAction(code: "T-01"), as: market)
        #expect(item.round == 2 && item.pendingReviews == ["hy-health", "hy-police"])
        _ = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health)
        item = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: police)
        #expect(item.status == .inLegalReview)
        try await expectFailure(harness, "items.publish", M.ItemAction(code: "T-01"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .reject), as: justice, .invalidArgument)
        item = try await self.item(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .reject, reason: "依据条款有误"), as: justice)
        #expect(item.status == .draft)
        _ = try await self.item(harness, "items.submit", M.ItemAction(code: "T-01"), as: market)
        _ = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health)
        _ = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: police)
        item = try await self.item(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: justice)
        #expect(item.status == .approved)
        try await expectFailure(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: justice, .failedPrecondition)

        // Then it is published, with an event
        item = try await self.item(harness, "items.publish", M.ItemAction(code: "T-01"), as: market)
        #expect(item.status == .published && item.publishedVersion == 1 && item.publishedAt != nil)
        try await expectFailure(harness, "items.publish", M.ItemAction(code: "T-01"), as: market, .failedPrecondition)
        #expect(try await harness.events(topic: "catalog.item.published").count == 1)

        // Amendment (改): a new draft version; the published one stays in force and readable
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .enact, note: "x"), as: market, .invalidArgument)
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .repeal, note: "x"), as: market, .invalidArgument)
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .amend, note: " "), as: market, .invalidArgument)
        item = try await self.item(
            harness, "items.amend", M.ItemAmend(code: "T-01", reason: .amend, note: "增加医保配合", changes: .init(frequencyPerYear: 2)), as: market)
        #expect(item.version == 2 && item.status == .draft && item.amendmentReason == .amend && item.frequencyPerYear == 2)
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .interpret, note: "x"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.repeal", M.ItemRepeal(code: "T-01", note: "x"), as: market, .failedPrecondition)
        let inForce: M.Item = try await harness.result("items.get", M.ItemRef(code: "T-01"))
        #expect(inForce.version == 1 && inForce.status == .published && inForce.latestVersion == 2)
        let v2Public = try await harness.call("items.get", M.ItemRef(code: "T-01", version: 2))
        #expect(v2Public.status == .notFound)

        _ = try await self.item(harness, "items.submit", M.ItemAction(code: "T-01"), as: market)
        _ = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: health)
        _ = try await self.item(harness, "items.review", M.ItemReview(code: "T-01", decision: .approve), as: police)
        _ = try await self.item(harness, "items.legalReview", M.ItemReview(code: "T-01", decision: .approve), as: justice)
        item = try await self.item(harness, "items.publish", M.ItemAction(code: "T-01"), as: market)
        #expect(item.version == 2 && item.status == .published && item.publishedVersion == 2)
        let amended = try await harness.events(topic: "catalog.item.amended")
        #expect(amended.count == 1 && amended.first?.event["previousVersion"] == 1)
        let v1: M.Item = try await harness.result("items.get", M.ItemRef(code: "T-01", version: 1))
        #expect(v1.status == .superseded && v1.frequencyPerYear == nil)

        // Repeal (废): the item leaves the list in force, its versions stay readable
        try await expectFailure(harness, "items.repeal", M.ItemRepeal(code: "T-01", note: ""), as: market, .invalidArgument)
        item = try await self.item(harness, "items.repeal", M.ItemRepeal(code: "T-01", note: "并入新事项"), as: market)
        #expect(item.status == .repealed && item.publishedVersion == nil)
        try await expectFailure(harness, "items.repeal", M.ItemRepeal(code: "T-01", note: "again"), as: market, .failedPrecondition)
        try await expectFailure(harness, "items.amend", M.ItemAmend(code: "T-01", reason: .amend, note: "x"), as: market, .failedPrecondition)
        #expect(try await harness.events(topic: "catalog.item.repealed").count == 1)
        let list: M.ItemList = try await harness.result("items.list", M.ItemFilter())
        #expect(list.items.isEmpty)
        let latest: M.ItemList = try await harness.result("items.list", M.ItemFilter(view: "latest"), as: market)
        #expect(latest.items.map(\.status) == [.repealed])

        // History: every step, every decision
        let history: M.ItemHistory = try await harness.result("items.history", M.ItemRef(code: "T-01"), as: Actors.auditor)
        #expect(history.versions.map(\.status) == [.superseded, .repealed])
        #expect(
            history.entries.map(\.action) == [
                "create", "update", "submit", "review.approve", "review.reject", "submit", "review.approve", "review.approve", "legalReview.reject",
                "submit", "review.approve", "review.approve", "legalReview.approve", "publish", "amend.amend", "submit", "review.approve",
                "review.approve", "legalReview.approve", "supersede", "publish", "repeal",
            ])
        #expect(history.reviews.filter { $0.decision == .reject }.compactMap(\.reason) == ["缺少公安职责", "依据条款有误"])
    }

    @Test func aDraftWithoutCooperatingDepartmentsGoesStraightToLegalReview() async throws {
        let harness = try await seededHarness()
        var draft = Self.draft
        draft.cooperatingDepts = []
        _ = try await item(harness, "items.create", draft, as: Actors.op("hy-market"))
        let item = try await item(harness, "items.submit", M.ItemAction(code: "T-01"), as: Actors.op("hy-market"))
        #expect(item.status == .inLegalReview)
    }

    @Test func contentIsChecked() async throws {
        let harness = try await seededHarness()
        let market = Actors.op("hy-market")
        var draft = Self.draft
        draft.cooperatingDepts = ["hy-health", "hy-nowhere"]
        let unknown = try await expectFailure(harness, "items.create", draft, as: market, .invalidArgument)
        #expect(unknown?.details?["field"] == "params.cooperatingDepts[1]")
        draft.cooperatingDepts = ["hy-market"]
        try await expectFailure(harness, "items.create", draft, as: market, .invalidArgument)
        draft.cooperatingDepts = ["hy-health", "hy-health"]
        try await expectFailure(harness, "items.create", draft, as: market, .invalidArgument)
        draft = Self.draft
        draft.samplingRatio = 1.5
        try await expectFailure(harness, "items.create", draft, as: market, .invalidArgument)
        draft = Self.draft
        draft.domain = "Pharmacy Shops"
        try await expectFailure(harness, "items.create", draft, as: market, .invalidArgument)
        try await expectFailure(harness, "items.submit", M.ItemAction(code: "NOPE"), as: market, .notFound)
    }

    @Test func aRepeatedRequestIdIsAnsweredOnce() async throws {
        let harness = try await seededHarness()
        let first: M.Item = try await harness.result("items.create", Self.draft, as: Actors.op("hy-market"), id: "req-1")
        let again: M.Item = try await harness.result("items.create", Self.draft, as: Actors.op("hy-market"), id: "req-1")
        #expect(first == again)
    }
}
