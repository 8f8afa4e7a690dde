import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension ReferralService {
    func registerIntakeRoutes(_ router: inout MethodRouter) {
        router.register(
            "clues.register",
            summary: "Register a clue (问题线索) from any source; routes it by the catalog and assigns it (分办). Idempotent on (source, sourceRef).",
            mutating: true,
            params: [
                .init("source", "string", required: true, ReferralMessages.ClueSource.allCases.map(\.rawValue).joined(separator: " | ")),
                .init("sourceRef", "string", "the source's own reference number; registering it again returns the same clue"),
                .init("receivedAt", "timestamp", "when the source received it; default now"),
                .init("uscc", "string", "the entity's unified social credit code (or give entity)"),
                .init("entity", "string", "a free description of the entity when its USCC is unknown"),
                .init("description", "string", required: true, "the problem reported"),
                .init("suspectedItems", "array", "supervision item codes, e.g. [HY-2025-04]"),
                .init("domain", "string", "the domain (e.g. gas-safety) when no item is named"),
                .init("reporter", fieldsOf: M.ReporterContact(), "kept sealed, never shown to departments without consent"),
                .init("attachments", "array", "attachment digests, sha256:<64 hex>"),
                .init("reportingDept", "string", "for source=department: the reporting department (operators: their own)"),
            ]
        ) { (params: M.ClueRegister, context) -> Mutation<M.Registration> in
            let actor = try access.registrar(context)
            let now = clock.now
            let draft = try IntakeDraft.validated(params, actor: actor, now: now)
            let lookup: Router.Lookup
            do {
                lookup = try await self.lookup(items: draft.items, domain: draft.domain)
            } catch {
                // The catalog is down: a repeat of a known reference still gets its clue.
                if let ref = draft.sourceRef,
                    let existing = try await database.read({ db in try ClueStore.fetch(db, source: draft.source, sourceRef: ref) })
                {
                    let registration = M.Registration(clue: existing.wire(now: ReferralClock.format(now)), created: false)
                    return .fresh(registration, json: try Wire.encode(registration))
                }
                throw error
            }
            let routing = self.router.route(lookup)
            let id = "CL-" + TimeOrderedID.make()
            return try await mutate(context) { db, outbox in
                if let ref = draft.sourceRef, let existing = try ClueStore.fetch(db, source: draft.source, sourceRef: ref) {
                    return M.Registration(clue: existing.wire(now: ReferralClock.format(now)), created: false)
                }
                return M.Registration(clue: try register(draft, id: id, lookup: lookup, routing: routing, actor: actor, now: now, db, outbox), created: true)
            }
        }
    }

    /// Stores a new clue already assigned by `routing` and its sealed reporter contact; publishes
    /// `referral.clue.registered` (no reporter data) and `referral.clue.assigned`.
    func register(
        _ draft: IntakeDraft, id: String, lookup: Router.Lookup, routing: M.Routing, actor: Actor, now: Date, _ db: Database, _ outbox: Outbox
    ) throws -> M.Clue {
        let timestamp = ReferralClock.format(now)
        var clue = ClueRecord(
            id: id, source: draft.source, sourceRef: draft.sourceRef, receivedAt: ReferralClock.format(draft.receivedAt), registeredAt: timestamp,
            registeredByDept: actor.dept, registeredBy: actor.user, reportingDept: draft.reportingDept, uscc: draft.uscc, entity: draft.entity,
            description: draft.description, items: draft.items, domain: lookup.clueDomain, attachments: draft.attachments, status: .registered,
            hasReporter: draft.reporter != nil, updatedAt: timestamp)
        try ClueStore.addHistory(db, clueId: id, action: "register", from: nil, to: .registered, dept: nil, actor: actor, note: nil, at: timestamp)
        try outbox.append(
            topic: "referral.clue.registered",
            M.ClueRegistered(
                clueId: id, source: draft.source, uscc: draft.uscc, items: draft.items, domain: clue.domain, dept: routing.dept, registeredAt: timestamp))
        try assign(&clue, routing, action: "assign", actor: actor, note: routing.reason, at: now, db, outbox)
        try ClueStore.insert(db, &clue)
        if let reporter = draft.reporter {
            try ClueStore.storeReporter(db, clueId: id, sealed: try vault.seal(reporter, clueId: id), consent: reporter.consentToShare ?? false)
        }
        return clue.wire(now: timestamp)
    }
}
