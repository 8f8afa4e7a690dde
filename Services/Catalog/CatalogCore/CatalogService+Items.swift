import Foundation
import GRDB
import Messages
import ServiceRunner

extension CatalogService {
    func registerItems(_ router: inout MethodRouter) {
        let access = access
        let database = database
        typealias M = CatalogMessages

        /// Runs one item operation in one idempotent transaction.
        @Sendable func workflow(_ ctx: RequestContext, _ body: @escaping @Sendable (ItemWorkflow) throws -> M.Item) async throws -> M.Item {
            try access.writer(ctx.actor, to: ctx.method)
            let actor = ctx.actor
            return try await mutate(ctx) { db, outbox in
                try body(ItemWorkflow(access: access, db: db, events: outbox, actor: actor, now: Self.now()))
            }
        }

        router.register(
            "items.create", summary: "Draft a new supervision item (by its lead department).", mutating: true,
            params: [
                .init("code", "string", required: true), .init("name", "string", required: true), .init("domain", "string", required: true),
                .init("leadDept", "string", required: true), .init("cooperatingDepts", "[string]"), .init("content", "string"),
                .init("targets", "string"), .init("legalBasis", elementsOf: M.LegalBasis(law: "", article: "")), .init("targetKinds", "[string]"), .init("industries", "[string]"),
                .init("category", "string", "key|general"), .init("methods", "[string]", "randomDraw|fullCoverage|specialCampaign|offsite"),
                .init("level", "string"), .init("samplingRatio", "number"), .init("frequencyPerYear", "integer"),
            ]
        ) { (params: M.ItemDraft, ctx) in
            try await workflow(ctx) { try $0.create(params) }
        }

        router.register(
            "items.update", summary: "Edit a draft version (lead department).", mutating: true,
            params: [.init("code", "string", required: true), .init("changes", required: true, fieldsOf: M.ItemChanges(), "fields of items.create to change")]
        ) { (params: M.ItemUpdate, ctx) in
            try await workflow(ctx) { try $0.update(code: params.code, changes: params.changes) }
        }

        router.register(
            "items.submit", summary: "Send a draft to the cooperating departments' review (会审), or straight to legality review.", mutating: true,
            params: [.init("code", "string", required: true), .init("note", "string")]
        ) { (params: M.ItemAction, ctx) in
            try await workflow(ctx) { try $0.submit(code: params.code, note: params.note) }
        }

        router.register(
            "items.review", summary: "A cooperating department approves or rejects (with a reason) the version under review.", mutating: true,
            params: [.init("code", "string", required: true), .init("decision", "string", required: true, "approve|reject"), .init("reason", "string")]
        ) { (params: M.ItemReview, ctx) in
            try await workflow(ctx) { try $0.review(code: params.code, decision: params.decision, reason: params.reason) }
        }

        router.register(
            "items.legalReview", summary: "The justice department approves or rejects (合法性审核) the version.", mutating: true,
            params: [.init("code", "string", required: true), .init("decision", "string", required: true, "approve|reject"), .init("reason", "string")]
        ) { (params: M.ItemReview, ctx) in
            try await workflow(ctx) { try $0.legalReview(code: params.code, decision: params.decision, reason: params.reason) }
        }

        router.register(
            "items.publish", summary: "Put an approved version in force (lead department).", mutating: true,
            params: [.init("code", "string", required: true), .init("note", "string")]
        ) { (params: M.ItemAction, ctx) in
            try await workflow(ctx) { try $0.publish(code: params.code, note: params.note) }
        }

        router.register(
            "items.amend", summary: "Start a new version of a published item (立改废释: amend|interpret) with its note.", mutating: true,
            params: [
                .init("code", "string", required: true), .init("reason", "string", required: true, "amend|interpret"),
                .init("note", "string", required: true), .init("changes", fieldsOf: M.ItemChanges(), "fields of items.create to change"),
            ]
        ) { (params: M.ItemAmend, ctx) in
            try await workflow(ctx) { try $0.amend(code: params.code, reason: params.reason, note: params.note, changes: params.changes) }
        }

        router.register(
            "items.repeal", summary: "End the published version (废止) with its reason.", mutating: true,
            params: [.init("code", "string", required: true), .init("note", "string", required: true)]
        ) { (params: M.ItemRepeal, ctx) in
            try await workflow(ctx) { try $0.repeal(code: params.code, note: params.note) }
        }

        router.register(
            "items.get", summary: "An item: the version in force by default (else the newest you may see), or a given version.", open: true,
            params: [.init("code", "string", required: true), .init("version", "integer")]
        ) { (params: M.ItemRef, ctx) in
            let member = access.seesUnpublished(ctx.actor)
            return try await database.read { db in
                let head = try ItemStore.requireHead(db, code: params.code)
                let version: Int?
                if let requested = params.version {
                    version = requested
                } else if let published = head.published {
                    version = published
                } else if member {
                    version = head.latest
                } else {
                    version = try Int.fetchOne(
                        db, sql: "SELECT MAX(version) FROM item_version WHERE code = ? AND status IN ('superseded', 'repealed')", arguments: [params.code])
                }
                guard let version, let item = try ItemStore.fetch(db, code: params.code, version: version),
                    member || [.published, .superseded, .repealed].contains(item.status)
                else {
                    throw CatalogError.notFound("item \(params.code) has no \(params.version.map { "version \($0)" } ?? "published version") you may read")
                }
                return item
            }
        }

        router.register(
            "items.history", summary: "Every version, step and review decision of an item (suite members).",
            params: [.init("code", "string", required: true)]
        ) { (params: M.ItemRef, ctx) in
            try access.member(ctx.actor, to: "read an item's history")
            return try await database.read { db in try ItemStore.history(db, code: params.code) }
        }

        router.register(
            "items.list", summary: "Items sorted by code, one version each: the one in force (view=published) or the newest (view=latest).",
            open: true,
            params: [
                .init("domain", "string"), .init("leadDept", "string"), .init("dept", "string", "lead or cooperating"), .init("status", "string"),
                .init("targetKind", "string"), .init("q", "string", "free text"), .init("view", "string", "published (default) | latest"),
                .init("after", "string", "cursor: the last code of the previous page"), .init("limit", "integer", "1…500, default 100"),
            ]
        ) { (params: M.ItemFilter, ctx) in
            let view = params.view ?? "published"
            guard view == "published" || view == "latest" else {
                throw CatalogError.invalidArgument("view must be published or latest", field: "params.view")
            }
            if view == "latest" { try access.member(ctx.actor, to: "list unpublished item versions") }
            let limit = try Self.pageSize(params.limit, default: 100, max: 500)
            return try await database.read { db in try ItemStore.list(db, params, latest: view == "latest", limit: limit) }
        }

        router.register(
            "items.import",
            summary: "Import items from CSV (format of items.csv) as drafts of their lead departments; publish=true (coordination office) puts them in force.",
            mutating: true, params: importParams + [.init("publish", "boolean", "publish at once (coordination office only)")]
        ) { (params: M.ImportRequest, ctx) in
            try access.writer(ctx.actor, to: "import items")
            if params.publish == true { try access.requireAdmin(ctx.actor, to: "import items as published") }
            let actor = ctx.actor
            let publish = params.publish == true
            let importer = Importer(spec: ImportSpecs.items, database: database)
            return try await importer.run(params, context: ctx) { db, events, rows, savepoints in
                let workflow = ItemWorkflow(access: access, db: db, events: events, actor: actor, now: Self.now())
                var result = try Importer<M.ItemDraft>.eachRow(db, rows, savepoints: savepoints) { staged in
                    _ = try workflow.create(staged.input, prefix: "row")
                    if publish { try workflow.publishEnacted(code: staged.input.code) }
                }
                result.errors = result.errors.map { error in
                    var error = error
                    error.column = error.column.map(ImportSpecs.itemColumn)
                    return error
                }
                return result
            }
        }
    }
}
