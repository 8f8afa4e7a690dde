import Foundation
import Messages

/// A checked entity, ready to write: id decided, USCC verified (or marked unverified on request), lists normalised.
struct EntityInput: Codable, Sendable, Hashable {
    var id: String
    var uscc: String?
    var usccVerified: Bool
    var name: String
    var kind: CatalogMessages.EntityKind
    var industry: String
    var region: String
    var address: String
    /// nil: keep what is stored (on update); a list replaces it.
    var domains: [String]?
    var tags: [String]?

    /// Checks an upsert. Errors name the field as `<prefix>.<name>` (`params.uscc`; for CSV rows the column).
    static func check(_ upsert: CatalogMessages.EntityUpsert, prefix: String = "params.") throws(CatalogError) -> EntityInput {
        let name = upsert.name.trimmedBlanks
        guard !name.isEmpty, name.unicodeScalars.count <= 300 else { throw .invalidArgument("name must be 1…300 characters", field: prefix + "name") }
        let industry = upsert.industry ?? ""
        if let problem = Validation.industry(industry) { throw .invalidArgument("industry \(industry.debugDescription) \(problem)", field: prefix + "industry") }
        let region = upsert.region ?? ""
        if let problem = Validation.region(region) { throw .invalidArgument("region \(region.debugDescription) \(problem)", field: prefix + "region") }
        let address = upsert.address ?? ""
        guard address.unicodeScalars.count <= 500 else { throw .invalidArgument("address must be at most 500 characters", field: prefix + "address") }
        for domain in upsert.domains ?? [] {
            if let problem = Validation.domain(domain) { throw .invalidArgument("domain \(domain.debugDescription) \(problem)", field: prefix + "domains") }
        }
        for tag in upsert.tags ?? [] {
            if let problem = Validation.label(tag) { throw .invalidArgument("tag \(tag.debugDescription) \(problem)", field: prefix + "tags") }
        }
        var uscc: String? = nil
        var verified = true
        if let raw = upsert.uscc?.trimmedBlanks, !raw.isEmpty {
            let code = raw.utf8.contains(where: { (0x61...0x7A).contains($0) }) ? raw.uppercased() : raw
            if let problem = USCC.problem(in: code) {
                guard upsert.allowUnverifiedCode == true else { throw invalid(code, problem, field: prefix + "uscc") }
                guard code.utf8.count <= 64 else { throw .invalidArgument("uscc must be at most 64 characters even unverified", field: prefix + "uscc") }
                verified = false
            }
            uscc = code
        } else if upsert.kind.hasUSCC, upsert.id == nil {
            throw .invalidArgument(
                "a \(upsert.kind.rawValue) is identified by its USCC (统一社会信用代码); give uscc, or an id if it has none", field: prefix + "uscc")
        }
        let id: String
        if let given = upsert.id?.trimmedBlanks, !given.isEmpty {
            if let problem = Validation.entityId(given) { throw .invalidArgument("id \(given.debugDescription) \(problem)", field: prefix + "id") }
            id = given
        } else if let uscc, verified {
            id = uscc
        } else {
            id = EntityID.make(kind: upsert.kind, region: region, name: name)
        }
        return EntityInput(
            id: id, uscc: uscc, usccVerified: verified, name: name, kind: upsert.kind, industry: industry, region: region, address: address,
            domains: upsert.domains.map(Validation.normalized), tags: upsert.tags.map(Validation.normalized))
    }

    /// `INVALID_ARGUMENT` for a bad code; `details.expected` carries the right check character when only it is wrong.
    static func invalid(_ code: String, _ problem: USCC.Problem, field: String) -> CatalogError {
        switch problem {
        case .length(let count):
            return .invalidArgument("uscc \(code) has \(count) characters; a USCC has 18", field: field, extra: ["uscc": .string(code)])
        case .character(let position, let character):
            return .invalidArgument(
                "uscc \(code) has \(character) at position \(position); a USCC uses only 0-9 and A-Y without I, O, S, V, Z", field: field,
                extra: ["uscc": .string(code), "position": .int(Int64(position))])
        case .checkCharacter(let expected, let found):
            return .invalidArgument(
                "uscc \(code) fails its check character: expected \(expected), found \(found); check the code or pass allowUnverifiedCode to store it unverified",
                field: field, extra: ["uscc": .string(code), "expected": .string(String(expected)), "found": .string(String(found))])
        }
    }
}
