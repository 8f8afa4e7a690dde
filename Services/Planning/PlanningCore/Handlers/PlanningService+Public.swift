import GRDB
import Messages
import ServiceRunner

/// `public.*` (公示): approved plans and their draws, for anyone without a token.
extension PlanningService {
    func registerPublic(_ router: inout MethodRouter) {
        router.register("public.plans", summary: "Approved plans (no token needed).", params: [.init("year", "integer"), .init("planId", "string")]) {
            (params: PlanningMessages.PublicQuery, _) in
            let today = today
            return try await database.read { db in
                var request = PlanRecord.filter(PlanRecord.Columns.status == PlanningMessages.PlanStatus.approved.rawValue).order(PlanRecord.Columns.id)
                if let year = params.year { request = request.filter(PlanRecord.Columns.year == year) }
                if let planId = params.planId { request = request.filter(PlanRecord.Columns.id == planId) }
                let plans = try request.fetchAll(db).map { $0.message(today: today, drawId: try PlanRecord.drawId(db, planId: $0.id)) }
                return PlanningMessages.PublicPlans(plans: plans)
            }
        }

        router.register(
            "public.draws", summary: "Draw records of approved plans, with their assignments (no token needed).",
            params: [.init("year", "integer"), .init("planId", "string"), .init("drawId", "string", "one draw")]
        ) { (params: PlanningMessages.PublicQuery, _) in
            try await database.read { db in
                var conditions = ["plans.status = 'approved'"]
                var arguments: StatementArguments = []
                if let year = params.year { conditions.append("draws.year = ?"); arguments += [year] }
                if let planId = params.planId { conditions.append("draws.plan_id = ?"); arguments += [planId] }
                if let drawId = params.drawId { conditions.append("draws.id = ?"); arguments += [drawId] }
                let records = try DrawRecord.fetchAll(
                    db, sql: "SELECT draws.* FROM draws JOIN plans ON plans.id = draws.plan_id WHERE \(conditions.joined(separator: " AND ")) ORDER BY draws.id",
                    arguments: arguments)
                return PlanningMessages.PublicDraws(draws: try records.map { try $0.message(db) })
            }
        }
    }
}
