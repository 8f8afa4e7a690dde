import Foundation
import Messages

/// Deterministic demo entities and inspectors for the Huaiyang list: the same count gives the same rows on every
/// machine, each organisation with a USCC whose check character is right.
///
/// The industry codes per domain are approximate GB/T 4754-2017 codes chosen for the demo (not in the source list).
public enum DemoGenerator {
    /// What the demo assumes about one domain of `items.csv`.
    struct Profile {
        var domain: String
        var industries: [String]
        var kinds: [CatalogMessages.EntityKind]
        var stem: String
    }

    static let profiles: [Profile] = [
        Profile(domain: "vocational-internship", industries: ["P8336"], kinds: [.school, .enterprise], stem: "职业技术学校"),
        Profile(domain: "labour-wages", industries: ["L7261"], kinds: [.enterprise, .individualBusiness], stem: "人力资源服务有限公司"),
        Profile(domain: "self-built-housing", industries: [], kinds: [.facility], stem: "自建房"),
        Profile(domain: "gas-safety", industries: ["D451", "H621"], kinds: [.enterprise, .individualBusiness], stem: "燃气有限公司"),
        Profile(domain: "road-transport", industries: ["G542", "G543"], kinds: [.enterprise], stem: "运输有限公司"),
        Profile(domain: "truck-overload", industries: ["G543"], kinds: [.enterprise], stem: "货运有限公司"),
        Profile(domain: "agri-inputs", industries: ["C262", "C263"], kinds: [.enterprise, .cooperative], stem: "农资有限公司"),
        Profile(domain: "livestock", industries: ["A03"], kinds: [.cooperative, .enterprise], stem: "养殖专业合作社"),
        Profile(domain: "slaughter", industries: ["C135"], kinds: [.enterprise], stem: "肉类加工有限公司"),
        Profile(domain: "auto-market", industries: ["F526"], kinds: [.enterprise], stem: "汽车销售有限公司"),
        Profile(domain: "medical-beauty", industries: ["Q84"], kinds: [.hospital, .individualBusiness], stem: "医疗美容诊所"),
        Profile(domain: "hazchem", industries: ["C26"], kinds: [.enterprise], stem: "化工有限公司"),
        Profile(domain: "medical-insurance-fund", industries: ["Q84", "F5251"], kinds: [.hospital, .enterprise], stem: "医院"),
        Profile(domain: "local-finance", industries: ["J66"], kinds: [.enterprise], stem: "小额贷款有限公司"),
        Profile(domain: "seedlings", industries: ["A01"], kinds: [.enterprise, .individualBusiness], stem: "花卉苗木有限公司"),
        Profile(domain: "medical-devices", industries: ["Q84"], kinds: [.hospital], stem: "卫生院"),
        Profile(domain: "pharmacy", industries: ["F5251"], kinds: [.enterprise, .individualBusiness], stem: "大药房"),
        Profile(domain: "grain", industries: ["F511"], kinds: [.enterprise], stem: "粮油购销有限公司"),
        Profile(domain: "elderly-care", industries: ["Q851"], kinds: [.association, .enterprise], stem: "养老院"),
    ]

    static func industries(forDomain domain: String) -> [String] { profiles.first { $0.domain == domain }?.industries ?? [] }

    /// Huaiyang district (淮阳区) division code; towns are `411603100`…`411603119`.
    public static let district = "411603"
    static let words = ["东方", "华兴", "金源", "宏达", "顺安", "康宁", "益民", "鑫泰", "福润", "永盛", "瑞丰", "恒信"]

    /// The `n`th demo entity (0-based).
    public static func entity(_ n: Int) -> CatalogMessages.EntityUpsert {
        let profile = profiles[n % profiles.count]
        let kind = profile.kinds[(n / profiles.count) % profile.kinds.count]
        let region = district + String(100 + n % 20)
        let name = "淮阳\(words[n % words.count])\(profile.stem)\(n)"
        var domains = [profile.domain]
        if kind == .enterprise, n % 3 == 0, profile.domain != "labour-wages" { domains.append("labour-wages") }
        if n % 7 == 0, profile.domain != "gas-safety", kind != .facility { domains.append("gas-safety") }
        return CatalogMessages.EntityUpsert(
            uscc: kind.hasUSCC ? uscc(n, kind: kind) : nil, name: name, kind: kind, industry: profile.industries.first ?? "",
            region: region, address: "周口市淮阳区\(words[(n / 12) % words.count])路\(n % 500 + 1)号", domains: domains,
            tags: n % 10 == 0 ? ["demo", "high-risk"] : ["demo"])
    }

    /// A valid USCC for the `n`th entity: registration authority and category by kind, the district, `MA` and n.
    public static func uscc(_ n: Int, kind: CatalogMessages.EntityKind) -> String {
        let authority: String
        switch kind {
        case .individualBusiness: authority = "92"
        case .cooperative: authority = "93"
        case .school, .hospital: authority = "12"
        case .association: authority = "52"
        default: authority = "91"
        }
        let digits = String(n % 10_000_000)
        let body = authority + district + "MA" + String(repeating: "0", count: 7 - digits.count) + digits
        return body + String(USCC.checkCharacter(for: body) ?? "0")
    }

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"]
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"]

    /// The `k`th demo inspector of a department, expert in the domains the department takes part in.
    static func inspector(dept: String, deptIndex: Int, k: Int, domains: [String]) -> CatalogMessages.PersonCreate {
        let serial = deptIndex * 100 + k + 1
        let name = surnames[serial % surnames.count] + givenNames[(serial / surnames.count + k) % givenNames.count]
        return CatalogMessages.PersonCreate(
            dept: dept, name: name, certificateNo: "41160300\(String(format: "%04d", serial))", qualifications: ["law-enforcement"],
            expertise: domains, active: true)
    }
}
