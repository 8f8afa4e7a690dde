import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

extension ReferralService {
    func registerCaseRoutes(_ router: inout MethodRouter) {
        router.register(
            "cases.transfer",
            summary: "Transfer a case to public security (行刑衔接) with its documents' digests; with clueId, as the clue's assigned department. Publishes referral.case.transferred.",
            mutating: true,
            params: [
                .init("clueId", "string", "the clue the case comes from"), .init("uscc", "string", "default the clue's"),
                .init("summary", "string", required: true), .init("documents", required: true, elementsOf: M.CaseDocument(name: "", digest: ""), "digest: sha256:<64 hex>"),
                .init("toDept", "string", "default JG_PUBLIC_SECURITY_DEPT"),
            ]
        ) { (params: M.CaseTransfer, context) in
            let actor = try access.caller(context)
            guard actor.role == .operator || actor.role == .admin else {
                throw ReferralError.permissionDenied("cases.transfer is for a department's operators (or admin); role \(actor.role.rawValue) may not transfer cases")
            }
            let summary = try Validation.text(params.summary, field: "params.summary")
            guard !params.documents.isEmpty else { throw ReferralError.missing("params.documents") }
            let documents = try params.documents.enumerated().map { index, document in
                M.CaseDocument(
                    name: try Validation.text(document.name, field: "params.documents[\(index)].name", max: 300),
                    digest: try Validation.digest(document.digest, field: "params.documents[\(index)].digest"))
            }
            if let uscc = params.uscc { try Validation.uscc(uscc, field: "params.uscc") }
            let toDept = params.toDept.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.publicSecurityDept
            let now = clock.now
            let id = "CS-" + TimeOrderedID.make()
            return try await mutate(context) { db, outbox in
                let timestamp = ReferralClock.format(now)
                var fromDept: String
                var uscc = params.uscc
                if let clueId = params.clueId {
                    let clue = try Self.clue(db, clueId)
                    try access.handler(actor, of: clue, method: context.method)
                    try ClueWorkflow.check(
                        .conclude, clueId: clue.id, status: clue.status, allowed: [.accepted, .investigating, .concluded], method: context.method)
                    fromDept = clue.assignedDept ?? configuration.coordinationDept
                    uscc = uscc ?? clue.uscc
                    try ClueStore.addHistory(
                        db, clueId: clue.id, action: "caseTransfer", from: clue.status, to: clue.status, dept: toDept, actor: actor,
                        note: "case \(id) transferred to \(toDept)", at: timestamp)
                } else {
                    guard let own = actor.dept, !own.isEmpty else {
                        throw ReferralError.permissionDenied("the caller's token names no department; a case is transferred by a department")
                    }
                    fromDept = own
                }
                guard fromDept != toDept else { throw ReferralError.failedPrecondition("a case cannot be transferred to its own department \(toDept)") }
                let item = M.CriminalCase(
                    id: id, clueId: params.clueId, fromDept: fromDept, toDept: toDept, uscc: uscc, summary: summary, documents: documents,
                    status: .transferred, transferredAt: timestamp, acknowledgedAt: nil, outcomeAt: nil, reason: nil, caseNumber: nil)
                try CaseStore.insert(db, item, by: actor.user)
                try outbox.append(
                    topic: "referral.case.transferred",
                    M.CaseTransferred(
                        caseId: id, clueId: params.clueId, fromDept: fromDept, toDept: toDept, uscc: uscc, documents: documents.map(\.digest),
                        transferredAt: timestamp))
                return item
            }
        }

        router.register(
            "cases.acknowledge", summary: "Confirm receipt (回执) of a transferred case, as the receiving public security department.", mutating: true,
            params: [.init("caseId", "string", required: true), .init("note", "string")]
        ) { (params: M.CaseRef, context) in
            let actor = try access.caller(context)
            let now = ReferralClock.format(clock.now)
            return try await mutate(context) { db, _ in
                let item = try receivedCase(db, params.caseId, actor: actor, method: context.method)
                guard item.status == .transferred else {
                    throw ReferralError.failedPrecondition("case \(item.id) is \(item.status.rawValue); receipt is confirmed once, while it is transferred")
                }
                try CaseStore.acknowledge(db, id: item.id, at: now, by: actor.user ?? actor.dept)
                return try CaseStore.fetch(db, id: item.id) ?? item
            }
        }

        router.register(
            "cases.update",
            summary: "Report public security's decision on an acknowledged case: filed (立案, with its case number) or declined (不予立案, with the reason).",
            mutating: true,
            params: [
                .init("caseId", "string", required: true), .init("outcome", "string", required: true, "filed | declined"),
                .init("reason", "string", "required when declined"), .init("caseNumber", "string", "public security's case number when filed"),
            ]
        ) { (params: M.CaseUpdate, context) in
            let actor = try access.caller(context)
            if params.outcome == .declined { _ = try Validation.text(params.reason, field: "params.reason") }
            let now = ReferralClock.format(clock.now)
            return try await mutate(context) { db, _ in
                let item = try receivedCase(db, params.caseId, actor: actor, method: context.method)
                guard item.status == .acknowledged else {
                    throw ReferralError.failedPrecondition(
                        "case \(item.id) is \(item.status.rawValue); confirm receipt first (cases.acknowledge), a decision is recorded once")
                }
                try CaseStore.settle(db, id: item.id, outcome: params.outcome, reason: params.reason, caseNumber: params.caseNumber, at: now)
                return try CaseStore.fetch(db, id: item.id) ?? item
            }
        }

        router.register(
            "cases.list", summary: "Criminal transfer cases, newest first; dept matches the transferring or receiving department (operators: their own).",
            params: [.init("dept", "string"), .init("status", "string", "transferred | acknowledged | filed | declined"), .init("clueId", "string")]
        ) { (query: M.CaseListQuery, context) in
            let actor = try access.caller(context)
            let dept = try access.listedDept(actor, requested: query.dept)
            return M.CaseList(cases: try await database.read { db in try CaseStore.list(db, query: query, dept: dept) })
        }
    }

    /// A case the caller receives: an operator of its receiving department, or admin.
    func receivedCase(_ db: Database, _ id: String, actor: Actor, method: String) throws -> M.CriminalCase {
        guard let item = try CaseStore.fetch(db, id: id) else {
            throw ReferralError.notFound("case \(id) does not exist; `referral cases.list` lists the cases you may see")
        }
        guard actor.role == .admin || (actor.role == .operator && actor.dept == item.toDept) else {
            throw ReferralError.permissionDenied("only the receiving department \(item.toDept) records \(method) for case \(item.id)")
        }
        return item
    }
}
