import Foundation
import GRDB
import Messages
import ServiceRunner

extension CatalogService {
    func registerDepartments(_ router: inout MethodRouter) {
        let access = access
        let database = database
        typealias M = CatalogMessages

        router.register(
            "depts.create", summary: "Add a department (coordination office only).", mutating: true,
            params: [
                .init("code", "string", required: true, "e.g. hy-market"), .init("name", "string", required: true),
                .init("level", "string", required: true, "province|city|county|district|street"),
                .init("kind", "string", required: true, "competent|regulator|vertical|enterprise|other"), .init("parent", "string", "parent department code"),
            ]
        ) { (params: M.Department, ctx) in
            try access.requireAdmin(ctx.actor, to: "create departments")
            try DepartmentStore.validate(params)
            return try await mutate(ctx) { db, _ in
                try DepartmentStore.insert(db, params, at: Self.now())
                return params
            }
        }

        router.register("depts.get", summary: "One department by code.", open: true, params: [.init("code", "string", required: true)]) {
            (params: M.DepartmentRef, _) in
            guard let department = try await database.read({ db in try DepartmentStore.fetch(db, code: params.code) }) else {
                throw CatalogError.notFound("department \(params.code) does not exist; depts.list lists them")
            }
            return department
        }

        router.register(
            "depts.list", summary: "Departments by code, optionally filtered.", open: true,
            params: [.init("kind", "string"), .init("level", "string"), .init("parent", "string")]
        ) { (params: M.DepartmentFilter, _) in
            M.DepartmentList(departments: try await database.read { db in try DepartmentStore.list(db, params) })
        }

        router.register(
            "depts.update", summary: "Change a department's name, level, kind or parent (coordination office only).", mutating: true,
            params: [
                .init("code", "string", required: true), .init("name", "string"), .init("level", "string"), .init("kind", "string"),
                .init("parent", "string", "empty string clears it"),
            ]
        ) { (params: M.DepartmentUpdate, ctx) in
            try access.requireAdmin(ctx.actor, to: "update departments")
            return try await mutate(ctx) { db, _ in
                guard var department = try DepartmentStore.fetch(db, code: params.code) else {
                    throw CatalogError.notFound("department \(params.code) does not exist; create it with depts.create")
                }
                if let name = params.name { department.name = name }
                if let level = params.level { department.level = level }
                if let kind = params.kind { department.kind = kind }
                if let parent = params.parent { department.parent = parent.isEmpty ? nil : parent }
                try DepartmentStore.validate(department)
                try DepartmentStore.update(db, department, at: Self.now())
                return department
            }
        }

        router.register(
            "depts.import", summary: "Import departments from CSV (code,name,kind[,level,parent]); existing codes are updated.", mutating: true,
            params: importParams + [.init("level", "string", "level of rows without a level column (default district)")]
        ) { (params: M.ImportRequest, ctx) in
            try access.requireAdmin(ctx.actor, to: "import departments")
            let importer = Importer(spec: ImportSpecs.departments(defaultLevel: params.level ?? .district), database: database)
            return try await importer.run(params, context: ctx) { db, _, rows, savepoints in
                let now = Self.now()
                return try Importer<M.Department>.eachRow(db, rows, savepoints: savepoints) { staged in
                    if try DepartmentStore.fetch(db, code: staged.input.code) == nil {
                        try DepartmentStore.insert(db, staged.input, at: now)
                    } else {
                        try DepartmentStore.update(db, staged.input, at: now)
                    }
                }
            }
        }
    }

    /// The parameters every `*.import` takes.
    var importParams: [SystemMessages.ParamSpec] {
        [
            .init("csv", "string", required: true, "CSV text with a header row (see README for columns)"),
            .init("mode", "string", "all (default: nothing unless every row is good) | valid (import the good rows)"),
            .init("dryRun", "boolean", "check only"), .init("batchId", "string", "chunked import: same id on every chunk"),
            .init("last", "boolean", "chunked import: this chunk ends the batch and commits it"),
        ]
    }
}
