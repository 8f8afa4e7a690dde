import Messages
import ServiceRunner

extension CreditService {
    typealias M = CreditMessages

    func registerRecordRoutes(_ router: inout MethodRouter) {
        router.register(
            "records.add", summary: "Add a credit record (信用记录) for an entity as its source department; rescores the entity.", mutating: true,
            params: [
                .init("uscc", "string", required: true, "the entity's unified social credit code"),
                .init("dept", "string", "source department (operators: their own; default actor.dept)"),
                .init("type", "string", required: true, "registration | qualification | dailySupervision | publicService | enforcement"),
                .init("polarity", "string", required: true, "positive | negative"),
                .init("severity", "string", "minor | moderate | serious (required for negative records)"),
                .init("occurredOn", "date", required: true, "YYYY-MM-DD"),
                .init("expiresOn", "date", "YYYY-MM-DD; default occurredOn + 36 months (negative) or 12 months (positive)"),
                .init("origin", fieldsOf: M.Origin(kind: .manual), "kind: inspectionResult | clue | punishment | manual"),
                .init("summary", "string", required: true, "what happened, as published"),
                .init("published", "boolean", "false keeps it out of public view (privacy); default true"),
                .init("domain", "string", "the entity's industry domain (行业): picks its indicator set"),
            ]
        ) { (params: M.RecordAdd, context) in
            let actor = try AccessPolicy.editor(context)
            let dept = try AccessPolicy.actingDept(actor, requested: params.dept, field: "params.dept")
            let draft = try RecordDraft.validated(params, dept: dept)
            let traceId = context.traceId
            return try await mutate(context) { db, outbox in try add(draft, db, outbox, traceId: traceId) }
        }

        router.register(
            "records.list", summary: "An entity's credit records, newest first (repaired ones only for auditors and admin).",
            params: [
                .init("uscc", "string", required: true), .init("type", "string"), .init("polarity", "string"),
                .init("includeRepaired", "boolean", "also records removed by credit repair (auditor, admin)"),
                .init("limit", "integer", "1…1000, default 200"),
            ]
        ) { (query: M.RecordListQuery, context) in
            let actor = try AccessPolicy.caller(context)
            try USCC.validate(query.uscc)
            let limit = query.limit ?? 200
            guard (1...1_000).contains(limit) else {
                throw CreditError.invalidArgument(field: "params.limit", "params.limit must be between 1 and 1000, got \(limit)")
            }
            let includeRepaired = query.includeRepaired ?? false
            if includeRepaired, !AccessPolicy.seesRepaired(actor) {
                throw CreditError.permissionDenied("records removed by credit repair are kept for auditors and the coordination office only")
            }
            return M.RecordList(records: try await database.read { db in
                try RecordStore.list(db, query: query, includeRepaired: includeRepaired, limit: limit)
            })
        }
    }
}
