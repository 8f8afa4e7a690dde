import Foundation
import Messages

/// The CSV formats the catalog imports. Every file has a header row; columns may come in any order; list cells are
/// `;`-separated. Columns (required in bold in the README):
///
/// - departments: `code,name,kind` + optional `level,parent` (the format of `departments.csv`).
/// - items: `code,name,targets,content,lead,cooperating,domain` (the format of `items.csv`) + optional
///   `targetKinds,industries,category,methods,level,legalBasis,samplingRatio,frequencyPerYear`; `legalBasis` cells
///   are `law|article` pairs separated by `;`.
/// - entities: `name,kind` + optional `id,uscc,industry,region,address,domains,tags,allowUnverifiedCode`.
/// - inspectors and experts: `dept,name` + optional `id,certificateNo,organisation,qualifications,expertise,conflicts,active`.
enum ImportSpecs {
    static func departments(defaultLevel: CatalogMessages.Level) -> ImportSpec<CatalogMessages.Department> {
        ImportSpec(
            target: "departments", options: "level=\(defaultLevel.rawValue)", required: ["code", "name", "kind"],
            known: ["code", "name", "kind", "level", "parent"]
        ) { table, row in
            let kindText = table.value(row, "kind")
            guard let kind = CatalogMessages.DepartmentKind(rawValue: kindText) else {
                throw CatalogError.invalidArgument(
                    "kind \(kindText.debugDescription) is not one of \(CatalogMessages.DepartmentKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "kind")
            }
            let levelText = table.value(row, "level")
            guard let level = levelText.isEmpty ? defaultLevel : CatalogMessages.Level(rawValue: levelText) else {
                throw CatalogError.invalidArgument(
                    "level \(levelText.debugDescription) is not one of \(CatalogMessages.Level.allCases.map(\.rawValue).joined(separator: ", "))", field: "level")
            }
            let department = CatalogMessages.Department(
                code: table.value(row, "code"), name: table.value(row, "name"), level: level, kind: kind, parent: table.value(row, "parent").nonEmpty)
            try DepartmentStore.validate(department, field: "row")
            return department
        }
    }

    static let itemColumns = [
        "code", "name", "targets", "content", "lead", "cooperating", "domain", "targetKinds", "industries", "category", "methods", "level",
        "legalBasis", "samplingRatio", "frequencyPerYear",
    ]

    static let items = ImportSpec<CatalogMessages.ItemDraft>(
        target: "items", required: ["code", "name", "targets", "content", "lead", "cooperating", "domain"], known: itemColumns
    ) { table, row in
        func enumList<E: RawRepresentable & CaseIterable>(_ column: String, _: E.Type) throws -> [E]? where E.RawValue == String {
            guard table.has(column) else { return nil }
            return try Validation.list(table.value(row, column)).map { text in
                guard let value = E(rawValue: text) else {
                    throw CatalogError.invalidArgument(
                        "\(text.debugDescription) is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", field: column)
                }
                return value
            }
        }
        func enumValue<E: RawRepresentable & CaseIterable>(_ column: String, _: E.Type) throws -> E? where E.RawValue == String {
            let text = table.value(row, column)
            guard !text.isEmpty else { return nil }
            guard let value = E(rawValue: text) else {
                throw CatalogError.invalidArgument("\(text.debugDescription) is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", field: column)
            }
            return value
        }
        func number<N: LosslessStringConvertible>(_ column: String, _: N.Type) throws -> N? {
            let text = table.value(row, column)
            guard !text.isEmpty else { return nil }
            guard let value = N(text) else { throw CatalogError.invalidArgument("\(text.debugDescription) is not a number", field: column) }
            return value
        }
        let legalBasis: [CatalogMessages.LegalBasis]? =
            table.has("legalBasis")
            ? Validation.list(table.value(row, "legalBasis")).map { pair in
                let parts = pair.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return CatalogMessages.LegalBasis(law: parts.first ?? "", article: parts.count > 1 ? parts[1] : "")
            } : nil
        return CatalogMessages.ItemDraft(
            code: table.value(row, "code"), name: table.value(row, "name"), domain: table.value(row, "domain"), leadDept: table.value(row, "lead"),
            cooperatingDepts: Validation.list(table.value(row, "cooperating")), content: table.value(row, "content"),
            targets: table.value(row, "targets"), legalBasis: legalBasis, targetKinds: try enumList("targetKinds", CatalogMessages.EntityKind.self),
            industries: table.has("industries") ? Validation.list(table.value(row, "industries")) : nil,
            category: try enumValue("category", CatalogMessages.Category.self), methods: try enumList("methods", CatalogMessages.InspectionMethod.self),
            level: try enumValue("level", CatalogMessages.Level.self), samplingRatio: try number("samplingRatio", Double.self),
            frequencyPerYear: try number("frequencyPerYear", Int.self))
    }

    /// Item content errors name params fields (`params.leadDept`); in a CSV report they name the column.
    static func itemColumn(_ field: String) -> String {
        switch field {
        case "leadDept": "lead"
        case "cooperatingDepts": "cooperating"
        default: field
        }
    }

    static let entityColumns = ["id", "uscc", "name", "kind", "industry", "region", "address", "domains", "tags", "allowUnverifiedCode"]

    static let entities = ImportSpec<EntityInput>(target: "entities", required: ["name", "kind"], known: entityColumns) { table, row in
        let kindText = table.value(row, "kind")
        guard let kind = CatalogMessages.EntityKind(rawValue: kindText) else {
            throw CatalogError.invalidArgument(
                "kind \(kindText.debugDescription) is not one of \(CatalogMessages.EntityKind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
        }
        let unverified = table.value(row, "allowUnverifiedCode").lowercased()
        return try EntityInput.check(
            CatalogMessages.EntityUpsert(
                id: table.value(row, "id").nonEmpty, uscc: table.value(row, "uscc").nonEmpty,
                allowUnverifiedCode: unverified == "true" || unverified == "1" || unverified == "yes", name: table.value(row, "name"), kind: kind,
                industry: table.value(row, "industry"), region: table.value(row, "region"), address: table.value(row, "address"),
                domains: table.has("domains") ? Validation.list(table.value(row, "domains")) : nil,
                tags: table.has("tags") ? Validation.list(table.value(row, "tags")) : nil),
            prefix: "")
    }

    static let personColumns = ["id", "dept", "name", "certificateNo", "organisation", "qualifications", "expertise", "conflicts", "active"]

    static func people(_ registry: PersonStore.Registry) -> ImportSpec<CatalogMessages.Person> {
        ImportSpec(target: registry.method, required: ["dept", "name"], known: personColumns) { table, row in
            let activeText = table.value(row, "active").lowercased()
            guard ["", "true", "false", "1", "0", "yes", "no"].contains(activeText) else {
                throw CatalogError.invalidArgument("active must be true or false", field: "active")
            }
            return try PersonStore.check(
                CatalogMessages.PersonCreate(
                    id: table.value(row, "id").nonEmpty, dept: table.value(row, "dept"), name: table.value(row, "name"),
                    certificateNo: table.value(row, "certificateNo").nonEmpty, organisation: table.value(row, "organisation").nonEmpty,
                    qualifications: Validation.list(table.value(row, "qualifications")), expertise: Validation.list(table.value(row, "expertise")),
                    conflicts: Validation.list(table.value(row, "conflicts")), active: activeText.isEmpty ? true : ["true", "1", "yes"].contains(activeText)),
                registry: registry, prefix: "")
        }
    }
}
