import Foundation
import GRDB
import Messages
import ServiceRunner

extension CreditService {
    func registerRepairRoutes(_ router: inout MethodRouter) {
        router.register(
            "repairs.apply", summary: "Apply for credit repair (信用修复) of an entity's negative records, with the corrective evidence.", mutating: true,
            params: [
                .init("uscc", "string", required: true), .init("recordIds", "array", required: true, "the negative records concerned"),
                .init("evidence", "string", required: true, "what was corrected and how"), .init("evidenceDigests", "array", "SHA-256 of documents"),
            ]
        ) { (params: M.RepairApply, context) in
            let actor = try AccessPolicy.editor(context)
            let dept = try AccessPolicy.actingDept(actor, requested: nil, field: "actor.dept")
            try USCC.validate(params.uscc)
            guard !params.evidence.trimmingCharacters(in: .whitespaces).isEmpty else { throw CreditError.missing("params.evidence") }
            let ids = try Self.recordIds(params.recordIds)
            let timestamp = calendar.timestamp
            let id = "R-" + TimeOrderedID.make()
            return try await mutate(context) { db, _ in
                let records = try RecordStore.fetch(db, ids: ids)
                for recordId in ids {
                    guard let record = records.first(where: { $0.id == String(recordId) }), record.uscc == params.uscc else {
                        throw CreditError.notFound("record \(recordId) is not a credit record of \(params.uscc); `credit records.list` lists them")
                    }
                    guard record.polarity == .negative, record.repairId == nil else {
                        throw CreditError.failedPrecondition("record \(recordId) is \(record.repairId == nil ? "not negative" : "already repaired"); only live negative records can be repaired")
                    }
                }
                let claimed = try RepairStore.claimed(db, ids: ids)
                guard claimed.isEmpty else {
                    throw CreditError.alreadyExists("records \(claimed.map { String($0) }.joined(separator: ", ")) are already in a pending or approved repair")
                }
                let repair = M.Repair(
                    id: id, uscc: params.uscc, recordIds: ids.map { String($0) }, evidence: params.evidence, evidenceDigests: params.evidenceDigests ?? [],
                    status: .pending, appliedByDept: dept, appliedAt: timestamp, reviewedByDept: nil, reviewedAt: nil, reviewReason: nil)
                try RepairStore.insert(db, repair, recordIds: ids, appliedBy: actor.user)
                return repair
            }
        }

        router.register(
            "repairs.review", summary: "Approve or reject a credit repair: the source department of every record concerned, or admin.", mutating: true,
            params: [
                .init("repairId", "string", required: true), .init("decision", "string", required: true, "approve | reject"),
                .init("reason", "string", "required to reject"),
            ]
        ) { (params: M.RepairReview, context) in
            let actor = try AccessPolicy.editor(context)
            if params.decision == .reject, (params.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw CreditError.invalidArgument(field: "params.reason", "a rejected repair needs params.reason, which the applicant sees")
            }
            let timestamp = calendar.timestamp
            let traceId = context.traceId
            return try await mutate(context) { db, outbox in
                guard let repair = try RepairStore.fetch(db, id: params.repairId) else {
                    throw CreditError.notFound("credit repair \(params.repairId) does not exist; `credit repairs.list` lists them")
                }
                guard repair.status == .pending else {
                    throw CreditError.failedPrecondition("credit repair \(repair.id) was already \(repair.status.rawValue)")
                }
                let sourceDepts = Set(try RecordStore.fetch(db, ids: repair.recordIds.compactMap { Int64($0) }).map(\.dept))
                let reviewer: String
                if actor.role == .admin {
                    reviewer = actor.dept ?? "coordination-office"
                } else {
                    guard let dept = actor.dept, sourceDepts == [dept] else {
                        throw CreditError.permissionDenied(
                            "credit repair \(repair.id) is reviewed by the department that recorded its records (\(sourceDepts.sorted().joined(separator: ", "))) or the coordination office"
                        )
                    }
                    reviewer = dept
                }
                let status: M.RepairStatus = params.decision == .approve ? .approved : .rejected
                try RepairStore.review(db, id: repair.id, status: status, dept: reviewer, by: actor.user, reason: params.reason, at: timestamp)
                if status == .approved {
                    try rescore(db, outbox, usccs: [repair.uscc], traceId: traceId)
                    try outbox.append(
                        topic: "credit.repair.approved",
                        M.RepairApproved(repairId: repair.id, uscc: repair.uscc, recordIds: repair.recordIds, reviewerDept: reviewer, at: timestamp))
                }
                guard let reviewed = try RepairStore.fetch(db, id: repair.id) else { throw CreditError.notFound("credit repair \(repair.id) vanished") }
                return reviewed
            }
        }

        router.register("repairs.get", summary: "One credit repair application.", params: [.init("repairId", "string", required: true)]) {
            (query: M.RepairQuery, context) in
            _ = try AccessPolicy.caller(context)
            return try await database.read { db in
                guard let repair = try RepairStore.fetch(db, id: query.repairId) else {
                    throw CreditError.notFound("credit repair \(query.repairId) does not exist; `credit repairs.list` lists them")
                }
                return repair
            }
        }

        router.register(
            "repairs.list", summary: "Credit repair applications, newest first (at most 1000).",
            params: [.init("uscc", "string"), .init("status", "string", "pending | approved | rejected")]
        ) { (query: M.RepairListQuery, context) in
            _ = try AccessPolicy.caller(context)
            if let uscc = query.uscc { try USCC.validate(uscc) }
            return M.RepairList(repairs: try await database.read { db in try RepairStore.list(db, query: query) })
        }
    }

    static func recordIds(_ texts: [String]) throws -> [Int64] {
        guard !texts.isEmpty else { throw CreditError.missing("params.recordIds") }
        var ids: [Int64] = []
        for (index, text) in texts.enumerated() {
            guard let id = Int64(text), id > 0 else {
                throw CreditError.invalidArgument(field: "params.recordIds[\(index)]", "params.recordIds[\(index)] \(text.debugDescription) is not a record id")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
