import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

/// Registering and routing a clue, and finding its related clues, reach its rows through indexes: a scan of the clue tables passes on a
/// test database and is linear in every clue ever received in production.
@Suite("Query plans")
struct QueryPlanTests {
    /// The tables and the aliases the service's statements give them.
    static let large: Set<String> = [
        "referral_clues", "c", "referral_reporters", "referral_history", "referral_bounces", "referral_escalations",
        "referral_cases", "idempotency", "outbox",
    ]

    @Test func registeringAClueScansNoLargeTable() async throws {
        let harness = try makeHarness()
        for n in 0..<10 { _ = try await harness.register(sourceRef: "12345-\(n)", uscc: uscc(n % 3), items: ["HY-2025-04"]) }
        let report = try await QueryPlans.scans(of: Self.large, in: harness.database) {
            _ = try await harness.register(sourceRef: "12345-new", uscc: uscc(1), items: ["HY-2025-04", "HY-2025-17"])
            _ = try await harness.register(sourceRef: "12345-new", uscc: uscc(1), items: ["HY-2025-04", "HY-2025-17"])
        }
        #expect(report.statements >= 5)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }

    @Test func relatedCluesComeFromTheEntityIndex() async throws {
        let harness = try makeHarness()
        var ids: [String] = []
        for n in 0..<10 { ids.append(try await harness.register(sourceRef: "12345-\(n)", uscc: uscc(n % 3), items: ["HY-2025-04"]).clue.id) }
        let report = try await QueryPlans.scans(of: Self.large, in: harness.database) {
            let related: M.RelatedClues = try await harness.result("clues.related", M.ClueRef(clueId: ids[4]), as: admin)
            #expect(related.related.count == 2, "clues 1 and 7 are about the same entity as clue 4")
        }
        #expect(report.statements >= 2)
        #expect(report.scans.isEmpty, "\(report.scans)")
    }
}
