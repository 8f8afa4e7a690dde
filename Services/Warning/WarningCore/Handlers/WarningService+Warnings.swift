import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `warnings.*`: the closed loop (ack → verify → handle → feedback → close) by the pushed departments, reads, and the
/// escalation of warnings not acknowledged in time.
extension WarningService {
    func registerWarningRoutes(_ router: inout MethodRouter) {
        let actionParams: [SystemMessages.ParamSpec] = [.init("warningId", "string", required: true), .init("note", "string")]
        let actions: [(WarningLifecycle.Action, String, [SystemMessages.ParamSpec])] = [
            (.ack, "Acknowledge a pushed warning (a pushed department or admin); stops escalation.", actionParams),
            (
                .verify, "Record the verification (核查): finding confirmed|notConfirmed and a note.",
                [.init("warningId", "string", required: true), .init("finding", "string", required: true), .init("note", "string", required: true)]
            ),
            (.handle, "Record the handling (处置): what was done (note).", [.init("warningId", "string", required: true), .init("note", "string", required: true)]),
            (.feedback, "Report back (反馈): the result (note).", [.init("warningId", "string", required: true), .init("note", "string", required: true)]),
            (.close, "Close after feedback (a pushed department), or at any step with a reason (admin).", actionParams),
        ]
        for (action, summary, params) in actions {
            router.register("warnings.\(action.rawValue)", summary: summary, mutating: true, params: params) { (params: M.WarningAction, ctx) in
                try await act(action, params, ctx)
            }
        }

        router.register("warnings.get", summary: "A warning with every step of its loop.", params: [.init("warningId", "string", required: true)]) {
            (params: M.WarningAction, ctx) in
            let actor = try Permissions.caller(ctx)
            let scope = try Permissions.readScope(actor, method: ctx.method)
            let now = clock.now()
            return try await database.read { db in
                let record = try WarningStore.require(db, id: params.warningId)
                if let scope, !record.pushedTo.contains(scope) {
                    throw WarningError.permissionDenied("warning \(record.id) was not pushed to \(scope); departments read the warnings pushed to them")
                }
                return M.WarningDetail(warning: record.message(now: now), steps: try WarningStore.steps(db, seq: record.seq))
            }
        }

        router.register(
            "warnings.list", summary: "Warnings by status, level, entity, site, rule, department or domain, oldest first (departments see theirs).",
            params: [
                .init("status", "string"), .init("open", "boolean"), .init("level", "string"), .init("uscc", "string"), .init("site", "string"),
                .init("ruleId", "string"), .init("dept", "string"), .init("domain", "string"), .init("after", "string"), .init("limit", "integer"),
            ]
        ) { (params: M.WarningFilter, ctx) in
            let actor = try Permissions.caller(ctx)
            let scope = try Permissions.readScope(actor, method: ctx.method)
            let limit = try Self.pageLimit(params.limit)
            let now = clock.now()
            return try await database.read { db in try WarningStore.list(db, params, visibleTo: scope, limit: limit, now: now) }
        }

        router.register(
            "warnings.escalateDue",
            summary: "Escalate every warning not acknowledged by its deadline: one level up and to the coordination office (admin or a service).",
            mutating: true, params: [.init("asOf", "string", "honoured only from the warning service's own watcher")]
        ) { (params: M.EscalateDue, ctx) in
            let actor = try Permissions.caller(ctx)
            guard actor.role == .admin || actor.role == .service else {
                throw WarningError.permissionDenied("warnings.escalateDue is run by the watcher, a scheduler (service) or admin; you are \(Permissions.describe(actor))")
            }
            var now = clock.now()
            if let asOf = params.asOf, actor.role == .service, actor.user == Self.serviceName {
                guard let instant = Timestamp.parse(asOf) else { throw WarningError.invalidField(field: "params.asOf", "must be an ISO-8601 timestamp") }
                now = instant
            }
            let at = now
            return try await mutate(ctx) { db, outbox in
                M.EscalationRun(escalated: try escalateDue(db, outbox, now: at), at: Timestamp.format(at))
            }
        }
    }

