import Foundation
import GRDB
import Messages
import ServiceRunner

extension CatalogService {
    /// `inspectors.*` or `experts.*`: the same methods over the two registries.
    func registerPeople(_ router: inout MethodRouter, registry: PersonStore.Registry) {
        let access = access
        let database = database
        let noun = registry.noun
        let prefix = registry.method
        typealias M = CatalogMessages
        let fields: [SystemMessages.ParamSpec] = [
            .init("certificateNo", "string", registry == .inspector ? "law-enforcement certificate number (required)" : "certificate, if any"),
            .init("organisation", "string"), .init("qualifications", "[string]"), .init("expertise", "[string]"),
            .init("conflicts", "[string]", "entity ids to avoid (回避)"), .init("active", "boolean"),
        ]

        router.register(
            "\(prefix).create", summary: "Register a\(registry == .expert ? "n" : "") \(noun) (own department or coordination office).", mutating: true,
            params: [.init("dept", "string", required: true), .init("name", "string", required: true), .init("id", "string")] + fields
        ) { (params: M.PersonCreate, ctx) in
            try access.requireDept(ctx.actor, dept: params.dept, to: "register \(noun)s of \(params.dept)")
            let person = try PersonStore.check(params, registry: registry)
            return try await mutate(ctx) { db, _ in
                try PersonStore.write(db, person, registry: registry, insertOnly: true, now: Self.now())
                return person
            }
        }

        router.register("\(prefix).get", summary: "One \(noun) by id.", params: [.init("id", "string", required: true)]) { (params: M.PersonRef, ctx) in
            try access.member(ctx.actor, to: "read the \(noun) registry")
            return try await database.read { db in try PersonStore.require(db, registry: registry, id: params.id) }
        }

        router.register(
            "\(prefix).list", summary: "\(noun.capitalized)s sorted by id, filtered by department, active, qualification, expertise.",
            params: [
                .init("dept", "string"), .init("active", "boolean"), .init("qualification", "string"), .init("expertise", "string"), .init("after", "string"),
                .init("limit", "integer", "1…5000, default 500"),
            ]
        ) { (params: M.PersonFilter, ctx) in
            try access.member(ctx.actor, to: "read the \(noun) registry")
            let limit = try Self.pageSize(params.limit, default: 500, max: 5_000)
            return try await database.read { db in try PersonStore.list(db, registry: registry, params, limit: limit) }
        }

        router.register(
            "\(prefix).update", summary: "Change a\(registry == .expert ? "n" : "") \(noun) (own department or coordination office).", mutating: true,
            params: [.init("id", "string", required: true), .init("dept", "string"), .init("name", "string")] + fields
        ) { (params: M.PersonUpdate, ctx) in
            try access.writer(ctx.actor, to: "update \(noun)s")
            let actor = ctx.actor
            return try await mutate(ctx) { db, _ in
                let current = try PersonStore.require(db, registry: registry, id: params.id)
                try access.requireDept(actor, dept: current.dept, to: "update \(noun) \(params.id)")
                if let dept = params.dept, dept != current.dept { try access.requireDept(actor, dept: dept, to: "move \(noun)s to \(dept)") }
                let person = try PersonStore.check(
                    M.PersonCreate(
                        id: current.id, dept: params.dept ?? current.dept, name: params.name ?? current.name,
                        certificateNo: params.certificateNo ?? current.certificateNo, organisation: params.organisation ?? current.organisation,
                        qualifications: params.qualifications ?? current.qualifications, expertise: params.expertise ?? current.expertise,
                        conflicts: params.conflicts ?? current.conflicts, active: params.active ?? current.active),
                    registry: registry)
                try PersonStore.write(db, person, registry: registry, insertOnly: false, now: Self.now())
                return person
            }
        }

        router.register(
            "\(prefix).import", summary: "Import \(noun)s from CSV (dept,name[,id,certificateNo,organisation,qualifications,expertise,conflicts,active]).",
            mutating: true, params: importParams
        ) { (params: M.ImportRequest, ctx) in
            try access.writer(ctx.actor, to: "import \(noun)s")
            let actor = ctx.actor
            let importer = Importer(spec: ImportSpecs.people(registry), database: database)
            return try await importer.run(params, context: ctx) { db, _, rows, savepoints in
                let now = Self.now()
                return try Importer<M.Person>.eachRow(db, rows, savepoints: savepoints) { staged in
                    try access.requireDept(actor, dept: staged.input.dept, to: "import \(noun)s of \(staged.input.dept)")
                    try PersonStore.write(db, staged.input, registry: registry, insertOnly: false, now: now)
                }
            }
        }
    }
}
