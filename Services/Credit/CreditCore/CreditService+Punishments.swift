import Foundation
import GRDB
import Messages
import ServiceRunner

extension CreditService {
    func registerPunishmentRoutes(_ router: inout MethodRouter) {
        router.register(
            "punishments.start", summary: "Start a joint punishment (失信联合惩戒) as the initiating department.", mutating: true,
            params: [
                .init("uscc", "string", required: true), .init("reason", "string", required: true), .init("legalBasis", "string"),
                .init("measures", "array", required: true, "the measures the implementing departments apply"),
                .init("implementingDepts", "array", required: true, "departments that apply the measures and report back"),
                .init("startsOn", "date", required: true), .init("endsOn", "date", "open-ended if absent"),
                .init("initiatorDept", "string", "admin only: the department initiating (default actor.dept)"),
            ]
        ) { (params: M.PunishmentStart, context) in
            let actor = try AccessPolicy.editor(context)
            let initiator = try AccessPolicy.actingDept(actor, requested: params.initiatorDept, field: "params.initiatorDept")
            try Self.validate(params)
            let timestamp = calendar.timestamp
            let today = calendar.today
            let id = "P-" + TimeOrderedID.make()
            return try await mutate(context) { db, outbox in
                var depts: [String] = []
                for dept in params.implementingDepts where !depts.contains(dept) { depts.append(dept) }
                var punishment = M.Punishment(
                    id: id, uscc: params.uscc, initiatorDept: initiator, reason: params.reason, legalBasis: params.legalBasis, measures: params.measures,
                    implementingDepts: depts, startsOn: params.startsOn, endsOn: params.endsOn, status: .active, inForce: false, startedAt: timestamp,
                    endedAt: nil, endReason: nil, feedback: [])
                punishment.inForce = params.startsOn <= today && (params.endsOn.map { $0 >= today } ?? true)
                try PunishmentStore.insert(db, punishment, startedBy: actor.user)
                try outbox.append(
                    topic: "credit.punishment.started",
                    M.PunishmentStarted(
                        punishmentId: id, uscc: params.uscc, initiatorDept: initiator, implementingDepts: depts, measures: params.measures,
                        startsOn: params.startsOn, endsOn: params.endsOn, at: timestamp))
                return punishment
            }
        }

        router.register(
            "punishments.feedback", summary: "Report, as an implementing department, what it did about a joint punishment.", mutating: true,
            params: [
                .init("punishmentId", "string", required: true), .init("outcome", "string", required: true, "applied | inProgress | notApplicable"),
                .init("measure", "string", "which measure"), .init("note", "string"),
            ]
        ) { (params: M.PunishmentFeedbackReport, context) in
            let actor = try AccessPolicy.editor(context)
            let timestamp = calendar.timestamp
            let today = calendar.today
            return try await mutate(context) { db, _ in
                let punishment = try Self.punishment(db, params.punishmentId, today: today)
                guard let dept = actor.dept, punishment.implementingDepts.contains(dept) else {
                    throw CreditError.permissionDenied(
                        "only the implementing departments of \(punishment.id) (\(punishment.implementingDepts.joined(separator: ", "))) report feedback; "
                            + "the caller acts for \(actor.dept ?? "no department")")
                }
                guard punishment.status == .active else {
                    throw CreditError.failedPrecondition("punishment \(punishment.id) has ended; feedback is taken while it is active")
                }
                let feedback = M.PunishmentFeedback(
                    dept: dept, outcome: params.outcome, measure: params.measure, note: params.note, reportedAt: timestamp, reportedBy: actor.user)
                try PunishmentStore.addFeedback(db, punishmentId: punishment.id, feedback)
                return try Self.punishment(db, punishment.id, today: today)
            }
        }

        router.register(
            "punishments.end", summary: "End a joint punishment; only its initiating department may.", mutating: true,
            params: [.init("punishmentId", "string", required: true), .init("reason", "string", required: true)]
        ) { (params: M.PunishmentEnd, context) in
            let actor = try AccessPolicy.editor(context)
            guard !params.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw CreditError.missing("params.reason") }
            let timestamp = calendar.timestamp
            let today = calendar.today
            return try await mutate(context) { db, outbox in
                let punishment = try Self.punishment(db, params.punishmentId, today: today)
                guard actor.dept == punishment.initiatorDept else {
                    throw CreditError.permissionDenied(
                        "only the initiating department \(punishment.initiatorDept) ends punishment \(punishment.id); the caller acts for \(actor.dept ?? "no department")"
                    )
                }
                guard punishment.status == .active else {
                    throw CreditError.failedPrecondition("punishment \(punishment.id) already ended at \(punishment.endedAt ?? "?")")
                }
                try PunishmentStore.end(db, id: punishment.id, reason: params.reason, at: timestamp)
                try outbox.append(
                    topic: "credit.punishment.ended",
                    M.PunishmentEnded(punishmentId: punishment.id, uscc: punishment.uscc, initiatorDept: punishment.initiatorDept, reason: params.reason, at: timestamp))
                return try Self.punishment(db, punishment.id, today: today)
            }
        }

        router.register("punishments.get", summary: "One joint punishment with its feedback.", params: [.init("punishmentId", "string", required: true)]) {
            (query: M.PunishmentQuery, context) in
            _ = try AccessPolicy.caller(context)
            let today = calendar.today
            return try await database.read { db in try Self.punishment(db, query.punishmentId, today: today) }
        }

        router.register(
            "punishments.list", summary: "Joint punishments, newest first (at most 1000); dept matches initiator or implementing department.",
            params: [.init("uscc", "string"), .init("dept", "string"), .init("status", "string", "active | ended")]
        ) { (query: M.PunishmentListQuery, context) in
            _ = try AccessPolicy.caller(context)
            if let uscc = query.uscc { try USCC.validate(uscc) }
            let today = calendar.today
            return M.PunishmentList(punishments: try await database.read { db in try PunishmentStore.list(db, query: query, today: today) })
        }
    }

    static func punishment(_ db: GRDB.Database, _ id: String, today: String) throws -> M.Punishment {
        guard let punishment = try PunishmentStore.fetch(db, id: id, today: today) else {
            throw CreditError.notFound("joint punishment \(id) does not exist; `credit punishments.list` lists them")
        }
        return punishment
    }

    static func validate(_ params: M.PunishmentStart) throws {
        try USCC.validate(params.uscc)
        guard !params.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw CreditError.missing("params.reason") }
        guard !params.measures.isEmpty, params.measures.allSatisfy({ !$0.isEmpty }) else { throw CreditError.missing("params.measures") }
        guard !params.implementingDepts.isEmpty, params.implementingDepts.allSatisfy({ !$0.isEmpty }) else {
            throw CreditError.missing("params.implementingDepts")
        }
        try CreditCalendar.validate(params.startsOn, field: "params.startsOn")
        if let endsOn = params.endsOn {
            try CreditCalendar.validate(endsOn, field: "params.endsOn")
            guard endsOn >= params.startsOn else {
                throw CreditError.invalidArgument(field: "params.endsOn", "params.endsOn (\(endsOn)) is before params.startsOn (\(params.startsOn))")
            }
        }
    }
}
