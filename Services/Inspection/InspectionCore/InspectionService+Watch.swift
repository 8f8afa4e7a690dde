import Foundation
import Messages
import ServiceRunner

extension InspectionService {
    func registerWatchRoutes(_ router: inout MethodRouter) {
        router.register(
            "watch.overInspected", summary: "Entities visited more than `threshold` times in `period` by all departments together (多头检查).",
            params: [
                .init("period", required: true, fieldsOf: M.Window(start: "", end: ""), "YYYY-MM-DD, or \"YYYY\", or \"YYYY-MM\""),
                .init("threshold", "integer", required: true, "visits allowed; entities above it are listed"),
            ]
        ) { (params: M.OverInspectedQuery, context) in
            _ = try AccessPolicy.caller(context, roles: [.admin, .auditor, .operator])
            guard params.threshold >= 0 else {
                throw InspectionError.invalidArgument(field: "params.threshold", "params.threshold must be 0 or more, got \(params.threshold)")
            }
            let window = try OverInspectionWatch.period(params.period)
            return try await database.read { db in try OverInspectionWatch.report(db, window: window, threshold: params.threshold) }
        }

        router.register(
            "referrals.list", summary: "Clues for other departments from failed results, with delivery state (pending, sent).",
            params: [.init("status", "string", "pending | sent")]
        ) { (params: M.ReferralListQuery, context) in
            _ = try AccessPolicy.caller(context, roles: [.admin, .auditor, .service])
            return M.ReferralList(referrals: try await database.read { db in try ReferralQueue.list(db, status: params.status) })
        }

        router.register(
            "referrals.flush", summary: "Hand every pending clue to referral now (also done after each publication).", mutating: true
        ) { (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.caller(context, roles: [.admin, .service])
            return try await referrals.flush()
        }
    }
}
