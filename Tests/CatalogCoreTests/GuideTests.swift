import CatalogCore
import JGTesting
import Messages
import Testing

/// The compliance guide (一业一册).
struct GuideTests {
    @Test func aDomainGuideListsExactlyItsPublishedItemsByLeadDepartment() async throws {
        let harness = try makeHarness()
        _ = try await ImportTests.importDemo(harness)
        // Given a second pharmacy item led by another department, published through review …
        let draft = M.ItemDraft(
            code: "HY-2025-P2", name: "药店医保结算监管", domain: "pharmacy", leadDept: "hy-medical-insurance", cooperatingDepts: ["hy-market"],
            content: "监管定点零售药店医保结算行为", legalBasis: [.init(law: "《医疗保障基金使用监督管理条例》", article: "第十五条")])
        _ = try await harness.result("items.create", draft, as: Actors.op("hy-medical-insurance"), decoding: M.Item.self)
        _ = try await harness.result("items.submit", M.ItemAction(code: "HY-2025-P2"), as: Actors.op("hy-medical-insurance"), decoding: M.Item.self)
        _ = try await harness.result("items.review", M.ItemReview(code: "HY-2025-P2", decision: .approve), as: Actors.op("hy-market"), decoding: M.Item.self)
        _ = try await harness.result(
            "items.legalReview", M.ItemReview(code: "HY-2025-P2", decision: .approve), as: Actors.op("hy-justice"), decoding: M.Item.self)
        _ = try await harness.result("items.publish", M.ItemAction(code: "HY-2025-P2"), as: Actors.op("hy-medical-insurance"), decoding: M.Item.self)
        // … and a third one still in draft, which must not appear
        var unpublished = draft
        unpublished.code = "HY-2025-P3"
        unpublished.leadDept = "hy-health"
        unpublished.cooperatingDepts = []
        _ = try await harness.result("items.create", unpublished, as: Actors.op("hy-health"), decoding: M.Item.self)

        // When the pharmacy guide is asked for (no token: it is public)
        let guide: M.Guide = try await harness.result("guides.get", M.GuideRequest(domain: "pharmacy"))

        // Then: HY-2025-17 under hy-market (items.csv: lead hy-market, cooperating hy-medical-insurance) and the new one
        #expect(guide.itemCount == 2)
        #expect(guide.sections.map(\.dept) == ["hy-market", "hy-medical-insurance"])
        #expect(guide.sections.map(\.deptName) == ["区市场监管局", "区医保局"])
        #expect(guide.sections.map { $0.items.map(\.code) } == [["HY-2025-17"], ["HY-2025-P2"]])
        #expect(guide.departments == ["hy-market", "hy-medical-insurance"])
        #expect(guide.sections[1].items[0].legalBasis == [.init(law: "《医疗保障基金使用监督管理条例》", article: "第十五条")])
        #expect(guide.markdown.contains("## 区市场监管局 (`hy-market`)"))
        #expect(guide.markdown.contains("### HY-2025-17 对零售药店的监督检查 (v1)"))
        #expect(guide.markdown.contains("《医疗保障基金使用监督管理条例》 第十五条"))
        #expect(!guide.markdown.contains("HY-2025-P3"))

        // the gas-safety guide: one item, its lead and 14 cooperating departments
        let gas: M.Guide = try await harness.result("guides.get", M.GuideRequest(domain: "gas-safety"))
        #expect(gas.sections.map(\.dept) == ["hy-urban"] && gas.departments.count == 15)
        let none: M.Guide = try await harness.result("guides.get", M.GuideRequest(domain: "space-travel"))
        #expect(none.itemCount == 0 && none.sections.isEmpty)
        try await expectFailure(harness, "guides.get", M.GuideRequest(), as: nil, .invalidArgument)
    }

    @Test func anIndustryGuideMatchesItemIndustryPrefixes() async throws {
        let harness = try makeHarness()
        _ = try await ImportTests.importDemo(harness)
        let draft = M.ItemDraft(
            code: "IND-1", name: "药品零售质量监管", domain: "pharmacy-quality", leadDept: "hy-market", industries: ["F52"])
        _ = try await harness.result("items.create", draft, as: Actors.op("hy-market"), decoding: M.Item.self)
        _ = try await harness.result("items.submit", M.ItemAction(code: "IND-1"), as: Actors.op("hy-market"), decoding: M.Item.self)
        _ = try await harness.result(
            "items.legalReview", M.ItemReview(code: "IND-1", decision: .approve), as: Actors.op("hy-justice"), decoding: M.Item.self)
        _ = try await harness.result("items.publish", M.ItemAction(code: "IND-1"), as: Actors.op("hy-market"), decoding: M.Item.self)
        // F5251 (retail pharmacy) is under F52; F5111 is not.
        let guide: M.Guide = try await harness.result("guides.get", M.GuideRequest(industry: "F5251"))
        #expect(guide.sections.flatMap { $0.items.map(\.code) } == ["IND-1"])
        let other: M.Guide = try await harness.result("guides.get", M.GuideRequest(industry: "F5111"))
        #expect(other.itemCount == 0)
    }
}
