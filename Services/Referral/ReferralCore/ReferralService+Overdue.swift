import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension ReferralService {
    func registerOverdueRoutes(_ router: inout MethodRouter) {
        router.register(
            "clues.escalateOverdue",
            summary: "Escalate (督办) every clue past its current deadline to the coordination office, once per step; publishes referral.clue.overdue. Run by the overdue watcher.",
            mutating: true
        ) { (_: SystemMessages.Empty, context) in
            let actor = try access.coordinationOrService(context)
            let now = clock.now
            let timestamp = ReferralClock.format(now)
            let office = configuration.coordinationDept
            return try await mutate(context) { db, outbox in
                var escalated: [M.ClueOverdue] = []
                for var clue in try ClueStore.unescalatedOverdue(db, now: timestamp, limit: 5_000) {
                    guard let step = clue.dueStep, let dueAt = clue.dueAt else { continue }
                    let event = M.ClueOverdue(
                        clueId: clue.id, dept: clue.assignedDept ?? office, step: step, dueAt: dueAt, escalatedTo: office, escalatedAt: timestamp,
                        source: clue.source, uscc: clue.uscc)
                    clue.escalatedDue = dueAt
                    clue.escalations += 1
                    clue.updatedAt = timestamp
                    try ClueStore.update(db, clue)
                    try ClueStore.addEscalation(db, event)
                    try ClueStore.addHistory(
                        db, clueId: clue.id, action: "escalate", from: clue.status, to: clue.status, dept: clue.assignedDept, actor: actor,
                        note: "\(step.rawValue) was due \(dueAt); escalated (督办) to \(office)", at: timestamp)
                    try outbox.append(topic: "referral.clue.overdue", event)
                    escalated.append(event)
                }
                return M.EscalationRun(escalated: escalated, checkedAt: timestamp)
            }
        }
    }
}
