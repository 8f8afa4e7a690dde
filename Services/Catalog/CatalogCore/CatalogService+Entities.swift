import Foundation
import GRDB
import Messages
import ServiceRunner

extension CatalogService {
    func registerEntities(_ router: inout MethodRouter) {
        let access = access
        let database = database
        typealias M = CatalogMessages

        router.register(
            "entities.upsert", summary: "Create or update a supervised entity; the USCC is checked (GB 32100).", mutating: true,
            params: [
                .init("name", "string", required: true), .init("kind", "string", required: true, M.EntityKind.allCases.map(\.rawValue).joined(separator: "|")),
                .init("uscc", "string", "required for organisations"), .init("allowUnverifiedCode", "boolean", "store a USCC that fails its check, marked unverified"),
                .init("id", "string", "for entities without a USCC; default: a stable id from kind, region and name"),
                .init("industry", "string", "GB/T 4754 code"), .init("region", "string", "division code"), .init("address", "string"),
                .init("domains", "[string]", "supervision domains; items of these domains target the entity"), .init("tags", "[string]"),
            ]
        ) { (params: M.EntityUpsert, ctx) in
            try access.writer(ctx.actor, to: "register entities")
            let input = try EntityInput.check(params)
            return try await mutate(ctx) { db, outbox in
                let writer = try EntityStore.Writer(db, now: Self.now())
                try writer.write(input)
                try EntityStore.announce([input.id], to: outbox)
                guard let entity = try EntityStore.fetch(db, id: input.id) else { throw CatalogError.notFound("entity \(input.id) vanished") }
                return EntityStore.annotate(entity, with: try SupervisionMap.load(db))
            }
        }

        router.register(
            "entities.get", summary: "One entity by id or USCC, with the departments supervising it.",
            params: [.init("id", "string"), .init("uscc", "string")]
        ) { (params: M.EntityRef, ctx) in
            try access.member(ctx.actor, to: "read the entity registry")
            guard (params.id == nil) != (params.uscc == nil) else {
                throw CatalogError.invalidArgument("give exactly one of id or uscc", field: "params.id")
            }
            return try await database.read { db in
                let found = try params.id.map { try EntityStore.fetch(db, id: $0) } ?? params.uscc.map { try EntityStore.fetch(db, uscc: $0) } ?? nil
                guard let entity = found else {
                    throw CatalogError.notFound("no entity with \(params.id.map { "id \($0)" } ?? "uscc \(params.uscc ?? "")"); entities.list lists them")
                }
                return EntityStore.annotate(entity, with: try SupervisionMap.load(db))
            }
        }

        router.register(
            "entities.list",
            summary: "Entities sorted by id, filtered; page with after=<last id>. fields=ids returns only ids (up to 50000 a page).",
            params: [
                .init("industry", "string", "GB/T 4754 prefix"), .init("region", "string", "division code prefix"), .init("kind", "string"),
                .init("tag", "string"), .init("domain", "string"), .init("itemCode", "string", "targeted by this published item"),
                .init("supervisingDept", "string"), .init("pool", "boolean", "cross-department pool membership"),
                .init("fields", "string", "ids for ids only"), .init("after", "string"), .init("limit", "integer", "default 100; max 1000, or 50000 with fields=ids"),
            ]
        ) { (params: M.EntityFilter, ctx) in
            try access.member(ctx.actor, to: "read the entity registry")
            let idsOnly: Bool
            switch params.fields {
            case nil, "all": idsOnly = false
            case "ids": idsOnly = true
            default: throw CatalogError.invalidArgument("fields must be ids or all", field: "params.fields")
            }
            let limit = try Self.pageSize(params.limit, default: 100, max: idsOnly ? 50_000 : 1_000)
            return try await database.read { db in try EntityStore.list(db, params, limit: limit, idsOnly: idsOnly) }
        }

        for (name, adding) in [("entities.tag", true), ("entities.untag", false)] {
            router.register(
                name, summary: adding ? "Add tags to entities." : "Remove tags from entities.", mutating: true,
                params: [.init("ids", "[string]", required: true, "at most 10000"), .init("tags", "[string]", required: true)]
            ) { (params: M.EntityTagging, ctx) in
                try access.writer(ctx.actor, to: adding ? "tag entities" : "untag entities")
                guard !params.ids.isEmpty, params.ids.count <= 10_000 else {
                    throw CatalogError.invalidArgument("ids must list 1…10000 entity ids", field: "params.ids")
                }
                guard !params.tags.isEmpty else { throw CatalogError.invalidArgument("tags must list at least one tag", field: "params.tags") }
                for (index, tag) in params.tags.enumerated() {
                    if let problem = Validation.label(tag) { throw CatalogError.invalidArgument("tag \(tag.debugDescription) \(problem)", field: "params.tags[\(index)]") }
                }
                return try await mutate(ctx) { db, outbox in
                    let writer = try EntityStore.Writer(db, now: Self.now())
                    var changed: [String] = []
                    for id in Validation.normalized(params.ids) {
                        guard try EntityStore.fetch(db, id: id) != nil else {
                            throw CatalogError.notFound("entity \(id) does not exist; nothing was tagged")
                        }
                        if try writer.retag(id: id, adding: adding ? params.tags : [], removing: adding ? [] : params.tags) { changed.append(id) }
                    }
                    try EntityStore.announce(changed, to: outbox)
                    return M.EntityTagged(changed: changed.count)
                }
            }
        }

        router.register(
            "entities.import",
            summary: "Import entities from CSV (name,kind[,id,uscc,industry,region,address,domains,tags,allowUnverifiedCode]); existing ids are updated.",
            mutating: true, params: importParams
        ) { (params: M.ImportRequest, ctx) in
            try access.writer(ctx.actor, to: "import entities")
            let importer = Importer(spec: ImportSpecs.entities, database: database)
            return try await importer.run(params, context: ctx) { db, events, rows, savepoints in
                let writer = try EntityStore.Writer(db, now: Self.now())
                var ids: [String] = []
                ids.reserveCapacity(rows.count)
                let result = try Importer<EntityInput>.eachRow(db, rows, savepoints: savepoints) { staged in
                    try writer.write(staged.input)
                    ids.append(staged.input.id)
                }
                try EntityStore.announce(ids, to: events)
                return result
            }
        }
    }
}
