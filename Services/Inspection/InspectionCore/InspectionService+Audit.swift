import Foundation
import Messages
import ServiceRunner

extension InspectionService {
    func registerAuditRoutes(_ router: inout MethodRouter) {
        router.register(
            "audit.list", summary: "A task's audit trail (全过程记录), oldest first, with each entry's chain hashes.",
            params: [.init("taskId", "string", required: true)]
        ) { (params: M.AuditListQuery, context) in
            let actor = try AccessPolicy.caller(context, roles: [.admin, .auditor, .operator])
            return try await database.read { db in
                try AccessPolicy.requireRead(db, actor, taskId: params.taskId)
                return M.AuditList(taskId: params.taskId, entries: try AuditLog.list(db, taskId: params.taskId))
            }
        }

        router.register(
            "audit.verify",
            summary: "Walk the whole hash chain and report the first broken link, if any; also check every result against its audit digest."
        ) { (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.caller(context, roles: [.admin, .auditor])
            return try await database.read { db in try AuditLog.verify(db) }
        }
    }
}