    /// One step of the loop by a pushed department (or admin), recorded with who did it and why.
    func act(_ action: WarningLifecycle.Action, _ params: M.WarningAction, _ ctx: RequestContext) async throws -> Mutation<M.Warning> {
        let actor = try Permissions.caller(ctx)
        let note = params.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsNote, note?.isEmpty ?? true {
            throw WarningError.invalidField(field: "params.note", "say what was \(action == .verify ? "found" : action == .handle ? "done" : "reported back")")
        }
        if action == .verify {
            guard let finding = params.finding, WarningLifecycle.findings.contains(finding) else {
                throw WarningError.invalidField(field: "params.finding", "must be confirmed or notConfirmed")
            }
        }
        let now = clock.now()
        let office = configuration.coordinationDept
        return try await mutate(ctx) { db, outbox in
            var record = try WarningStore.require(db, id: params.warningId)
            let dept = try Permissions.requirePushed(actor, pushedTo: record.pushedTo, warningId: record.id, to: action.rawValue, coordinationDept: office)
            let isAdmin = actor.role == .admin
            let next = try WarningLifecycle.next(action, from: record.status, warningId: record.id, byCoordinationOffice: isAdmin)
            if action == .close {
                if record.status != .feedback, note?.isEmpty ?? true {
                    throw WarningError.invalidField(field: "params.note", "closing before feedback needs a reason")
                }
                if !isAdmin, let seq = record.assessmentSeq, let assessment = try AssessmentStore.fetch(db, seq: seq), assessment.status == "open" {
                    throw WarningError.assessmentPending(warningId: record.id, assessmentId: assessment.assessmentId, pending: assessment.pending)
                }
            }
            let from = record.status
            record.status = next
            if action == .ack { record.acknowledgedAt = now }
            if action == .close { record.closedAt = now }
            try db.execute(
                sql: "UPDATE warnings SET status = ?, acknowledged_ms = COALESCE(acknowledged_ms, ?), closed_ms = ? WHERE seq = ?",
                arguments: [next.rawValue, record.acknowledgedAt, record.closedAt, record.seq])
            let stepNote = action == .verify ? "\(params.finding ?? ""): \(note ?? "")" : note
            try WarningStore.addStep(db, seq: record.seq, action: action.rawValue, from: from, to: next, dept: dept, user: actor.user, note: stepNote, at: now)
            if action == .close {
                try outbox.append(
                    topic: "warning.closed",
                    M.WarningClosed(
                        warningId: record.id, ruleId: record.ruleId, ruleVersion: record.ruleVersion, level: record.level, entity: record.entity,
                        uscc: record.uscc, site: record.site, closedBy: dept, reason: note, raisedAt: Timestamp.format(record.raisedAt),
                        closedAt: Timestamp.format(now)))
            }
            return record.message(now: now)
        }
    }

    /// Escalates the warnings overdue at `now`; returns their ids.
    func escalateDue(_ db: Database, _ outbox: Outbox, now: Int64) throws -> [String] {
        var escalated: [String] = []
        while true {
            // Red warnings already with the coordination office cannot go further: left out, so they never crowd a batch.
            let records = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM warnings WHERE status IN ('generated', 'pushed') AND ack_due_ms < ?
                    AND NOT (level = 'red' AND seq IN (SELECT warning_seq FROM warning_depts WHERE dept = ?))
                    ORDER BY ack_due_ms LIMIT 500
                    """,
                arguments: [now, configuration.coordinationDept]
            ).map(WarningRecord.init(row:))
            var progressed = false
            for var record in records {
                guard policy.isOverdue(record, now: now), let (level, pushedTo) = policy.escalate(record) else { continue }
                progressed = true
                let from = record.level
                record.level = level
                record.pushedTo = pushedTo
                record.ackDueAt = policy.acknowledgeBy(level, from: now)
                record.escalations += 1
                try db.execute(
                    sql: "UPDATE warnings SET level = ?, pushed_to = ?, ack_due_ms = ?, escalations = ? WHERE seq = ?",
                    arguments: [level.rawValue, try WarningStore.json(pushedTo), record.ackDueAt, record.escalations, record.seq])
                try WarningStore.setDepts(db, seq: record.seq, pushedTo)
                try WarningStore.addStep(
                    db, seq: record.seq, action: "escalate", from: record.status, to: record.status, dept: nil, user: "warning",
                    note: "not acknowledged in time: \(from.rawValue) → \(level.rawValue), pushed to \(pushedTo.joined(separator: ", "))", at: now)
                try outbox.append(
                    topic: "warning.escalated",
                    M.WarningEscalated(
                        warningId: record.id, ruleId: record.ruleId, ruleVersion: record.ruleVersion, entity: record.entity, uscc: record.uscc,
                        site: record.site, from: from, to: level, pushedTo: pushedTo, escalations: record.escalations, escalatedAt: Timestamp.format(now),
                        ackDueAt: Timestamp.format(record.ackDueAt)))
                if level == .red, record.assessmentSeq == nil {
                    record.assessmentSeq = try AssessmentStore.open(db, warningSeq: record.seq, depts: pushedTo, at: now)
                }
                escalated.append(record.id)
            }
            if records.count < 500 || !progressed { return escalated }
        }
    }
}
