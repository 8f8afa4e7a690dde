import Foundation
import InspectionCore
import JGTesting
import Messages
import Testing

/// Over-inspection (多头检查): entities visited too often by all departments together.
@Suite struct OverInspectionWatchTests {
    @Test func anEntityVisitedMoreThanTheThresholdIsListed() async throws {
        let harness = try Fixture.harness()
        // Three separate visits to entity 3 by three departments, one visit to entity 4
        for (dept, item) in [(Fixture.market, Fixture.itemMarket), (Fixture.health, Fixture.itemHealth), (Fixture.ecology, Fixture.itemEcology)] {
            let task = try await Fixture.campaign(harness, uscc: Fixture.entity3, dept: dept, items: [.init(code: item)])
            _ = try await harness.result(
                "tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("\(dept)-a", of: dept), decoding: M.InspectionTask.self)
        }
        let once = try await Fixture.campaign(harness, uscc: Fixture.entity4, dept: Fixture.market, items: [.init(code: Fixture.itemMarket)])
        _ = try await harness.result(
            "tasks.start", M.TaskRef(taskId: once.id), as: Fixture.inspector("hy-market-a", of: Fixture.market), decoding: M.InspectionTask.self)
        // A scheduled task that never started is not a visit
        _ = try await Fixture.campaign(harness, uscc: Fixture.entity3, dept: Fixture.market, items: [.init(code: "HY-2025-09")])

        let year = String(Fixture.day().prefix(4))
        let report = try await harness.result(
            "watch.overInspected", M.OverInspectedQuery(period: .text(year), threshold: 2), as: Fixture.auditor, decoding: M.OverInspected.self)
        #expect(report.entities.map(\.uscc) == [Fixture.entity3])
        #expect(report.entities.first?.visits == 3)
        #expect(report.entities.first?.depts == [Fixture.ecology, Fixture.health, Fixture.market].sorted())
        #expect(report.period == M.Window(start: "\(year)-01-01", end: "\(year)-12-31"))
        let strict = try await harness.result(
            "watch.overInspected", M.OverInspectedQuery(period: .window(.init(start: Fixture.day(-1), end: Fixture.day(1))), threshold: 3),
            as: Fixture.admin, decoding: M.OverInspected.self)
        #expect(strict.entities.isEmpty)
        let bad = try await harness.call("watch.overInspected", M.OverInspectedQuery(period: .text("last week"), threshold: 1), as: Fixture.admin)
        #expect(bad.error?.details?["field"] == "params.period")
    }
}
