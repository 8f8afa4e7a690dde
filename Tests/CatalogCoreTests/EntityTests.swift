import CatalogCore
import JGTesting
import Messages
import Testing

/// The entity registry: USCC checks, ids of entities without one, filters, the cross-department pool.
struct EntityTests {
    @Test func aWrongCheckCharacterIsRefusedWithTheExpectedOne() async throws {
        let harness = try makeHarness()
        let market = Actors.op("hy-market")
        // 91350100M000100Y43 is valid (see USCCTests); …44 is not.
        let bad = M.EntityUpsert(uscc: "91350100M000100Y44", name: "某某科技有限公司", kind: .enterprise)
        let error = try await expectFailure(harness, "entities.upsert", bad, as: market, .invalidArgument)
        #expect(error?.details?["expected"] == "3" && error?.details?["field"] == "params.uscc")
        try await expectFailure(harness, "entities.upsert", M.EntityUpsert(name: "无代码公司", kind: .enterprise), as: market, .invalidArgument)

        var unverified = bad
        unverified.allowUnverifiedCode = true
        let stored: M.Entity = try await harness.result("entities.upsert", unverified, as: market)
        #expect(!stored.usccVerified && stored.uscc == "91350100M000100Y44" && stored.id.hasPrefix("ENT-"))

        let good: M.Entity = try await harness.result(
            "entities.upsert", M.EntityUpsert(uscc: "91350100m000100y43", name: "某某科技有限公司", kind: .enterprise), as: market)
        #expect(good.id == "91350100M000100Y43" && good.usccVerified)
        let byCode: M.Entity = try await harness.result("entities.get", M.EntityRef(uscc: "91350100M000100Y43"), as: market)
        #expect(byCode.id == good.id)
        try await expectFailure(harness, "entities.upsert", M.EntityUpsert(name: "x", kind: .enterprise), as: nil, .unauthenticated)
        // one USCC, one entity
        let clash = M.EntityUpsert(id: "OTHER-1", uscc: "91350100M000100Y43", name: "冒名公司", kind: .enterprise)
        try await expectFailure(harness, "entities.upsert", clash, as: market, .alreadyExists)
    }

    @Test func entitiesWithoutAUSCCGetAStableIdOfTheirOwn() async throws {
        let harness = try makeHarness()
        let market = Actors.op("hy-market")
        let site = M.EntityUpsert(name: "城关镇农贸市场", kind: .venue, region: "411603100", domains: ["gas-safety"])
        let first: M.Entity = try await harness.result("entities.upsert", site, as: market)
        var renamedAddress = site
        renamedAddress.address = "城关镇人民路1号"
        let second: M.Entity = try await harness.result("entities.upsert", renamedAddress, as: market)
        #expect(first.id == second.id && first.id.hasPrefix("VEN-411603100-") && second.address == "城关镇人民路1号")
        let other: M.Entity = try await harness.result("entities.upsert", M.EntityUpsert(name: "白楼镇农贸市场", kind: .venue, region: "411603100"), as: market)
        #expect(other.id != first.id)
    }

