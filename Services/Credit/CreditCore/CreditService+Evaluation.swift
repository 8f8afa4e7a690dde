import GRDB
import Messages
import ServiceRunner
import Store

extension CreditService {
    func registerEvaluationRoutes(_ router: inout MethodRouter) {
        router.register(
            "evaluation.run", summary: "Re-evaluate every entity's score and grade now, in one transaction; publishes each grade change. Admin or service.",
            mutating: true
        ) { (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.adminOrService(context)
            let traceId = context.traceId
            let run = try await mutate(context) { db, outbox in try evaluateAll(db, outbox, trigger: "request", traceId: traceId) }
            await checkpoint()
            return run
        }

        router.register(
            "evaluation.runIfDue",
            summary: "The periodic re-evaluation (quarterly by default): runs only if the current period has no run yet; returns it or null. Admin or service.",
            mutating: true
        ) { (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.adminOrService(context)
            return ScheduledRun(run: try await runScheduledEvaluationIfDue(traceId: context.traceId))
        }

        router.register("evaluation.status", summary: "The last whole-population evaluation and when the periodic one (quarterly by default) is next due.") {
            (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.caller(context)
            let today = calendar.today
            return try await database.read { db in
                let schedule = EvaluationSchedule(periodMonths: try CreditSettings.load(db).evaluationPeriodMonths)
                let last = try Evaluator.lastRun(db)
                return M.EvaluationStatus(
                    lastRun: last?.run, periodMonths: schedule.periodMonths, nextDueOn: schedule.nextDue(lastRunOn: last?.startedOn, today: today),
                    due: schedule.isDue(lastRunOn: last?.startedOn, today: today))
            }
        }
    }

    /// Rescores everyone, re-checks the whitelist and logs the run; one transaction (the caller's).
    func evaluateAll(_ db: Database, _ outbox: Outbox, trigger: String, traceId: String?) throws -> M.EvaluationRun {
        let clock = ContinuousClock()
        let started = clock.now
        let today = calendar.today
        let timestamp = calendar.timestamp
        let settings = try CreditSettings.load(db)
        let outcome = try Evaluator.evaluate(db, scope: .all, today: today, at: timestamp, traceId: traceId)
        try WhitelistPolicy.revalidate(db, usccs: nil, settings: settings, today: today, at: timestamp, outbox: outbox)
        let elapsed = clock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return try Evaluator.log(db, trigger: trigger, startedAt: timestamp, startedOn: today, outcome: outcome, durationMs: milliseconds)
    }

    /// The scheduled re-evaluation: runs (and returns the run) only if the current period has none yet.
    public func runScheduledEvaluationIfDue(traceId: String? = nil) async throws -> CreditMessages.EvaluationRun? {
        let today = calendar.today
        let run = try await database.write { db, outbox -> M.EvaluationRun? in
            let schedule = EvaluationSchedule(periodMonths: try CreditSettings.load(db).evaluationPeriodMonths)
            guard schedule.isDue(lastRunOn: try Evaluator.lastRun(db)?.startedOn, today: today) else { return nil }
            return try evaluateAll(db, outbox, trigger: "schedule", traceId: traceId)
        }
        if run != nil { await checkpoint() }
        return run
    }

    /// After a whole-population evaluation the WAL holds most of the scores table; copying it back (and truncating
    /// the WAL) at once lets lookups read the database file directly (measured: store lookups ≈ 1.7× faster).
    /// Best effort: if readers keep it from completing, SQLite's automatic checkpoints finish the job later.
    func checkpoint() async {
        do {
            try await database.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            logger.notice("WAL checkpoint after evaluation did not complete", metadata: ["jg.error": "\(error)"])
        }
    }
}

/// The reply of `evaluation.runIfDue`: the run, or null when the current period already has one.
struct ScheduledRun: Codable, Sendable {
    var run: CreditMessages.EvaluationRun?
}
