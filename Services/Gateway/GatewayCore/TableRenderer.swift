import Messages

/// Renders results for people: a list of records as an aligned table (Chinese characters count as two columns,
/// as terminals draw them), anything else as indented `key: value` lines.
public enum TableRenderer {
    /// Display width of text in a terminal: East Asian wide and full-width characters take two columns.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value) || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : 1)
        }
    }

    static func pad(_ text: String, to columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - width(text)))
    }

    /// A cell: scalars as text, lists of scalars joined, nested values as compact JSON.
    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .int(let number)?: return "\(number)"
        case .double(let number)?: return "\(number)"
        case .bool(let flag)?: return flag ? "yes" : "no"
        case .array(let items)? where items.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } }):
            return items.map { cell($0) }.joined(separator: ",")
        case let other?:
            return (try? String(decoding: Wire.encode(other), as: UTF8.self)) ?? ""
        }
    }

    /// The table for a list of objects; columns in first-seen order, at most `maxColumns`, cells cut at 40 columns.
    public static func table(_ rows: [JSONValue], maxColumns: Int = 8) -> String {
        var columns: [String] = []
        for row in rows {
            if case .object(let fields) = row {
                for key in fields.keys.sorted() where !columns.contains(key) { columns.append(key) }
            }
        }
        columns = Array(columns.prefix(maxColumns))
        let cells = rows.map { row in columns.map { String(cut(cell(row[$0]), to: 40)) } }
        let widths = columns.indices.map { index in max(width(columns[index].uppercased()), cells.map { width($0[index]) }.max() ?? 0) }
        var lines = [zip(columns, widths).map { pad($0.uppercased(), to: $1) }.joined(separator: "  ")]
        for row in cells { lines.append(zip(row, widths).map { pad($0, to: $1) }.joined(separator: "  ")) }
        return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    static func cut(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        var result = ""
        for character in text {
            if width(result + String(character)) > columns - 1 { break }
            result.append(character)
        }
        return result + "…"
    }

    /// A whole result: each list of records in it as a table, other fields as `key: value` lines, and a page's
    /// `next` cursor last, as the parameter that fetches the next page (every list method takes it as `after`).
    public static func render(_ value: JSONValue) -> String {
        switch value {
        case .array(let rows) where rows.allSatisfy({ if case .object = $0 { true } else { false } }) && !rows.isEmpty:
            return table(rows)
        case .object(let fields):
            var lines: [(key: String, text: String)] = []
            var tables: [String] = []
            for key in fields.keys.sorted() where key != "next" {
                let field = fields[key] ?? .null
                if case .array(let rows) = field, !rows.isEmpty, rows.allSatisfy({ if case .object = $0 { true } else { false } }) {
                    tables.append("\(key) (\(rows.count)):\n" + table(rows))
                } else if case .array(let items) = field, items.isEmpty {
                    lines.append((key, "(none)"))
                } else {
                    lines.append((key, cell(field)))
                }
            }
            let keyWidth = lines.map { width($0.key) }.max() ?? 0
            let scalars = lines.map { "\(pad($0.key + ":", to: keyWidth + 1)) \($0.text)" }
            let next = fields["next"].flatMap { $0 == .null ? nil : "more: add after=\(cell($0)) for the next page" }
            return (scalars + tables + [next].compactMap { $0 }).joined(separator: "\n")
        default:
            return cell(value)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
