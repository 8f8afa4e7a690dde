import Foundation
import GRDB
import Messages

/// Loads the demo data on first start (`JG_DEMO_DATA`): the departments and items of the Huaiyang 2025 list (items
/// published, cooperating departments resolved), generated entities across the list's domains, and inspectors for
/// every department. Does nothing when the catalog already has departments or items.
struct DemoLoader {
    /// What was loaded.
    struct Loaded: Sendable {
        var departments: Int
        var items: Int
        var entities: Int
        var inspectors: Int
    }

    let config: CatalogConfig
    let directory: String

    func loadIfEmpty(_ writer: any DatabaseWriter) throws -> Loaded? {
        let departmentsCSV = try read("departments.csv")
        let itemsCSV = try read("items.csv")
        return try writer.write { db -> Loaded? in
            let existing = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM department) + (SELECT COUNT(*) FROM item)") ?? 0
            guard existing == 0 else { return nil }
            return try load(db, departmentsCSV: departmentsCSV, itemsCSV: itemsCSV)
        }
    }

    func load(_ db: Database, departmentsCSV: String, itemsCSV: String) throws -> Loaded {
        let now = Wire.timestamp(Date())
        let events = DirectOutbox(db: db)
        let admin = Actor(dept: config.coordinationDept, user: "demo-loader", role: .admin)
        // Departments, plus the coordination office if the list does not name it.
        let departments = try checked(ImportSpecs.departments(defaultLevel: .district), departmentsCSV, file: "departments.csv")
        for department in departments { try DepartmentStore.insert(db, department, at: now) }
        if try DepartmentStore.fetch(db, code: config.coordinationDept) == nil {
            try DepartmentStore.insert(
                db, .init(code: config.coordinationDept, name: "综合监管工作专班办公室", level: .district, kind: .other), at: now)
        }
        // Items, published as enacted by the notice.
        let workflow = ItemWorkflow(access: Access(config: config), db: db, events: events, actor: admin, now: now)
        var drafts = try checked(ImportSpecs.items, itemsCSV, file: "items.csv")
        for index in drafts.indices {
            drafts[index].category = drafts[index].category ?? .key
            drafts[index].industries = drafts[index].industries ?? DemoGenerator.industries(forDomain: drafts[index].domain)
            _ = try workflow.create(drafts[index])
            try workflow.publishEnacted(code: drafts[index].code)
        }
        // Entities.
        let writer = try EntityStore.Writer(db, now: now)
        var ids: [String] = []
        for n in 0..<config.demoEntities {
            let input = try EntityInput.check(DemoGenerator.entity(n))
            try writer.write(input)
            ids.append(input.id)
        }
        try EntityStore.announce(ids, to: events)
        // Inspectors: the domains each department takes part in are its expertise.
        var domainsByDept: [String: Set<String>] = [:]
        for draft in drafts {
            for dept in [draft.leadDept] + (draft.cooperatingDepts ?? []) { domainsByDept[dept, default: []].insert(draft.domain) }
        }
        var inspectors = 0
        for (index, department) in departments.enumerated() {
            for k in 0..<config.demoInspectorsPerDept {
                let create = DemoGenerator.inspector(
                    dept: department.code, deptIndex: index, k: k, domains: (domainsByDept[department.code] ?? []).sorted())
                try PersonStore.write(db, try PersonStore.check(create, registry: .inspector), registry: .inspector, insertOnly: true, now: now)
                inspectors += 1
            }
        }
        return Loaded(departments: departments.count, items: drafts.count, entities: ids.count, inspectors: inspectors)
    }

    private func read(_ file: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError.invalidConfiguration("JG_DEMO_DATA=\(directory): cannot read \(path); point it at deploy/demo-data")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func checked<Input>(_ spec: ImportSpec<Input>, _ csv: String, file: String) throws -> [Input] {
        let table = try CSVTable(csv, required: spec.required, known: spec.known)
        return try table.rows.map { row in
            do {
                return try spec.read(table, row)
            } catch {
                throw CatalogError.invalidConfiguration("demo \(file) line \(row.line): \(error)")
            }
        }
    }
}
