import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `stats.summary`: the dashboard figures (open warnings by level and domain, response times, overdue).
extension WarningService {
    func registerStatsRoutes(_ router: inout MethodRouter) {
        router.register(
            "stats.summary",
            summary: "Open warnings by level and domain, mean time to acknowledge and to close, overdue count (departments: theirs).",
            params: [.init("dept", "string", "only warnings pushed to this department")]
        ) { (params: M.StatsQuery, ctx) in
            let actor = try Permissions.caller(ctx)
            let scope = try Permissions.readScope(actor, method: ctx.method)
            if let scope, let dept = params.dept, dept != scope {
                throw WarningError.permissionDenied("\(Permissions.describe(actor)) sees the figures of \(scope) only")
            }
            let dept = scope ?? params.dept
            let now = clock.now()
            return try await database.read { db in try Self.summary(db, dept: dept, now: now) }
        }
    }

    static func summary(_ db: Database, dept: String?, now: Int64) throws -> M.StatsSummary {
        let scope = dept == nil ? "" : " AND seq IN (SELECT warning_seq FROM warning_depts WHERE dept = ?)"
        let scopeArguments: StatementArguments = dept.map { [$0] } ?? []
        var byLevel: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT level, COUNT(*) FROM warnings WHERE status <> 'closed'\(scope) GROUP BY level", arguments: scopeArguments) {
            byLevel[row[0]] = row[1]
        }
        var byDomain: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT COALESCE(domain, 'unspecified'), COUNT(*) FROM warnings WHERE status <> 'closed'\(scope) GROUP BY 1", arguments: scopeArguments)
        {
            byDomain[row[0]] = row[1]
        }
        let overdue =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM warnings WHERE status IN ('generated', 'pushed') AND ack_due_ms < ?\(scope)",
                arguments: [now] + scopeArguments) ?? 0
        let ack = try Row.fetchOne(
            db, sql: "SELECT AVG(acknowledged_ms - raised_ms), COUNT(*) FROM warnings WHERE acknowledged_ms IS NOT NULL\(scope)", arguments: scopeArguments)
        let close = try Row.fetchOne(
            db, sql: "SELECT AVG(closed_ms - raised_ms), COUNT(*) FROM warnings WHERE closed_ms IS NOT NULL\(scope)", arguments: scopeArguments)
        return M.StatsSummary(
            open: byLevel.values.reduce(0, +), openByLevel: byLevel, openByDomain: byDomain, overdue: overdue,
            meanSecondsToAcknowledge: (ack?[0] as Double?).map { $0 / 1_000 }, meanSecondsToClose: (close?[0] as Double?).map { $0 / 1_000 },
            acknowledged: ack?[1] ?? 0, closed: close?[1] ?? 0, at: Timestamp.format(now))
    }
}
