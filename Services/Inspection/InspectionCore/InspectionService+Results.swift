import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension InspectionService {
    func registerResultRoutes(_ router: inout MethodRouter) {
        let configuration = configuration

        router.register(
            "results.record",
            summary:
                "Record one item's result (assigned inspector, item of their own department; 谁检查、谁录入). Recording again replaces it until submit.",
            mutating: true,
            params: [
                .init("taskId", "string", required: true), .init("item", "string", required: true),
                .init("outcome", "string", required: true, M.Outcome.allCases.map(\.rawValue).joined(separator: " | ")),
                .init("findings", "string", "what was found (required for failed and orderedToCorrect)"),
                .init("deadline", "date", "correction due day (orderedToCorrect only)"), .init("evidence", elementsOf: M.Evidence(sha256: ""), "attached files' digests"),
                .init("signedBy", "array", "inspector ids signing (the recorder always signs)"), .init("internalNotes", "string", "never published"),
            ]
        ) { (params: M.ResultRecord, context) in
            let actor = try AccessPolicy.caller(context)
            guard actor.role == .inspector, let inspector = actor.user, !inspector.isEmpty, let dept = actor.dept, !dept.isEmpty else {
                throw InspectionError.permissionDenied(
                    "results are recorded by the inspectors assigned to the task (谁检查、谁录入); \(AccessPolicy.describe(actor)) may not record")
            }
            let now = Date()
            let content = try ResultRules.validate(
                outcome: params.outcome, deadline: params.deadline, findings: params.findings, internalNotes: params.internalNotes,
                evidence: params.evidence, today: InspectionCalendar.day(of: now))
            return try await mutate(context) { db, _ in
                try Recording.record(db, params: params, content: content, inspector: inspector, dept: dept, actor: actor, now: now)
            }
        }

        router.register(
            "results.list", summary: "Every result of a task, corrections included (internal view).",
            params: [.init("taskId", "string", required: true)]
        ) { (params: M.TaskRef, context) in
            let actor = try AccessPolicy.caller(context)
            return try await database.read { db in
                try AccessPolicy.requireRead(db, actor, taskId: params.taskId)
                return M.ResultList(results: try ResultStore.forTask(db, taskId: params.taskId))
            }
        }

        router.register(
            "results.publish",
            summary: "Publish (公示) a submitted task's results of one department (operators: their own); closes the task when all are published.",
            mutating: true, params: [.init("taskId", "string", required: true), .init("dept", "string", "inspecting department")]
        ) { (params: M.ResultPublish, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .operator])
            let dept =
                actor.role == .admin
                ? params.dept.flatMap { $0.isEmpty ? nil : $0 } : try AccessPolicy.department(of: actor, requested: params.dept, field: "params.dept")
            let mutation = try await mutate(context) { db, outbox -> M.Publication in
                let task = try TaskStore.record(db, id: params.taskId)
                if let dept, !(try TaskStore.depts(db, id: task.id).contains(dept)) {
                    throw InspectionError.permissionDenied(
                        "department \(dept) does not take part in task \(task.id), so it has no results there to publish")
                }
                try TaskLifecycle.check(.publish, taskId: task.id, status: task.status)
                let results = try ResultStore.unpublished(db, taskId: task.id, dept: dept)
                guard !results.isEmpty else {
                    throw InspectionError.failedPrecondition(
                        "task \(task.id) has no unpublished results\(dept.map { " of \($0)" } ?? ""); nothing to publish")
                }
                return try Publication.publish(db, outbox, task: task, results: results, by: actor, now: Date(), configuration: configuration)
            }
            await flushReferrals()
            return mutation
        }

        router.register(
            "results.correct",
            summary: "Correct a published result with a new, linked, published correction record (the publishing department or admin).",
            mutating: true,
            params: [
                .init("resultId", "string", required: true), .init("outcome", "string", required: true), .init("findings", "string"),
                .init("deadline", "date"), .init("evidence", "array"), .init("internalNotes", "string"), .init("reason", "string", required: true),
            ]
        ) { (params: M.ResultCorrect, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .operator])
            let reason = params.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw InspectionError.missing("params.reason") }
            let now = Date()
            let content = try ResultRules.validate(
                outcome: params.outcome, deadline: params.deadline, findings: params.findings, internalNotes: params.internalNotes,
                evidence: params.evidence, today: InspectionCalendar.day(of: now))
            let mutation = try await mutate(context) { db, outbox in
                try Recording.correct(
                    db, outbox, resultId: params.resultId, content: content, reason: reason, actor: actor, now: now, configuration: configuration)
            }
            await flushReferrals()
            return mutation
        }
    }
}

/// Writing results: a recording by an inspector, and a correction of a published result.
enum Recording {
    typealias M = InspectionMessages