    @Test func listsFilterByIndexesAndThePool() async throws {
        let harness = try makeHarness()
        _ = try await ImportTests.importDemo(harness)
        let market = Actors.op("hy-market")
        let entities: [M.EntityUpsert] = [
            // pharmacy only: hy-market + hy-medical-insurance (HY-2025-17) → pool
            M.EntityUpsert(uscc: "91411627MA9XXXXXX6", name: "康宁大药房", kind: .enterprise, industry: "F5251", region: "411603100", domains: ["pharmacy"], tags: ["a"]),
            // slaughter: hy-agri + hy-market (HY-2025-09) → pool
            M.EntityUpsert(uscc: "91110000600037341L", name: "肉联厂", kind: .enterprise, industry: "C1351", region: "411603101", domains: ["slaughter"]),
            // no domain: nobody supervises it through an item → not in the pool
            M.EntityUpsert(uscc: "92411627MA40AB12CL", name: "小卖部", kind: .individualBusiness, industry: "F5292", region: "411603100"),
            M.EntityUpsert(uscc: "52411627MJY123456N", name: "康养院", kind: .association, industry: "Q8514", region: "411603102", domains: ["elderly-care"], tags: ["a"]),
        ]
        for entity in entities { _ = try await harness.result("entities.upsert", entity, as: market, decoding: M.Entity.self) }

        func ids(_ filter: M.EntityFilter) async throws -> [String] {
            let list: M.EntityList = try await harness.result("entities.list", filter, as: Actors.auditor)
            return list.entities?.map(\.id) ?? list.ids ?? []
        }
        #expect(try await ids(M.EntityFilter(industry: "F52")) == ["91411627MA9XXXXXX6", "92411627MA40AB12CL"])
        #expect(try await ids(M.EntityFilter(region: "411603100")) == ["91411627MA9XXXXXX6", "92411627MA40AB12CL"])
        #expect(try await ids(M.EntityFilter(kind: .association)) == ["52411627MJY123456N"])
        #expect(try await ids(M.EntityFilter(tag: "a")) == ["52411627MJY123456N", "91411627MA9XXXXXX6"])
        #expect(try await ids(M.EntityFilter(itemCode: "HY-2025-09")) == ["91110000600037341L"])
        // hy-market leads pharmacy and cooperates on slaughter and elderly care (items.csv)
        #expect(try await ids(M.EntityFilter(supervisingDept: "hy-market")) == ["52411627MJY123456N", "91110000600037341L", "91411627MA9XXXXXX6"])
        #expect(try await ids(M.EntityFilter(supervisingDept: "hy-agri")) == ["91110000600037341L"])
        #expect(try await ids(M.EntityFilter(pool: true)) == ["52411627MJY123456N", "91110000600037341L", "91411627MA9XXXXXX6"])
        #expect(try await ids(M.EntityFilter(pool: false)) == ["92411627MA40AB12CL"])
        #expect(try await ids(M.EntityFilter(region: "411603100", pool: true, fields: "ids")) == ["91411627MA9XXXXXX6"])

        // paging by id with the ids projection
        let page: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", limit: 3), as: market)
        #expect(page.ids?.count == 3 && page.entities == nil)
        let rest: M.EntityList = try await harness.result("entities.list", M.EntityFilter(fields: "ids", after: page.next, limit: 3), as: market)
        #expect(rest.ids == ["92411627MA40AB12CL"] && rest.next == nil)

        let pharmacy: M.Entity = try await harness.result("entities.get", M.EntityRef(id: "91411627MA9XXXXXX6"), as: market)
        #expect(pharmacy.supervisingDepts == ["hy-market", "hy-medical-insurance"] && pharmacy.inPool == true)

        // tags
        let tagged: M.EntityTagged = try await harness.result(
            "entities.tag", M.EntityTagging(ids: ["92411627MA40AB12CL", "91411627MA9XXXXXX6"], tags: ["a"]), as: market)
        #expect(tagged.changed == 1)
        let untagged: M.EntityTagged = try await harness.result("entities.untag", M.EntityTagging(ids: ["91411627MA9XXXXXX6"], tags: ["a"]), as: market)
        #expect(untagged.changed == 1)
        #expect(try await ids(M.EntityFilter(tag: "a")) == ["52411627MJY123456N", "92411627MA40AB12CL"])
        try await expectFailure(harness, "entities.tag", M.EntityTagging(ids: ["nope"], tags: ["a"]), as: market, .notFound)
    }

    @Test func thePoolNeedsTwoDepartmentsAcrossSingleDepartmentItems() async throws {
        let harness = try await seededHarness()
        // Two single-department items in two domains: an entity in both is in the pool, in one only it is not.
        for (code, lead, domain) in [("S-1", "hy-market", "alpha"), ("S-2", "hy-health", "beta")] {
            let actor = Actors.op(lead)
            _ = try await harness.result("items.create", M.ItemDraft(code: code, name: code, domain: domain, leadDept: lead), as: actor, decoding: M.Item.self)
            _ = try await harness.result("items.submit", M.ItemAction(code: code), as: actor, decoding: M.Item.self)
            _ = try await harness.result("items.legalReview", M.ItemReview(code: code, decision: .approve), as: Actors.op("hy-justice"), decoding: M.Item.self)
            _ = try await harness.result("items.publish", M.ItemAction(code: code), as: actor, decoding: M.Item.self)
        }
        for (id, domains) in [("P-both", ["alpha", "beta"]), ("P-alpha", ["alpha"]), ("P-beta", ["beta"])] {
            _ = try await harness.result(
                "entities.upsert", M.EntityUpsert(id: id, name: id, kind: .venue, domains: domains), as: Actors.admin, decoding: M.Entity.self)
        }
        let pool: M.EntityList = try await harness.result("entities.list", M.EntityFilter(pool: true, fields: "ids"), as: Actors.admin)
        #expect(pool.ids == ["P-both"])
    }
}
