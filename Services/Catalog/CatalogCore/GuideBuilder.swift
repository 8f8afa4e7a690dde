import Messages

/// Builds a compliance guide (一业一册): the items in force for a domain or industry, grouped by lead department
/// (sections in department-code order, items in item-code order), and the same as one Markdown document.
enum GuideBuilder {
    static func build(
        items: [CatalogMessages.Item], departmentNames: [String: String], domain: String?, industry: String?
    ) -> CatalogMessages.Guide {
        let byLead = Dictionary(grouping: items, by: \.leadDept)
        let sections = byLead.keys.sorted().map { dept in
            CatalogMessages.GuideSection(
                dept: dept, deptName: departmentNames[dept] ?? dept,
                items: (byLead[dept] ?? []).sorted { $0.code < $1.code }.map {
                    CatalogMessages.GuideItem(
                        code: $0.code, version: $0.version, name: $0.name, domain: $0.domain, targets: $0.targets, content: $0.content,
                        legalBasis: $0.legalBasis, category: $0.category, methods: $0.methods, cooperatingDepts: $0.cooperatingDepts)
                })
        }
        let departments = Set(items.flatMap { [$0.leadDept] + $0.cooperatingDepts }).sorted()
        let markdown = render(sections: sections, departmentNames: departmentNames, title: domain.map { "domain `\($0)`" } ?? "industry `\(industry ?? "")`")
        return CatalogMessages.Guide(
            domain: domain, industry: industry, itemCount: items.count, departments: departments, sections: sections, markdown: markdown)
    }

    static func render(sections: [CatalogMessages.GuideSection], departmentNames: [String: String], title: String) -> String {
        var lines = ["# Compliance guide (一业一册): \(title)", ""]
        let count = sections.reduce(0) { $0 + $1.items.count }
        lines.append("\(count) supervision item(s) in force, by lead department (牵头单位).")
        lines.append("")
        if sections.isEmpty { lines.append("No published item applies.") }
        for section in sections {
            lines.append("## \(section.deptName) (`\(section.dept)`)")
            lines.append("")
            for item in section.items {
                lines.append("### \(item.code) \(item.name) (v\(item.version))")
                lines.append("")
                if !item.targets.isEmpty { lines.append("- **Targets (监管对象):** \(item.targets)") }
                lines.append("- **Category:** \(item.category == .key ? "key (重点)" : "general (一般)")")
                lines.append("- **Methods:** \(item.methods.map(\.rawValue).joined(separator: ", "))")
                if !item.cooperatingDepts.isEmpty {
                    let names = item.cooperatingDepts.map { departmentNames[$0] ?? $0 }
                    lines.append("- **Cooperating departments (配合单位):** \(names.joined(separator: "、"))")
                }
                lines.append("")
                if !item.content.isEmpty {
                    lines.append("**Content (检查内容):** \(item.content)")
                    lines.append("")
                }
                lines.append("**Legal basis (设定依据):**")
                lines.append("")
                if item.legalBasis.isEmpty { lines.append("- not recorded") }
                for basis in item.legalBasis { lines.append("- \(basis.law)\(basis.article.isEmpty ? "" : " \(basis.article)")") }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}