    static func record(
        _ db: Database, params: M.ResultRecord, content: ResultRules.Content, inspector: String, dept: String, actor: Actor, now: Date
    ) throws -> M.Result {
        let task = try TaskStore.record(db, id: params.taskId)
        guard let assigned = try TaskStore.activeInspector(db, taskId: task.id, inspector: inspector), assigned.dept == dept else {
            throw InspectionError.permissionDenied(
                "inspector \(inspector) of \(dept) is not assigned to task \(task.id); only its assigned inspectors record results")
        }
        try TaskLifecycle.check(.record, taskId: task.id, status: task.status)
        guard
            let item = try Row.fetchOneCached(
                db, sql: "SELECT dept, lead_dept, recognised_result_id FROM task_items WHERE task_id = ? AND item = ?",
                arguments: [task.id, params.item])
        else {
            let items = try String.fetchAllCached(db, sql: "SELECT item FROM task_items WHERE task_id = ? ORDER BY position", arguments: [task.id])
            throw InspectionError.invalidArgument(
                field: "params.item", "task \(task.id) has no item \(params.item); its items are \(items.joined(separator: ", "))")
        }
        if let recognised = item["recognised_result_id"] as String? {
            throw InspectionError.failedPrecondition(
                "item \(params.item) of task \(task.id) is covered by recognised result \(recognised) (互认) and is not checked again",
                details: ["resultId": .string(recognised)])
        }
        let itemDept: String? = item["dept"]
        if let itemDept, itemDept != dept {
            throw InspectionError.permissionDenied(
                "item \(params.item) of task \(task.id) is checked by \(itemDept); an inspector of \(dept) records only items of \(dept)")
        }
        var signers = [inspector]
        for (index, signer) in (params.signedBy ?? []).enumerated() where !signers.contains(signer) {
            guard try TaskStore.activeInspector(db, taskId: task.id, inspector: signer) != nil else {
                throw InspectionError.invalidArgument(
                    field: "params.signedBy[\(index)]", "\(signer) is not an inspector of task \(task.id); only its assigned inspectors sign")
            }
            signers.append(signer)
        }
        let existing = try ResultStore.current(db, taskId: task.id, item: params.item)
        let at = Wire.timestamp(now)
        let draft = try ResultStore.Draft(
            id: existing?.id ?? "result-" + TimeOrderedID.make(), taskId: task.id, uscc: task.uscc, item: params.item,
            dept: itemDept ?? dept,
            content: content, signedBy: signers, recordedBy: inspector, recordedAt: at, year: InspectionCalendar.year(of: now))
        try ResultStore.save(db, draft)
        var detail: [String: JSONValue] = [
            "item": .string(draft.item), "dept": .string(draft.dept), "outcome": .string(content.outcome.rawValue),
            "signedBy": .array(signers.map(JSONValue.string)), "evidence": .array(content.evidence.map { .string($0.sha256) }),
        ]
        if let deadline = content.deadline { detail["deadline"] = .string(deadline) }
        if existing != nil { detail["replacesEarlierRecord"] = true }
        try AuditLog.append(
            db, at: at, taskId: task.id, action: .record, subject: draft.id, actor: actor, detail: JSONValue.object(detail), digest: draft.digest)
        return try ResultStore.load(db, id: draft.id)
    }

    static func correct(
        _ db: Database, _ outbox: Outbox, resultId: String, content: ResultRules.Content, reason: String, actor: Actor, now: Date,
        configuration: InspectionConfiguration
    ) throws -> M.Correction {
        let original = try ResultStore.load(db, id: resultId)
        if actor.role != .admin, actor.dept != original.dept {
            throw InspectionError.permissionDenied(
                "result \(original.id) was published by \(original.dept); only \(original.dept) or the coordination office may correct it")
        }
        guard original.publishedAt != nil else {
            throw InspectionError.failedPrecondition(
                "result \(original.id) is not published; before publication the inspector records it again with results.record")
        }
        if let later = original.correctedBy {
            throw InspectionError.failedPrecondition(
                "result \(original.id) was already corrected by \(later); correct \(later) instead", details: ["resultId": .string(later)])
        }
        let at = Wire.timestamp(now)
        let by = actor.user ?? actor.dept ?? actor.role.rawValue
        let draft = try ResultStore.Draft(
            id: "result-" + TimeOrderedID.make(), taskId: original.taskId, uscc: original.uscc, item: original.item, dept: original.dept,
            content: content, signedBy: [], recordedBy: by, recordedAt: at, year: original.year, corrects: original.id, correctionReason: reason)
        try ResultStore.save(db, draft, publishedAt: at, publishedBy: by)
        try AuditLog.append(
            db, at: at, taskId: original.taskId, action: .correct, subject: draft.id, actor: actor,
            detail: ["corrects": .string(original.id), "reason": .string(reason), "outcome": .string(content.outcome.rawValue)], digest: draft.digest)
        let corrected = try ResultStore.load(db, id: draft.id)
        try outbox.append(
            topic: "inspection.result.corrected",
            M.ResultCorrected(
                resultId: corrected.id, corrects: original.id, uscc: corrected.uscc, item: corrected.item, dept: corrected.dept,
                outcome: corrected.outcome, reason: reason, publishedAt: at, year: corrected.year))
        var followUps = Publication.FollowUps()
        try Publication.announce(db, outbox, corrected, by: actor, now: now, configuration: configuration, into: &followUps)
        return M.Correction(result: corrected, recheckTaskIds: followUps.recheckTaskIds, referredResultIds: followUps.referredResultIds)
    }
}
