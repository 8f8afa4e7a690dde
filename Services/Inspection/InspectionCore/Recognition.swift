import Foundation
import GRDB
import Messages

/// Mutual recognition (互认): a published result counts for every department on the same item of the same entity
/// for `JG_RECOGNITION_DAYS` after its publication, so routine checks (plans, campaigns) of it are not scheduled
/// again. Risk-driven checks (warnings, clues) and re-checks of a correction order are never blocked (对投诉举报、
/// 转办交办、数据监测等发现的问题可随时检查).
enum Recognition {
    typealias M = InspectionMessages

    /// Outcomes that are a completed check; `cannotContact` and `refused` are not.
    static let countingOutcomes: Set<M.Outcome> = [.noProblem, .orderedToCorrect, .failed, .noRelatedBusiness]

    /// Whether tasks from `source` are refused for recognised items.
    static func applies(to source: M.TaskSource) -> Bool {
        source == .plan || source == .campaign
    }

    /// The newest published, uncorrected result of `item` for `uscc` still recognised at `now`, if any.
    static func find(_ db: Database, uscc: String, item: String, now: Date, days: Int) throws -> M.RecognisedResult? {
        let earliest = Wire.timestamp(now.addingTimeInterval(-Double(days) * 86_400))
        let rows = try Row.fetchAllCached(
            db,
            sql: """
                SELECT r.id, r.task_id, r.dept, r.outcome, r.published_at FROM results r
                WHERE r.uscc = ? AND r.item = ? AND r.published_at IS NOT NULL AND r.published_at >= ?
                  AND NOT EXISTS (SELECT 1 FROM results c WHERE c.corrects = r.id)
                ORDER BY r.published_at DESC, r.id
                """, arguments: [uscc, item, earliest])
        for row in rows {
            guard let outcome = M.Outcome(rawValue: row["outcome"]), countingOutcomes.contains(outcome) else { continue }
            let publishedAt: String = row["published_at"]
            let validUntil = InspectionCalendar.instant(publishedAt).map { Wire.timestamp($0.addingTimeInterval(Double(days) * 86_400)) } ?? ""
            return M.RecognisedResult(
                resultId: row["id"], taskId: row["task_id"], dept: row["dept"], outcome: outcome, publishedAt: publishedAt, validUntil: validUntil)
        }
        return nil
    }
}
