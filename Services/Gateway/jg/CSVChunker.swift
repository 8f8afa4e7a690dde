import Foundation

/// Splits a CSV file into chunks of whole records, each starting with the file's header row, so that a large
/// import fits the gateway's body limit. Record ends are found with RFC 4180 quoting in mind: a line break inside a
/// quoted field (an item's content, say) does not end a record.
struct CSVChunker {
    let header: Data
    private let bytes: Data
    private var position: Int
    /// The file line `position` is on (1-based; the header is line 1).
    private var line = 1
    /// Data rows per chunk at most.
    let rowsPerChunk: Int
    /// Bytes per chunk at most (a single longer record still goes alone).
    let bytesPerChunk: Int

    init(_ data: Data, rowsPerChunk: Int, bytesPerChunk: Int) throws {
        var start = 0
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        bytes = data
        self.rowsPerChunk = max(1, rowsPerChunk)
        self.bytesPerChunk = max(1, bytesPerChunk)
        guard let headerEnd = Self.recordEnd(in: data, from: start) else {
            throw CSVChunkerError("the file is empty; it needs a header row")
        }
        header = data[start..<headerEnd]
        position = headerEnd
        line += header.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if header.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { throw CSVChunkerError("the first line is empty; it must be the header row") }
    }

    /// Bytes of data rows already handed out, for progress.
    var consumed: Int { position }
    var total: Int { bytes.count }
    var isFinished: Bool { position >= bytes.count }

    /// The next chunk (header + up to `rowsPerChunk` records), its row count and the file line its first record is
    /// on (the service numbers lines within the chunk, header = 1); nil at the end.
    mutating func next() -> (csv: Data, rows: Int, firstLine: Int)? {
        var rows = 0
        let start = position
        var end = position
        while end < bytes.count, rows < rowsPerChunk {
            guard let recordEnd = Self.recordEnd(in: bytes, from: end) else { break }
            if rows > 0, recordEnd - start + header.count > bytesPerChunk { break }
            // Blank lines are not records (the server skips them too).
            if !bytes[end..<recordEnd].allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { rows += 1 }
            end = recordEnd
        }
        position = end
        let firstLine = line
        line += bytes[start..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard end > start else { return nil }
        if rows == 0 { return isFinished ? nil : next() }
        var chunk = Data(capacity: header.count + end - start)
        chunk.append(header)
        chunk.append(bytes[start..<end])
        return (chunk, rows, firstLine)
    }

    /// The index just past the record starting at `start` (including its line break); nil when nothing is left.
    static func recordEnd(in data: Data, from start: Int) -> Int? {
        guard start < data.count else { return nil }
        var quoted = false
        var index = start
        while index < data.count {
            let byte = data[index]
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == 0x0A, !quoted {
                return index + 1
            }
            index += 1
        }
        return data.count
    }
}

/// A file that cannot be split into records.
struct CSVChunkerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
