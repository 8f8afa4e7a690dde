import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension ReferralService {
    func registerDisputeRoutes(_ router: inout MethodRouter) {
        router.register(
            "disputes.decide",
            summary: "Decide a jurisdiction dispute (管辖争议): name the responsible department, which may no longer return the clue; the coordination office only.",
            mutating: true,
            params: [.init("disputeId", "string", required: true), .init("dept", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.DisputeDecide, context) in
            let actor = try access.coordination(context)
            let dept = try Validation.text(params.dept, field: "params.dept", max: 100)
            let reason = try Validation.text(params.reason, field: "params.reason")
            let now = clock.now
            return try await mutate(context) { db, outbox in
                guard let dispute = try DisputeStore.fetch(db, id: params.disputeId) else {
                    throw ReferralError.notFound("dispute \(params.disputeId) does not exist; `referral disputes.list status=open` lists the open ones")
                }
                guard dispute.status == .open else {
                    throw ReferralError.failedPrecondition("dispute \(dispute.id) was already decided: \(dispute.decidedDept ?? "?") at \(dispute.decidedAt ?? "?")")
                }
                var clue = try Self.clue(db, dispute.clueId)
                try ClueWorkflow.check(.decide, clueId: clue.id, status: clue.status)
                let timestamp = ReferralClock.format(now)
                try DisputeStore.decide(db, id: dispute.id, dept: dept, reason: reason, at: timestamp, by: actor.user ?? actor.dept)
                let routing = M.Routing(
                    mode: .disputeDecision, dept: dept, items: clue.routedItems, cooperatingDepts: clue.cooperatingDepts,
                    reason: "the coordination office decided dispute \(dispute.id): \(reason)")
                clue.decided = true
                try assign(&clue, routing, action: "decide", actor: actor, note: reason, at: now, db, outbox)
                try ClueStore.update(db, clue)
                return try DisputeStore.fetch(db, id: dispute.id) ?? dispute
            }
        }

        router.register(
            "disputes.list", summary: "Jurisdiction disputes, oldest first; operators see those about clues their department returned.",
            params: [.init("status", "string", "open | decided"), .init("clueId", "string")]
        ) { (query: M.DisputeListQuery, context) in
            let actor = try access.caller(context)
            let disputes = try await database.read { db in try DisputeStore.list(db, query: query) }
            if access.isCoordination(actor) || actor.role == .auditor || actor.role == .service { return M.DisputeList(disputes: disputes) }
            guard let dept = actor.dept else { return M.DisputeList(disputes: []) }
            return M.DisputeList(disputes: disputes.filter { $0.returnedBy.contains(dept) || $0.decidedDept == dept })
        }
    }
}
