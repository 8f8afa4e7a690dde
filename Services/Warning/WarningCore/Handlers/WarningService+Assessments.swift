import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `assessments.*`: the joint assessment (综合研判) a red warning opens; every pushed department answers once.
extension WarningService {
    func registerAssessmentRoutes(_ router: inout MethodRouter) {
        router.register(
            "assessments.respond",
            summary: "A department's answer to a joint assessment: view confirmed|notConfirmed|undetermined and opinion (admin names dept).",
            mutating: true,
            params: [
                .init("assessmentId", "string", required: true), .init("dept", "string", "admin only; default the coordination office"),
                .init("view", "string", required: true), .init("opinion", "string", required: true),
            ]
        ) { (params: M.AssessmentRespond, ctx) in
            let actor = try Permissions.caller(ctx)
            let opinion = params.opinion.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !opinion.isEmpty else { throw WarningError.invalidField(field: "params.opinion", "give the department's reasoning") }
            let dept: String
            switch actor.role {
            case .admin: dept = params.dept ?? configuration.coordinationDept
            case .operator:
                guard let own = actor.dept, params.dept == nil || params.dept == own else {
                    throw WarningError.permissionDenied("an operator answers for their own department only; you are \(Permissions.describe(actor))")
                }
                dept = own
            default:
                throw WarningError.permissionDenied("assessments are answered by the departments asked (operators) or admin; you are \(Permissions.describe(actor))")
            }
            let now = clock.now()
            return try await mutate(ctx) { db, _ in
                let assessment = try AssessmentStore.require(db, id: params.assessmentId)
                guard let seq = AssessmentStore.seq(assessment.assessmentId) else { throw WarningError.assessmentNotFound(params.assessmentId) }
                guard assessment.status == "open" else { throw WarningError.assessmentClosed(assessment.assessmentId) }
                guard assessment.depts.contains(dept) else {
                    throw WarningError.permissionDenied(
                        "\(dept) is not asked in assessment \(assessment.assessmentId) (\(assessment.depts.joined(separator: ", ")))")
                }
                guard assessment.pending.contains(dept) else { throw WarningError.alreadyResponded(assessmentId: assessment.assessmentId, dept: dept) }
                try AssessmentStore.record(db, seq: seq, dept: dept, view: params.view, opinion: opinion, user: actor.user, at: now)
                if assessment.pending == [dept] {
                    let outcome = AssessmentOutcome.outcome(assessment.responses.map(\.view) + [params.view])
                    try AssessmentStore.conclude(db, seq: seq, outcome: outcome, at: now)
                    if let warningSeq = WarningRecord.seq(assessment.warningId), let warning = try WarningStore.fetch(db, seq: warningSeq) {
                        try WarningStore.addStep(
                            db, seq: warningSeq, action: "assess", from: warning.status, to: warning.status, dept: nil, user: "warning",
                            note: "joint assessment \(assessment.assessmentId) concluded: \(outcome.rawValue)", at: now)
                    }
                }
                guard let updated = try AssessmentStore.fetch(db, seq: seq) else { throw WarningError.assessmentNotFound(params.assessmentId) }
                return updated
            }
        }

        router.register("assessments.get", summary: "A joint assessment with the answers so far.", params: [.init("assessmentId", "string", required: true)]) {
            (params: M.AssessmentRef, ctx) in
            let actor = try Permissions.caller(ctx)
            let scope = try Permissions.readScope(actor, method: ctx.method)
            return try await database.read { db in
                let assessment = try AssessmentStore.require(db, id: params.assessmentId)
                if let scope, !assessment.depts.contains(scope) {
                    throw WarningError.permissionDenied("\(scope) is not asked in assessment \(assessment.assessmentId)")
                }
                return assessment
            }
        }

        router.register(
            "assessments.list", summary: "Joint assessments by status (open|concluded), department asked or warning.",
            params: [.init("status", "string"), .init("dept", "string"), .init("warningId", "string"), .init("after", "string"), .init("limit", "integer")]
        ) { (params: M.AssessmentFilter, ctx) in
            let actor = try Permissions.caller(ctx)
            let scope = try Permissions.readScope(actor, method: ctx.method)
            let limit = try Self.pageLimit(params.limit)
            return try await database.read { db in try AssessmentStore.list(db, params, visibleTo: scope, limit: limit) }
        }
    }
}
