import Foundation
import GRDB
import Messages
import ServiceRunner

/// `avoidance.*`: declared conflicts of interest (回避); the inspector assignment never picks a declared pair.
extension PlanningService {
    func registerAvoidance(_ router: inout MethodRouter) {
        router.register(
            "avoidance.declare", summary: "Declare that an inspector must not inspect an entity (the inspector, their department's operator, or admin).",
            mutating: true,
            params: [
                .init("inspectorId", "string", required: true), .init("dept", "string", required: true, "the inspector's department"),
                .init("entityId", "string", required: true, "the entity id (USCC)"), .init("reason", "string", required: true),
            ]
        ) { (params: PlanningMessages.AvoidanceDeclare, ctx) in
            let actor = try Permissions.mutator(ctx)
            let isThemselves = actor.role == .inspector && actor.user == params.inspectorId
            if !isThemselves { try Permissions.requireDept(actor, params.dept, to: "declare avoidance for inspectors of \(params.dept)") }
            for (field, value) in [("inspectorId", params.inspectorId), ("dept", params.dept), ("entityId", params.entityId), ("reason", params.reason)]
            where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw PlanningError.invalidField(field: "params.\(field)", "must not be empty")
            }
            return try await database.mutate(requestId: ctx.id, method: ctx.method, traceId: ctx.traceId) { db, _ in
                if try AvoidanceRecord.filter(Column("inspector_id") == params.inspectorId && Column("entity_id") == params.entityId).fetchCount(db) > 0 {
                    throw PlanningError.alreadyDeclared(inspectorId: params.inspectorId, entityId: params.entityId)
                }
                let seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM avoidances") ?? 1
                let record = AvoidanceRecord(
                    id: "AV-\(PlanningCalendar.pad(seq, 6))", seq: seq, inspectorId: params.inspectorId, dept: params.dept, entityId: params.entityId,
                    reason: params.reason, declaredBy: actor.user ?? actor.dept, declaredAt: Wire.timestamp(Date()))
                try record.insert(db)
                return record.message
            }
        }

        router.register(
            "avoidance.list", summary: "Declared avoidances by inspector, entity or department.",
            params: [.init("inspectorId", "string"), .init("entityId", "string"), .init("dept", "string")]
        ) { (params: PlanningMessages.AvoidanceFilter, ctx) in
            _ = try Permissions.reader(ctx)
            return try await database.read { db in
                var request = AvoidanceRecord.order(Column("seq"))
                if let inspector = params.inspectorId { request = request.filter(Column("inspector_id") == inspector) }
                if let entity = params.entityId { request = request.filter(Column("entity_id") == entity) }
                if let dept = params.dept { request = request.filter(Column("dept") == dept) }
                return PlanningMessages.AvoidanceList(avoidances: try request.fetchAll(db).map(\.message))
            }
        }
    }
}
