import Foundation
import Messages

/// Ids of supervised entities.
///
/// A registered organisation's id is its USCC. Anything without one — a product, a project, a site, an area, an
/// online space — gets a stable id from what identifies it: `<KIND>-<region>-<16 hex digits of FNV-1a 64 of
/// "kind|region|name">`. The same kind, region and name (after trimming) always give the same id, so importing the
/// same list twice updates rather than duplicates.
public enum EntityID {
    public static func make(kind: CatalogMessages.EntityKind, region: String, name: String) -> String {
        let key = "\(kind.rawValue)|\(region)|\(name.trimmingCharacters(in: .whitespacesAndNewlines))"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return "\(prefix(kind))-\(region.isEmpty ? "0" : region)-\(padded)"
    }

    static func prefix(_ kind: CatalogMessages.EntityKind) -> String {
        switch kind {
        case .product: "PRD"
        case .project: "PRJ"
        case .facility: "FAC"
        case .area: "AREA"
        case .venue: "VEN"
        case .onlineSpace: "NET"
        case .enterprise: "ENT"
        case .cooperative: "COOP"
        case .individualBusiness: "IND"
        case .school: "SCH"
        case .hospital: "HOS"
        case .association: "ASSOC"
        }
    }
}
