import Foundation
import Messages
import ServiceRunner

/// `imports.*`: the chunked imports still open (`ImportBatches`).
extension CatalogService {
    func registerImports(_ router: inout MethodRouter) {
        router.register(
            "imports.list",
            summary: "Chunked imports waiting for their last chunk, with who started them and when they expire; the coordination office and auditors see all, others their own."
        ) { (_: SystemMessages.Empty, ctx) in
            let actor = try access.member(ctx.actor, to: "list open imports")
            let owner = access.isAdmin(actor) || actor.role == .auditor ? nil : ImportBatches.owner(actor)
            let ttl = config.importTTLSeconds
            return try await database.read { db in CatalogMessages.ImportBatchList(batches: try ImportBatches.list(db, owner: owner, ttlSeconds: ttl)) }
        }

        router.register(
            "imports.expire",
            summary: "Drops chunked imports with no chunk for JG_CATALOG_IMPORT_TTL_S (their ids then take no more chunks); run by the catalog itself, or the coordination office.",
            mutating: true
        ) { (_: SystemMessages.Empty, ctx) in
            if ctx.actor?.role != .service || ctx.actor?.user != Self.serviceName {
                try access.requireAdmin(ctx.actor, to: "expire imports")
            }
            let now = Date()
            let idleBefore = Wire.timestamp(now.addingTimeInterval(-TimeInterval(config.importTTLSeconds)))
            // Closed ids are remembered ten lifetimes, at least 30 days: far longer than any client retries.
            let forgetBefore = Wire.timestamp(now.addingTimeInterval(-TimeInterval(max(2_592_000, 10 * config.importTTLSeconds))))
            let expiry = try await mutate(ctx) { db, _ in
                try ImportBatches.expire(db, idleBefore: idleBefore, forgetBefore: forgetBefore, now: Wire.timestamp(now))
            }
            if !expiry.expired.isEmpty {
                ctx.logger.notice(
                    "abandoned imports dropped", metadata: ["jg.batches": "\(expiry.expired.joined(separator: ","))", "jg.rows": "\(expiry.rows)"])
            }
            return expiry
        }
    }
}
