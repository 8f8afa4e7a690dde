import Foundation

/// A small RFC 4180 reader: comma-separated fields, fields with commas, quotes or line breaks in double quotes,
/// `""` for a quote inside them; CRLF or LF line ends; a leading UTF-8 BOM is skipped.
///
/// Works on UTF-8 bytes, so a million rows parse in well under a second.
public struct CSVReader: Sendable {
    /// One record and the 1-based line of the text it starts on.
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    /// Broken quoting: nothing after it can be trusted.
    public struct Failure: Error, Sendable, Hashable {
        public var line: Int
        public var reason: String
    }

    public static func parse(_ text: String) throws(Failure) -> [Record] {
        var utf8 = Array(text.utf8)
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        return try utf8.withUnsafeBufferPointer { buffer throws(Failure) in try parse(buffer) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> [Record] {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var records: [Record] = []
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var index = 0
        let count = bytes.count
        var atRecordStart = true
        while index < count {
            if atRecordStart {
                recordLine = line
                atRecordStart = false
            }
            // One field.
            if bytes[index] == quote {
                var value: [UInt8] = []
                index += 1
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count, bytes[index + 1] == quote {
                            value.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == lf { line += 1 }
                    value.append(byte)
                    index += 1
                }
                guard closed else { throw Failure(line: recordLine, reason: "a quoted field is never closed") }
                guard index == count || bytes[index] == comma || bytes[index] == cr || bytes[index] == lf else {
                    throw Failure(line: line, reason: "text after a closing quote; a quote inside a quoted field is written \"\"")
                }
                fields.append(String(decoding: value, as: UTF8.self))
            } else {
                let start = index
                while index < count, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf {
                    if bytes[index] == quote {
                        throw Failure(line: line, reason: "a quote inside an unquoted field; quote the whole field and double the quote")
                    }
                    index += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            }
            // What ends it.
            if index == count { break }
            if bytes[index] == comma {
                index += 1
                if index == count { fields.append("") }
                continue
            }
            if bytes[index] == cr { index += 1 }
            if index < count, bytes[index] == lf { index += 1 }
            line += 1
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            atRecordStart = true
        }
        if !fields.isEmpty { records.append(Record(line: recordLine, fields: fields)) }
        // Blank lines are not records.
        return records.filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
    }
}

/// CSV records with a header: fields by column name.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [CSVReader.Record]
    private let columns: [String: Int]

    /// Reads `text`; `required` columns must be in the header, and every header column must be in `known`.
    public init(_ text: String, required: [String], known: [String]) throws(CSVReader.Failure) {
        let records = try CSVReader.parse(text)
        guard let first = records.first else { throw CSVReader.Failure(line: 1, reason: "the CSV is empty; it needs a header row") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            guard known.contains(name) else {
                throw CSVReader.Failure(line: 1, reason: "unknown column \(name.debugDescription); columns are \(known.joined(separator: ","))")
            }
            guard columns[name] == nil else { throw CSVReader.Failure(line: 1, reason: "column \(name) appears twice") }
            columns[name] = index
        }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else { throw CSVReader.Failure(line: 1, reason: "missing column(s) \(missing.joined(separator: ",")) in the header") }
        self.columns = columns
        rows = Array(records.dropFirst())
    }

    public func has(_ column: String) -> Bool { columns[column] != nil }

    /// The trimmed field, or "" when the column is absent or the row is short.
    public func value(_ row: CSVReader.Record, _ column: String) -> String {
        guard let index = columns[column], index < row.fields.count else { return "" }
        return row.fields[index].trimmedBlanks
    }
}

extension String {
    /// Without leading and trailing white space; the common case (none) costs two byte reads.
    var trimmedBlanks: String {
        // Printable ASCII at both ends (almost every cell) needs no Unicode property lookup.
        guard let head = utf8.first, let tail = utf8.last else { return self }
        if head > 0x20, head < 0x7F, tail > 0x20, tail < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, first.properties.isWhitespace || last.properties.isWhitespace else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
