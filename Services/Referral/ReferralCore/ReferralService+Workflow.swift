import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension ReferralService {
    func registerWorkflowRoutes(_ router: inout MethodRouter) {
        let clueId = SystemMessages.ParamSpec("clueId", "string", required: true)

        router.register(
            "clues.assign", summary: "Assign (分办) a clue not yet accepted to a department; the coordination office only.", mutating: true,
            params: [clueId, .init("dept", "string", required: true), .init("reason", "string")]
        ) { (params: M.ClueHandOver, context) in
            let actor = try access.coordination(context)
            let dept = try Validation.text(params.dept, field: "params.dept", max: 100)
            return try await change(context, clueId: params.clueId) { clue, now, db, outbox in
                try ClueWorkflow.check(.assign, clueId: clue.id, status: clue.status)
                guard clue.assignedDept != dept || clue.status == .registered else {
                    throw ReferralError.failedPrecondition("clue \(clue.id) is already assigned to \(dept)")
                }
                let reason = "assigned by the coordination office" + (params.reason.map { ": \($0)" } ?? "")
                let routing = M.Routing(mode: .manual, dept: dept, items: clue.routedItems, cooperatingDepts: clue.cooperatingDepts, reason: reason)
                try assign(&clue, routing, action: "assign", actor: actor, note: reason, at: now, db, outbox)
            }
        }

        router.register(
            "clues.accept", summary: "Sign off (签收) a clue as its assigned department; starts the conclusion deadline.", mutating: true,
            params: [clueId, .init("note", "string")]
        ) { (params: M.ClueRef, context) in
            let actor = try access.caller(context)
            return try await change(context, clueId: params.clueId) { clue, now, db, _ in
                try access.handler(actor, of: clue, method: context.method)
                try ClueWorkflow.check(.accept, clueId: clue.id, status: clue.status)
                try step(&clue, .accept, to: .accepted, actor: actor, note: params.note, at: now, db)
                clue.acceptedAt = ReferralClock.format(now)
                setDeadline(&clue, .conclusion, from: now)
            }
        }

        router.register(
            "clues.return",
            summary: "Return (退回) a clue that is not the department's to handle, with the reason; it is re-routed, and a second return opens a jurisdiction dispute.",
            mutating: true, params: [clueId, .init("reason", "string", required: true)]
        ) { (params: M.ClueReturn, context) in
            let actor = try access.caller(context)
            let reason = try Validation.text(params.reason, field: "params.reason")
            // Re-routing asks the catalog: before the transaction.
            guard let current = try await database.read({ db in try ClueStore.fetch(db, id: params.clueId) }) else {
                throw ReferralError.clueNotFound(params.clueId)
            }
            let lookup = try await lookup(items: current.items, domain: current.domain)
            return try await change(context, clueId: params.clueId) { clue, now, db, outbox in
                try returnClue(&clue, reason: reason, lookup: lookup, actor: actor, method: context.method, now: now, db, outbox)
            }
        }

        router.register(
            "clues.transfer", summary: "Transfer (转办) an open clue to another department, with the reason; the assigned department or the coordination office.",
            mutating: true, params: [clueId, .init("dept", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.ClueHandOver, context) in
            let actor = try access.caller(context)
            let dept = try Validation.text(params.dept, field: "params.dept", max: 100)
            let reason = try Validation.text(params.reason, field: "params.reason")
            return try await change(context, clueId: params.clueId) { clue, now, db, outbox in
                if !access.isCoordination(actor) { try access.handler(actor, of: clue, method: context.method) }
                try ClueWorkflow.check(.transfer, clueId: clue.id, status: clue.status)
                let from = clue.assignedDept ?? configuration.coordinationDept
                guard dept != from else { throw ReferralError.failedPrecondition("clue \(clue.id) is already with \(dept)") }
                clue.transfers += 1
                try ClueStore.addBounce(db, clueId: clue.id, kind: "transfer", from: from, to: dept, reason: reason, at: ReferralClock.format(now))
                let routing = M.Routing(
                    mode: .manual, dept: dept, items: clue.routedItems, cooperatingDepts: clue.cooperatingDepts, reason: "transferred by \(from): \(reason)")
                try assign(&clue, routing, action: "transfer", actor: actor, note: reason, at: now, db, outbox)
            }
        }

        router.register(
            "clues.investigate", summary: "Start investigating (核查) an accepted clue, as its assigned department.", mutating: true,
            params: [clueId, .init("note", "string")]
        ) { (params: M.ClueRef, context) in
            let actor = try access.caller(context)
            return try await change(context, clueId: params.clueId) { clue, now, db, _ in
                try access.handler(actor, of: clue, method: context.method)
                try ClueWorkflow.check(.investigate, clueId: clue.id, status: clue.status)
                try step(&clue, .investigate, to: .investigating, actor: actor, note: params.note, at: now, db)
            }
        }

        router.register(
            "clues.conclude",
            summary: "Conclude a clue: substantiated, notSubstantiated or transferred, with a summary; publishes referral.clue.concluded.",
            mutating: true,
            params: [
                clueId, .init("finding", "string", required: true, "substantiated | notSubstantiated | transferred"),
                .init("summary", "string", required: true, "what was found; published with the credit record when substantiated"),
                .init("severity", "string", "minor | moderate | serious (substantiated findings)"),
            ]
        ) { (params: M.ClueConclude, context) in
            let actor = try access.caller(context)
            let summary = try Validation.text(params.summary, field: "params.summary")
            return try await change(context, clueId: params.clueId) { clue, now, db, outbox in
                try access.handler(actor, of: clue, method: context.method)
                try ClueWorkflow.check(.conclude, clueId: clue.id, status: clue.status)
                try step(&clue, .conclude, to: .concluded, actor: actor, note: "\(params.finding.rawValue): \(summary)", at: now, db)
                let timestamp = ReferralClock.format(now)
                clue.concludedAt = timestamp
                clue.finding = params.finding
                clue.severity = params.finding == .substantiated ? params.severity : nil
                clue.conclusion = summary
                setDeadline(&clue, .feedback, from: now)
                try outbox.append(
                    topic: "referral.clue.concluded",
                    M.ClueConcluded(
                        clueId: clue.id, dept: clue.assignedDept ?? configuration.coordinationDept, finding: params.finding, uscc: clue.uscc,
                        concludedAt: timestamp, domain: clue.domain, severity: clue.severity, summary: summary))
            }
        }

        router.register(
            "clues.feedback", summary: "Record the feedback given to the clue's source (反馈); the assigned department or the coordination office.",
            mutating: true, params: [clueId, .init("text", "string", required: true, "what the source was told")]
        ) { (params: M.ClueText, context) in
            let actor = try access.caller(context)
            let text = try Validation.text(params.text, field: "params.text")
            return try await change(context, clueId: params.clueId) { clue, now, db, _ in
                if !access.isCoordination(actor) { try access.handler(actor, of: clue, method: context.method) }
                try ClueWorkflow.check(.feedback, clueId: clue.id, status: clue.status)
                try step(&clue, .feedback, to: .feedbackGiven, actor: actor, note: text, at: now, db)
                clue.feedbackAt = ReferralClock.format(now)
                clue.feedback = text
                setDeadline(&clue, nil, from: now)
            }
        }

        router.register(
            "clues.close",
            summary: "Close a clue after feedback (assigned department or coordination office); the coordination office may close any open clue with a reason.",
            mutating: true, params: [clueId, .init("text", "string", "the reason (required when closing before feedback)")]
        ) { (params: M.ClueText, context) in
            let actor = try access.caller(context)
            return try await change(context, clueId: params.clueId) { clue, now, db, _ in
                let office = access.isCoordination(actor)
                if clue.status == .feedbackGiven {
                    if !office { try access.handler(actor, of: clue, method: context.method) }
                } else {
                    guard office else {
                        throw ReferralError.failedPrecondition(
                            "clue \(clue.id) is \(clue.status.rawValue); its department closes it after feedback, only the coordination office earlier")
                    }
                    try ClueWorkflow.check(.close, clueId: clue.id, status: clue.status, allowed: ClueWorkflow.openStatuses)
                    _ = try Validation.text(params.text, field: "params.text")
                }
                try step(&clue, .close, to: .closed, actor: actor, note: params.text, at: now, db)
                clue.closedAt = ReferralClock.format(now)
                clue.closeReason = params.text
                setDeadline(&clue, nil, from: now)
            }
        }
    }

    /// A plain status change with its history row.
    func step(
        _ clue: inout ClueRecord, _ action: ClueWorkflow.Action, to status: M.ClueStatus, actor: Actor, note: String?, at now: Date, _ db: Database
    ) throws {
        try ClueStore.addHistory(
            db, clueId: clue.id, action: action.rawValue, from: clue.status, to: status, dept: clue.assignedDept, actor: actor, note: note,
            at: ReferralClock.format(now))
        clue.status = status
    }

    /// A return: counted; re-routed past every department that returned it, or — at the second return — a
    /// jurisdiction dispute with the coordination office.
    func returnClue(
        _ clue: inout ClueRecord, reason: String, lookup: Router.Lookup, actor: Actor, method: String, now: Date, _ db: Database, _ outbox: Outbox
    ) throws {
        try access.handler(actor, of: clue, method: method)
        try ClueWorkflow.check(.return, clueId: clue.id, status: clue.status)
        guard let from = clue.assignedDept, from != configuration.coordinationDept else {
            throw ReferralError.failedPrecondition("the coordination office does not return clues; it assigns them (clues.assign)")
        }
        guard !clue.decided else {
            throw ReferralError.failedPrecondition(
                "the coordination office decided that \(from) handles clue \(clue.id); it can no longer be returned (accept it, or ask the office to transfer it)")
        }
        let timestamp = ReferralClock.format(now)
        clue.returns += 1
        let returners = try ClueStore.returners(db, clueId: clue.id) + [from]
        if ClueWorkflow.target(of: .return, returnsAfter: clue.returns) == .disputed {
            try ClueStore.addBounce(db, clueId: clue.id, kind: "return", from: from, to: configuration.coordinationDept, reason: reason, at: timestamp)
            try step(&clue, .return, to: .disputed, actor: actor, note: reason, at: now, db)
            let dispute = M.Dispute(
                id: "DS-" + TimeOrderedID.make(), clueId: clue.id, status: .open, returnedBy: returners, openedAt: timestamp, decidedDept: nil,
                decisionReason: nil, decidedAt: nil, decidedBy: nil)
            try DisputeStore.insert(db, dispute)
            clue.assign(
                M.Routing(
                    mode: .coordinationOffice, dept: configuration.coordinationDept, items: clue.routedItems,
                    reason: "jurisdiction dispute (管辖争议) \(dispute.id): returned by \(returners.joined(separator: ", ")); the coordination office decides"),
                at: timestamp)
            setDeadline(&clue, nil, from: now)
            return
        }
        let routing = router.route(lookup, excluding: returners)
        try ClueStore.addBounce(db, clueId: clue.id, kind: "return", from: from, to: routing.dept, reason: reason, at: timestamp)
        try assign(&clue, routing, action: "return", actor: actor, note: reason, at: now, db, outbox)
    }
}
