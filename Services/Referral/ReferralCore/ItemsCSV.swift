import Foundation

/// Reads the routing columns of an items CSV (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks).
enum ItemsCSV {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func entries(from text: String, origin: String) throws -> [RoutingEntry] {
        let rows = try records(text)
        guard let header = rows.first else { return [] }
        func column(_ name: String) -> Int? { header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name } }
        guard let code = column("code"), let lead = column("lead") ?? column("leadDept"), let domain = column("domain") else {
            throw Failure(description: "\(origin): the header must name code, lead and domain columns; it has \(header.joined(separator: ","))")
        }
        let cooperating = column("cooperating") ?? column("cooperatingDepts")
        return rows.dropFirst().filter { $0.count > 1 || $0.first?.isEmpty == false }.compactMap { row in
            func field(_ index: Int?) -> String { index.flatMap { $0 < row.count ? row[$0] : nil }?.trimmingCharacters(in: .whitespaces) ?? "" }
            guard !field(code).isEmpty, !field(lead).isEmpty else { return nil }
            let depts = field(cooperating).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return RoutingEntry(code: field(code), domain: field(domain), leadDept: field(lead), cooperatingDepts: depts)
        }
    }

    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append(fields)
                (fields, field) = ([], "")
            case "\u{FEFF}" where records.isEmpty && fields.isEmpty && field.isEmpty: continue
            default: field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw Failure(description: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
