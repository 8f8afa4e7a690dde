import Foundation
import GRDB
import Messages

/// Schedules a drafted task exactly once per source reference, applying mutual recognition, with its audit entry.
enum TaskScheduling {
    typealias M = InspectionMessages

    /// What scheduling did.
    enum Outcome: Sendable {
        case created(taskId: String, status: M.TaskStatus)
        /// The source reference was scheduled before; nothing changed.
        case duplicate(taskId: String)
    }

    /// How recognised items are treated.
    enum RecognisedItems: Sendable {
        /// Refuse the whole request (`tasks.create`): FAILED_PRECONDITION naming the recognised result.
        case refuse
        /// Leave them out (events, which cannot be refused); a task with nothing left is created cancelled.
        case skip
        /// Check them anyway (risk-driven sources, re-checks).
        case ignore
    }

    static func schedule(
        _ db: Database, _ draft: TaskDraft, by actor: Actor, at now: Date, recognitionDays: Int, recognised: RecognisedItems
    ) throws -> Outcome {
        if let existing = try TaskStore.existing(db, source: draft.source, sourceRef: draft.sourceRef) {
            return .duplicate(taskId: existing)
        }
        var draft = draft
        if recognised != .ignore {
            for index in draft.items.indices {
                guard let hit = try Recognition.find(db, uscc: draft.uscc, item: draft.items[index].code, now: now, days: recognitionDays) else {
                    continue
                }
                if recognised == .refuse {
                    throw InspectionError.failedPrecondition(
                        "item \(draft.items[index].code) of \(draft.uscc) is already checked: result \(hit.resultId) "
                            + "(\(hit.outcome.rawValue), published by \(hit.dept) at \(hit.publishedAt)) is recognised by every department "
                            + "until \(hit.validUntil) (互认); leave the item out of the task",
                        details: ["resultId": .string(hit.resultId), "item": .string(draft.items[index].code), "validUntil": .string(hit.validUntil)])
                }
                draft.items[index].recognisedResultId = hit.resultId
            }
        }
        let at = Wire.timestamp(now)
        let recognisedAll = draft.items.allSatisfy { $0.recognisedResultId != nil }
        let status: M.TaskStatus = recognisedAll ? .cancelled : .scheduled
        let reason = recognisedAll ? "every item is covered by a recognised published result (互认): nothing left to check" : nil
        try TaskStore.insert(db, draft, status: status, at: at, by: actor, cancelReason: reason)
        try AuditLog.append(
            db, at: at, taskId: draft.id, action: .create, subject: draft.id, actor: actor, encoding: CreateDetail(draft))
        if let reason {
            try AuditLog.append(db, at: at, taskId: draft.id, action: .cancel, subject: draft.id, actor: actor, detail: ["reason": .string(reason)])
        }
        return .created(taskId: draft.id, status: status)
    }

    /// What the audit trail keeps of a new task.
    struct CreateDetail: Encodable {
        var source: String
        var sourceRef: String?
        var uscc: String
        var leadDept: String?
        var depts: [String]
        var items: [ItemDetail]
        var inspectors: [M.InspectorRef]
        var window: M.Window

        struct ItemDetail: Encodable {
            var code: String
            var dept: String?
            var leadDept: String?
            var recognisedResultId: String?
        }

        init(_ draft: TaskDraft) {
            source = draft.source.rawValue
            sourceRef = draft.sourceRef
            uscc = draft.uscc
            leadDept = draft.leadDept
            depts = draft.depts
            items = draft.items.map { ItemDetail(code: $0.code, dept: $0.dept, leadDept: $0.leadDept, recognisedResultId: $0.recognisedResultId) }
            inspectors = draft.inspectors
            window = draft.window
        }
    }
}
