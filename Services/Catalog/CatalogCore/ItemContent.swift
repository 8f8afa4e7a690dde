import Foundation
import GRDB
import Messages

/// Builds and checks the content of an item version: defaults for what a draft leaves out, changes applied,
/// every department resolved against the catalog.
enum ItemContent {
    typealias Item = CatalogMessages.Item

    /// A version-1 draft from `items.create` / an import row. `level` defaults to the lead department's level.
    static func draft(_ draft: CatalogMessages.ItemDraft, leadLevel: CatalogMessages.Level, at now: String) -> Item {
        Item(
            code: draft.code, version: 1, status: .draft, amendmentReason: .enact, amendmentNote: nil,
            name: draft.name.trimmingCharacters(in: .whitespacesAndNewlines), domain: draft.domain, leadDept: draft.leadDept,
            cooperatingDepts: draft.cooperatingDepts ?? [], content: draft.content ?? "", targets: draft.targets ?? "",
            legalBasis: draft.legalBasis ?? [], targetKinds: draft.targetKinds ?? [], industries: draft.industries ?? [],
            category: draft.category ?? .general, methods: draft.methods ?? [.randomDraw], level: draft.level ?? leadLevel,
            samplingRatio: draft.samplingRatio, frequencyPerYear: draft.frequencyPerYear, round: 0, pendingReviews: [],
            createdAt: now, publishedAt: nil, publishedVersion: nil, latestVersion: 1)
    }

    static func apply(_ changes: CatalogMessages.ItemChanges, to item: inout Item) {
        if let value = changes.name { item.name = value.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let value = changes.domain { item.domain = value }
        if let value = changes.leadDept { item.leadDept = value }
        if let value = changes.cooperatingDepts { item.cooperatingDepts = value }
        if let value = changes.content { item.content = value }
        if let value = changes.targets { item.targets = value }
        if let value = changes.legalBasis { item.legalBasis = value }
        if let value = changes.targetKinds { item.targetKinds = value }
        if let value = changes.industries { item.industries = value }
        if let value = changes.category { item.category = value }
        if let value = changes.methods { item.methods = value }
        if let value = changes.level { item.level = value }
        if let value = changes.samplingRatio { item.samplingRatio = value }
        if let value = changes.frequencyPerYear { item.frequencyPerYear = value }
    }

    /// Checks the content against the rules and the known departments; `prefix` names the params path for errors.
    static func validate(_ item: Item, departments: Set<String>, prefix: String = "params") throws(CatalogError) {
        if let problem = Validation.itemCode(item.code) {
            throw .invalidArgument("item code \(item.code.debugDescription) \(problem)", field: "\(prefix).code")
        }
        guard !item.name.isEmpty, item.name.count <= 200 else { throw .invalidArgument("item name must be 1…200 characters", field: "\(prefix).name") }
        if let problem = Validation.domain(item.domain) {
            throw .invalidArgument("domain \(item.domain.debugDescription) \(problem)", field: "\(prefix).domain")
        }
        guard departments.contains(item.leadDept) else {
            throw .invalidArgument("lead department \(item.leadDept) is not in the catalog; create it first (depts.create)", field: "\(prefix).leadDept")
        }
        var seen: Set<String> = []
        for (index, dept) in item.cooperatingDepts.enumerated() {
            let field = "\(prefix).cooperatingDepts[\(index)]"
            guard departments.contains(dept) else {
                throw .invalidArgument("cooperating department \(dept) is not in the catalog; create it first (depts.create)", field: field)
            }
            guard dept != item.leadDept else { throw .invalidArgument("the lead department \(dept) cannot also cooperate", field: field) }
            guard seen.insert(dept).inserted else { throw .invalidArgument("cooperating department \(dept) is listed twice", field: field) }
        }
        for (index, basis) in item.legalBasis.enumerated() where basis.law.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidArgument("legal basis \(index + 1) needs the law or regulation it cites", field: "\(prefix).legalBasis[\(index)].law")
        }
        for (index, industry) in item.industries.enumerated() {
            if let problem = Validation.industry(industry), !industry.isEmpty {
                throw .invalidArgument("industry \(industry.debugDescription) \(problem)", field: "\(prefix).industries[\(index)]")
            }
        }
        guard !item.methods.isEmpty else { throw .invalidArgument("an item needs at least one inspection method", field: "\(prefix).methods") }
        if let ratio = item.samplingRatio, !(ratio > 0 && ratio <= 1) {
            throw .invalidArgument("samplingRatio must be more than 0 and at most 1, got \(ratio)", field: "\(prefix).samplingRatio")
        }
        if let frequency = item.frequencyPerYear, !(1...366).contains(frequency) {
            throw .invalidArgument("frequencyPerYear must be 1…366, got \(frequency)", field: "\(prefix).frequencyPerYear")
        }
    }
}
