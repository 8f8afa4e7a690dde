import Foundation
import GRDB
import Messages
import ServiceRunner

extension ReferralService {
    func registerQueryRoutes(_ router: inout MethodRouter) {
        router.register(
            "clues.get",
            summary: "One clue with its routing, deadline, bounces and history; the reporter's contact only for the coordination office, or the assigned department with the reporter's consent.",
            params: [.init("clueId", "string", required: true)]
        ) { (params: M.ClueRef, context) in
            let actor = try access.caller(context)
            let now = ReferralClock.format(clock.now)
            let (record, reporter, bounces, history) = try await database.read { db in
                let clue = try Self.clue(db, params.clueId)
                return (clue, try ClueStore.reporter(db, clueId: clue.id), try ClueStore.bounces(db, clueId: clue.id), try ClueStore.history(db, clueId: clue.id))
            }
            guard access.mayRead(actor, record) else {
                throw ReferralError.permissionDenied(
                    "clue \(record.id) is handled by \(record.assignedDept ?? "no department"); the caller (\(actor.dept ?? "no department")) may not read it")
            }
            var clue = record.wire(now: now)
            clue.bounces = bounces
            clue.history = history
            if let reporter, access.seesReporter(actor, record, consent: reporter.consent) {
                clue.reporter = try vault.open(reporter.sealed, clueId: record.id)
            }
            return clue
        }

        router.register(
            "clues.list",
            summary: "Clues by department, status, source, entity (uscc) or overdue, newest first (overdue: oldest deadline first); operators see their own department's.",
            params: [
                .init("dept", "string", "assigned department (operators: their own)"),
                .init("status", "string", ReferralMessages.ClueStatus.allCases.map(\.rawValue).joined(separator: " | ")),
                .init("source", "string"), .init("uscc", "string"), .init("overdue", "boolean", "only clues past their current deadline"),
                .init("after", "string", "the previous page's next"), .init("limit", "integer", "1…1000, default 100"),
            ]
        ) { (query: M.ClueListQuery, context) in
            let actor = try access.caller(context)
            let dept = try access.listedDept(actor, requested: query.dept)
            let limit = query.limit ?? 100
            guard (1...1_000).contains(limit) else {
                throw ReferralError.invalidArgument(field: "params.limit", "params.limit must be between 1 and 1000, got \(limit)")
            }
            if let uscc = query.uscc { try Validation.uscc(uscc, field: "params.uscc") }
            let now = ReferralClock.format(clock.now)
            return try await database.read { db in try ClueStore.list(db, query: query, dept: dept, now: now, limit: limit) }
        }

        router.register(
            "clues.related", summary: "Clues about the same entity received within the link window (JG_REFERRAL_LINK_DAYS) of this one.",
            params: [.init("clueId", "string", required: true)]
        ) { (params: M.ClueRef, context) in
            let actor = try access.caller(context)
            let now = ReferralClock.format(clock.now)
            let (clue, related) = try await database.read { db in
                let clue = try Self.clue(db, params.clueId)
                return (clue, try ClueStore.related(db, clue, windowDays: configuration.linkWindowDays))
            }
            guard access.mayRead(actor, clue) else {
                throw ReferralError.permissionDenied("the caller (\(actor.dept ?? "no department")) may not read clue \(clue.id)")
            }
            return M.RelatedClues(clueId: clue.id, uscc: clue.uscc, related: related.map { $0.wire(now: now) })
        }
    }
}
