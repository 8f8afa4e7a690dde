import Foundation
import GRDB
import Messages
import Store

/// Publication (公示) of results and what follows from each published result: the `inspection.result.published`
/// event, a re-check task for an ordered-to-correct result, and for a failed one `inspection.violation.found` plus a
/// queued clue when the item is led by another department.
enum Publication {
    typealias M = InspectionMessages

    /// What follow-ups one published result caused.
    struct FollowUps: Sendable {
        var recheckTaskIds: [String] = []
        var referredResultIds: [String] = []
    }

    /// Publishes the given results of `task` at `now`, then closes the task if nothing is left unpublished.
    static func publish(
        _ db: Database, _ outbox: Outbox, task: TaskRecord, results: [M.Result], by actor: Actor, now: Date, configuration: InspectionConfiguration
    ) throws -> M.Publication {
        let at = Wire.timestamp(now)
        var followUps = FollowUps()
        for result in results {
            try ResultStore.markPublished(db, id: result.id, at: at, by: actor.user ?? actor.dept ?? actor.role.rawValue)
            try AuditLog.append(
                db, at: at, taskId: task.id, action: .publish, subject: result.id, actor: actor,
                detail: ["item": .string(result.item), "dept": .string(result.dept), "outcome": .string(result.outcome.rawValue)])
            var published = result
            published.publishedAt = at
            try announce(db, outbox, published, by: actor, now: now, configuration: configuration, into: &followUps)
        }
        let remaining =
            try Int.fetchOneCached(db, sql: "SELECT COUNT(*) FROM results WHERE task_id = ? AND published_at IS NULL", arguments: [task.id]) ?? 0
        let status: M.TaskStatus = remaining == 0 ? .closed : .published
        if status == .closed {
            try close(db, outbox, task: task, by: actor, at: at)
        } else {
            try TaskStore.setStatus(db, id: task.id, .published, at: at)
        }
        return M.Publication(
            taskId: task.id, status: status, published: results.map(\.id), recheckTaskIds: followUps.recheckTaskIds,
            referredResultIds: followUps.referredResultIds)
    }

    /// The events and follow-ups of one result that has just been published (an original or a correction).
    static func announce(
        _ db: Database, _ outbox: Outbox, _ result: M.Result, by actor: Actor, now: Date, configuration: InspectionConfiguration,
        into followUps: inout FollowUps
    ) throws {
        let publishedAt = result.publishedAt ?? Wire.timestamp(now)
        try outbox.append(
            topic: "inspection.result.published",
            M.ResultPublished(
                uscc: result.uscc, item: result.item, dept: result.dept, outcome: result.outcome, resultId: result.id, taskId: result.taskId,
                publishedAt: publishedAt, year: result.year))
        let leadDept =
            try String.fetchOneCached(
                db, sql: "SELECT lead_dept FROM task_items WHERE task_id = ? AND item = ?", arguments: [result.taskId, result.item]) ?? result.dept
        switch result.outcome {
        case .orderedToCorrect:
            let signers = try Row.fetchAllCached(
                db,
                sql: "SELECT inspector_id, dept FROM task_inspectors WHERE task_id = ? AND active = 1 AND dept = ? ORDER BY position",
                arguments: [result.taskId, result.dept]
            ).map { M.InspectorRef(id: $0["inspector_id"], dept: $0["dept"]) }
            let signed = signers.filter { result.signedBy.contains($0.id) }
            let draft = try TaskIntake.recheck(
                of: result, leadDept: leadDept, inspectors: signed.isEmpty ? signers : signed, windowDays: configuration.recheckWindowDays)
            if case .created(let id, _) = try TaskScheduling.schedule(
                db, draft, by: actor, at: now, recognitionDays: configuration.recognitionDays, recognised: .ignore)
            {
                followUps.recheckTaskIds.append(id)
            }
        case .failed:
            try outbox.append(
                topic: "inspection.violation.found",
                M.ViolationFound(
                    resultId: result.id, taskId: result.taskId, uscc: result.uscc, item: result.item, dept: result.dept, leadDept: leadDept,
                    findings: result.findings, publishedAt: publishedAt, year: result.year))
            if leadDept != result.dept {
                try ReferralQueue.enqueue(db, result: result, targetDept: leadDept, at: publishedAt)
                followUps.referredResultIds.append(result.id)
            }
        case .noProblem, .noRelatedBusiness, .cannotContact, .refused:
            break
        }
    }

    /// Closes a task whose results are all published.
    static func close(_ db: Database, _ outbox: Outbox, task: TaskRecord, by actor: Actor, at: String) throws {
        try TaskStore.setStatus(db, id: task.id, .closed, stamp: "closed_at", at: at)
        try AuditLog.append(db, at: at, taskId: task.id, action: .close, subject: task.id, actor: actor, detail: ["status": "closed"])
        try outbox.append(topic: "inspection.task.closed", try closedEvent(db, task: task, status: .closed, reason: nil, at: at))
    }

    static func closedEvent(_ db: Database, task: TaskRecord, status: M.TaskStatus, reason: String?, at: String) throws -> M.TaskClosed {
        M.TaskClosed(
            taskId: task.id, uscc: task.uscc, status: status, source: task.source, sourceRef: task.sourceRef,
            items: try String.fetchAllCached(db, sql: "SELECT item FROM task_items WHERE task_id = ? ORDER BY position", arguments: [task.id]),
            depts: try TaskStore.depts(db, id: task.id),
            resultIds: try String.fetchAllCached(db, sql: "SELECT id FROM results WHERE task_id = ? ORDER BY rowid", arguments: [task.id]), reason: reason,
            closedAt: at)
    }
}
