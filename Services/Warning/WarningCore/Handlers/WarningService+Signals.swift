import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `signals.*`: readings and detections from outside monitoring (非现场监管), and the stored signals.
extension WarningService {
    func registerSignalRoutes(_ router: inout MethodRouter) {
        router.register(
            "signals.ingest",
            summary: "A batch of readings or detections from one monitoring system; all-or-nothing, idempotent on the request id and on readingId.",
            mutating: true,
            params: [
                .init("source", "string", required: true, "the sending system, e.g. gas-iot-hy"),
                .init(
                    "readings", "[object]", required: true,
                    "{readingId?, kind?: reading|detection, uscc? | site?, metric, value, at, entityKind?, region?, domain?, item?, dept?}"),
            ]
        ) { (params: IngestParams, ctx) in
            let actor = try Permissions.caller(ctx)
            try Permissions.requireIngest(actor)
            guard !params.sourceProblem, let source = params.source?.trimmingCharacters(in: .whitespaces), !source.isEmpty else {
                throw WarningError.invalidField(field: "params.source", "is required: the monitoring system sending the batch")
            }
            guard !params.readings.isEmpty else { throw WarningError.invalidField(field: "params.readings", "is required: at least one reading") }
            guard params.readings.count <= configuration.maxBatch else {
                throw WarningError.batchTooLarge(rows: params.readings.count, max: configuration.maxBatch)
            }
            let defaultDept = actor.role == .operator ? actor.dept : nil
            var signals: [SignalDraft] = []
            signals.reserveCapacity(params.readings.count)
            for (row, reading) in params.readings.enumerated() {
                signals.append(try reading.signal(row: row, source: source, requestId: ctx.id, defaultDept: defaultDept))
            }
            let drafts = signals
            return try await mutate(ctx) { db, outbox in
                let outcome = try process(drafts, db, outbox)
                return M.IngestResult(accepted: outcome.accepted, duplicates: outcome.duplicates, raised: outcome.raised, updated: outcome.updated)
            }
        }

        router.register(
            "signals.list", summary: "An entity's (uscc) or a site's signals, newest first.",
            params: [.init("uscc", "string"), .init("site", "string"), .init("kind", "string"), .init("limit", "integer", "1…1000, default 100")]
        ) { (params: M.SignalFilter, ctx) in
            _ = try Permissions.caller(ctx)
            guard params.uscc != nil || params.site != nil else { throw WarningError.invalidField(field: "params.uscc", "name a uscc or a site") }
            let limit = try Self.pageLimit(params.limit)
            let entity = SignalDraft.entity(uscc: params.uscc, site: params.site)
            return try await database.read { db in M.SignalList(signals: try SignalStore.list(db, entity: entity, kind: params.kind, limit: limit)) }
        }
    }
}
