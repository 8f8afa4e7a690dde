import GRDB
import JGTesting
import Messages
import PlanningCore
import Testing

/// `draws.*` through the service: preview, strata, exclusions, full coverage, avoidance, bad input, verification.
@Suite struct DrawServiceTests {
    /// Same vectors as `DrawEngineTests` (Python hashlib), now over the wire and without a token.
    @Test func previewNeedsNoTokenAndMatchesIndependentValues() async throws {
        let harness = try Fixture().harness()
        let pool = DrawEngineTests.pool
        let seeds: [[PlanningMessages.SeedNumber]] = [[20250401], [7, 3, 33, 21, 15, 9]]
        let rank = try await harness.result(
            "draws.preview", PlanningMessages.DrawPreviewRequest(seeds: seeds, pool: pool, count: 5), decoding: PlanningMessages.DrawPreview.self)
        #expect(rank.key == "20250401./3.7.9.15.21.33./")
        #expect(rank.method == .sha256Rank)
        #expect(rank.selected == ["91411627MA00002X", "91411627MA00013X", "91411627MA00016X", "91411627MA00015X", "91411627MA00003X"])
        let rfc = try await harness.result(
            "draws.preview", PlanningMessages.DrawPreviewRequest(method: .rfc3797, seeds: [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]],
                pool: (1...25).map(String.init), count: 11), decoding: PlanningMessages.DrawPreview.self)
        #expect(rfc.selected == ["17", "7", "2", "16", "25", "23", "8", "24", "19", "13", "22"])
    }

    @Test func previewRefusesSeedsThatAreNotWholeNumbersAndCountsAboveThePool() async throws {
        let harness = try Fixture().harness()
        let fractional = try await harness.call(
            "draws.preview", ["seeds": [[.double(1.5)]], "pool": ["a", "b"], "count": 1] as JSONValue)
        #expect(fractional.status == .invalidArgument)
        #expect(fractional.error?.details?["field"] == "params.seeds[0][0]")
        let text = try await harness.call("draws.preview", ["seeds": [["twelve"]], "pool": ["a"], "count": 1] as JSONValue)
        #expect(text.status == .invalidArgument)
        let negative = try await harness.call("draws.preview", ["seeds": [[-3]], "pool": ["a"], "count": 1] as JSONValue)
        #expect(negative.status == .invalidArgument)
        #expect(negative.error?.message.contains("0 or more") == true)
        let tooMany = try await harness.call("draws.preview", PlanningMessages.DrawPreviewRequest(seeds: [[1]], pool: ["a", "b"], count: 3))
        #expect(tooMany.status == .invalidArgument)
        let empty = try await harness.call("draws.preview", PlanningMessages.DrawPreviewRequest(seeds: [[1]], pool: [], count: 0))
        #expect(empty.status == .invalidArgument)
    }

    /// Grades A 10, B 21, C 5, D 3 entities; table ratios A 0.1, B 0.2, C 0.5, D 1 → ceil: 1, 5 (4.2), 3 (2.5), 3.
    @Test func ratioDrawTakesTheCeilingOfEachGradesRatio() async throws {
        let ids = Fixture.ids(39)
        var fixture = Fixture(entities: ids)
        for (index, id) in ids.enumerated() { fixture.credit.gradeOf[id] = index < 10 ? "A" : index < 31 ? "B" : index < 36 ? "C" : "D" }
        fixture.credit.table = GradeTable(ratios: ["A": 0.1, "B": 0.2, "C": 0.5, "D": 1])
        let harness = try fixture.harness()
        let planId = try await harness.approvedPlan(.gas(sampling: .init(ratio: 0.05)))
        let draw = try await harness.draw(planId)
        #expect(draw.strata == [
            .init(stratum: "A", size: 10, ratio: 0.1, count: 1), .init(stratum: "B", size: 21, ratio: 0.2, count: 5),
            .init(stratum: "C", size: 5, ratio: 0.5, count: 3), .init(stratum: "D", size: 3, ratio: 1, count: 3),
        ])
        #expect(draw.selected.count == 12)
        #expect(Set(draw.selected.suffix(3)) == Set(ids.suffix(3)), "grade D takes all three")
        #expect(draw.poolSize == 39)
        #expect(draw.poolDigest == Digests.poolDigest(ids))
        // Every drawn entity has two distinct inspectors of the plan's departments.
        #expect(draw.assignments.count == 12)
        for assignment in draw.assignments {
            #expect(Set(assignment.inspectors.map(\.id)).count == 2)
            #expect(assignment.inspectors.allSatisfy { ["hy-market", "hy-fire"].contains($0.dept) })
            #expect(assignment.items == [Fixture.gas])
        }
        let completed = try await harness.events(topic: "planning.draw.completed")
        #expect(completed.first?.event["selectedCount"] == 12)
        let published = try await harness.result("public.draws", PlanningMessages.PublicQuery(planId: planId), decoding: PlanningMessages.PublicDraws.self)
        #expect(published.draws.map(\.drawId) == [draw.drawId])
    }

    /// `GET /public/draws/<id>` asks for `drawId`: one draw, not every approved plan's.
    @Test func publicDrawsByIdAnswersThatDrawAlone() async throws {
        let harness = try Fixture(entities: Fixture.ids(8)).harness()
        let first = try await harness.draw(try await harness.approvedPlan(.gas(sampling: .init(count: 2))))
        let second = try await harness.draw(try await harness.approvedPlan(.gas(sampling: .init(count: 3))))
        let all = try await harness.result("public.draws", PlanningMessages.PublicQuery(), decoding: PlanningMessages.PublicDraws.self)
        #expect(Set(all.draws.map(\.drawId)) == [first.drawId, second.drawId])
        let one = try await harness.result("public.draws", PlanningMessages.PublicQuery(drawId: second.drawId), decoding: PlanningMessages.PublicDraws.self)
        #expect(one.draws.map(\.drawId) == [second.drawId])
        #expect(one.draws.first?.selected.count == 3)
    }

    @Test func whitelistedAndAlreadyCheckedEntitiesAreLeftOut() async throws {
        let ids = Fixture.ids(10)
        var fixture = Fixture(entities: ids)
        fixture.credit.whitelist = [ids[0], ids[1]]
        let harness = try fixture.harness()
        // ids[2] was checked for the gas item this year, ids[3] for it last year, ids[4] for another item.
        let results: [(String, String, Int)] = [(ids[2], Fixture.gas, 2025), (ids[3], Fixture.gas, 2024), (ids[4], Fixture.food, 2025)]
        for (seq, (uscc, item, year)) in results.enumerated() {
            let payload = PlanningMessages.InspectionResultPublished(uscc: uscc, item: item, dept: "hy-market", outcome: "noProblem", resultId: "R\(seq)", year: year)
            let event = EventEnvelope(source: "inspection", seq: Int64(seq + 1), topic: "inspection.result.published", at: "2025-02-01T00:00:00Z",
                traceId: nil, event: try JSONValue(encoding: payload))
            #expect(try await harness.deliver(event) == .applied)
        }
        let planId = try await harness.approvedPlan(.gas(sampling: .init(count: 7)))
        let draw = try await harness.draw(planId)
        #expect(draw.excluded == .init(whitelisted: 2, alreadyChecked: 1))
        #expect(draw.poolSize == 7)
        let pool = try await harness.result("draws.pool", PlanningMessages.PoolPageRequest(drawId: draw.drawId), decoding: PlanningMessages.PoolPage.self)
        #expect(pool.entries.map(\.id) == Array(ids[3...]))
        #expect(Set(draw.selected) == Set(ids[3...]))
    }

    @Test func fullCoverageItemsTakeEveryEntityTheyTarget() async throws {
        var fixture = Fixture(entities: Fixture.ids(6), items: [Fixture.gas])
        let hotels = Fixture.ids(4, prefix: "92411627")
        for id in hotels { fixture.catalog.add(.init(id: id), targetedBy: [Fixture.fire]) }
        for id in Fixture.ids(6) { fixture.catalog.add(.init(id: id), targetedBy: [Fixture.fire]) }
        fixture.credit.whitelist = [hotels[0]]
        let harness = try fixture.harness()
        let planId = try await harness.approvedPlan(.gas(sampling: .init(count: 2), items: [Fixture.gas, Fixture.fire]))
        let draw = try await harness.draw(planId)
        #expect(draw.fullCoverage == [.init(item: Fixture.fire, ids: Fixture.ids(6) + hotels)])
        #expect(draw.selected.count == 2)
        #expect(draw.assignments.count == 10, "every entity of the full-coverage item, the whitelisted one too")
        for assignment in draw.assignments {
            #expect(assignment.items.contains(Fixture.fire))
            #expect(assignment.items.contains(Fixture.gas) == draw.selected.contains(assignment.entityId))
        }
    }

    @Test func declaredAvoidancesAreRespected() async throws {
        let ids = Fixture.ids(6)
        var fixture = Fixture(entities: ids, inspectorsPerDept: 2)
        // The catalog's own conflict list counts too.
        fixture.catalog.add(Inspector(id: "INS-hy-fire-9", dept: "hy-fire", conflicts: [ids[1]]))
        let harness = try fixture.harness()
        let declaration = PlanningMessages.AvoidanceDeclare(inspectorId: "INS-hy-market-1", dept: "hy-market", entityId: ids[0], reason: "亲属任法定代表人")
        let byOtherDept = try await harness.call("avoidance.declare", declaration, as: Actors.health)
        #expect(byOtherDept.status == .permissionDenied)
        let byThemselves = try await harness.call("avoidance.declare", declaration, as: Actor(dept: "hy-market", user: "INS-hy-market-1", role: .inspector))
        #expect(byThemselves.status == .ok)
        let again = try await harness.call("avoidance.declare", declaration, as: Actors.market)
        #expect(again.status == .alreadyExists)
        for inspector in ["INS-hy-market-2", "INS-hy-fire-1"] {
            _ = try await harness.result(
                "avoidance.declare", PlanningMessages.AvoidanceDeclare(inspectorId: inspector, dept: inspector.contains("market") ? "hy-market" : "hy-fire",
                    entityId: ids[0], reason: "曾在该企业任职"), as: Actors.admin, decoding: PlanningMessages.Avoidance.self)
        }
        let planId = try await harness.approvedPlan(.gas(sampling: .init(count: 6)))
        let draw = try await harness.draw(planId)
        let team0 = try #require(draw.assignments.first { $0.entityId == ids[0] }).inspectors.map(\.id)
        #expect(Set(team0) == ["INS-hy-fire-2", "INS-hy-fire-9"], "only the two without a conflict remain")
        let team1 = try #require(draw.assignments.first { $0.entityId == ids[1] }).inspectors.map(\.id)
        #expect(!team1.contains("INS-hy-fire-9"))
        #expect(draw.conflicts.contains(.init(inspectorId: "INS-hy-fire-9", entityId: ids[1])))
        let listed = try await harness.result("avoidance.list", PlanningMessages.AvoidanceFilter(entityId: ids[0]), as: Actors.auditor,
            decoding: PlanningMessages.AvoidanceList.self)
        #expect(listed.avoidances.count == 3)
    }

    @Test func badDrawsAreRefusedAndStoreNothing() async throws {
        var fixture = Fixture(entities: Fixture.ids(5))
        fixture.catalog.add(CatalogItem(code: "HY-2025-08", status: "published", published: true, leadDept: "hy-market"))
        let harness = try fixture.harness()
        let unknown = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: "P2025-0404", seeds: [[1]]), as: Actors.market)
        #expect(unknown.status == .notFound)
        let emptyPlan = try await harness.approvedPlan(.gas(items: ["HY-2025-08"]))
        let empty = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: emptyPlan, seeds: [[1]]), as: Actors.market)
        #expect(empty.status == .failedPrecondition)
        #expect(empty.error?.message.contains("empty") == true)
        let bigPlan = try await harness.approvedPlan(.gas(sampling: .init(count: 50)))
        let tooMany = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: bigPlan, seeds: [[1]]), as: Actors.market)
        #expect(tooMany.status == .invalidArgument)
        let notInts = try await harness.call("draws.run", ["planId": .string(bigPlan), "seeds": [["7a"]]] as JSONValue, as: Actors.market)
        #expect(notInts.status == .invalidArgument)
        let draft = try await harness.result("plans.create", PlanningMessages.PlanDraft.gas(), as: Actors.market, decoding: PlanningMessages.Plan.self)
        let notApproved = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: draft.planId, seeds: [[1]]), as: Actors.market)
        #expect(notApproved.status == .failedPrecondition)
        let okPlan = try await harness.approvedPlan(.gas(sampling: .init(count: 2)))
        let anonymous = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: okPlan, seeds: [[1]]))
        #expect(anonymous.status == .unauthenticated)
        let otherDept = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: okPlan, seeds: [[1]]), as: Actors.health)
        #expect(otherDept.status == .permissionDenied)
        let draws = try await harness.result("draws.list", PlanningMessages.DrawFilter(), as: Actors.admin, decoding: PlanningMessages.DrawList.self)
        #expect(draws.draws.isEmpty)
        #expect(try await harness.events(topic: "planning.draw.completed").isEmpty)
    }

    @Test func aPlanIsDrawnOnceAndARetriedRequestGetsTheFirstReply() async throws {
        let harness = try Fixture().harness()
        let planId = try await harness.approvedPlan(.gas())
        let request = PlanningMessages.DrawRun(planId: planId, seeds: [[20250401], [8, 1]])
        let first = try await harness.result("draws.run", request, as: Actors.market, decoding: PlanningMessages.Draw.self, id: "req-1")
        let retried = try await harness.result("draws.run", request, as: Actors.market, decoding: PlanningMessages.Draw.self, id: "req-1")
        #expect(first == retried)
        let redraw = try await harness.call("draws.run", PlanningMessages.DrawRun(planId: planId, seeds: [[99]]), as: Actors.market)
        #expect(redraw.status == .alreadyExists)
    }

    @Test func verifyRecomputesTheDrawAndDetectsATamperedRecord() async throws {
        for method in PlanningMessages.DrawMethod.allCases {
            let ids = Fixture.ids(30)
            var fixture = Fixture(entities: ids)
            for (index, id) in ids.enumerated() { fixture.credit.gradeOf[id] = ["A", "B", "C"][index % 3] }
            fixture.credit.table = GradeTable(ratios: ["A": 0.1, "B": 0.3, "C": 0.5])
            let harness = try fixture.harness()
            let planId = try await harness.approvedPlan(.gas(sampling: .init(ratio: 0.2)))
            let draw = try await harness.draw(planId, method: method)
            let clean = try await harness.result("draws.verify", PlanningMessages.DrawRef(drawId: draw.drawId), decoding: PlanningMessages.DrawVerification.self)
            #expect(clean.matches, "\(clean.checks)")

            // Someone swaps the first pick for an entity that was not drawn, straight in SQLite.
            let outsider = try #require(ids.first { !draw.selected.contains($0) })
            var forged = draw.selected
            forged[0] = outsider
            let forgedJSON = String(decoding: try Wire.encode(forged), as: UTF8.self)
            try await harness.database.writer.write { db in
                try db.execute(sql: "UPDATE draws SET selected = ? WHERE id = ?", arguments: [forgedJSON, draw.drawId])
            }
            let tampered = try await harness.result("draws.verify", PlanningMessages.DrawRef(drawId: draw.drawId), decoding: PlanningMessages.DrawVerification.self)
            #expect(!tampered.matches)
            #expect(tampered.checks.first { $0.check == "selection" }?.ok == false)
            #expect(tampered.checks.first { $0.check == "key" }?.ok == true)

            // And a pool row changed is caught by the digest.
            try await harness.database.writer.write { db in
                try db.execute(sql: "UPDATE draws SET selected = ? WHERE id = ?", arguments: [String(decoding: try Wire.encode(draw.selected), as: UTF8.self), draw.drawId])
                try db.execute(sql: "UPDATE draw_pool SET entity_id = entity_id || 'Z' WHERE draw_id = ? AND position = 0", arguments: [draw.drawId])
            }
            let poolTampered = try await harness.result("draws.verify", PlanningMessages.DrawRef(drawId: draw.drawId), decoding: PlanningMessages.DrawVerification.self)
            #expect(poolTampered.checks.first { $0.check == "poolDigest" }?.ok == false)
        }
    }
}
