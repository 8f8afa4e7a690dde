import ArgumentParser
import Foundation
import GatewayCore
import Messages

/// `jg import <service> <noun> <file.csv>`: sends a CSV file of any size as chunks of one import batch, with a
/// progress bar; the service writes the whole batch in one transaction when the last chunk arrives, so an
/// all-or-nothing import stays all-or-nothing however large the file.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a CSV file in chunks (one batch, all or nothing by default), with a progress bar.",
        discussion: """
            Examples:
              jg import catalog entities entities.csv
              jg import catalog inspectors people.csv --mode valid
              jg import catalog items items.csv --dry-run
            Calls <service> <noun>.import with the same batchId for every chunk and last=true on the final one.
            """)

    @OptionGroup var options: BusOptions

    @Argument(help: "The service (e.g. catalog).") var service: String
    @Argument(help: "What to import: depts, items, entities, inspectors, experts.") var noun: String
    @Argument(help: "The CSV file, with a header row.") var file: String

    @Option(help: "all (nothing unless every row is good) or valid (the good rows).") var mode = "all"
    @Option(help: "Data rows per chunk.") var rows = 20_000
    @Option(help: "Bytes per chunk at most (the gateway's body limit is 8 MiB; JSON escaping adds a little).") var chunkBytes = 4 << 20
    @Option(help: "Milliseconds to wait for the final chunk, which writes the whole batch.") var commitTimeout = 600_000
    @Flag(help: "Check every row and report, write nothing.") var dryRun = false
    @Flag(help: "items only: publish the imported items at once (admin).") var publish = false

    func run() throws {
        guard mode == "all" || mode == "valid" else { throw ValidationError("--mode is all or valid, not \(mode)") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        var chunker: CSVChunker
        do {
            chunker = try CSVChunker(data, rowsPerChunk: rows, bytesPerChunk: chunkBytes)
        } catch let error as CSVChunkerError {
            throw ValidationError("\(file): \(error.description)")
        }
        let method = "\(noun).import"
        let batchId = "jg-\(UUID().uuidString.lowercased())"
        var progress = ProgressBar(total: chunker.total, label: "\(service) \(method)")
        var sent = 0
        var rejected = 0
        var errors: [JSONValue] = []
        var final: JSONValue = .null
        // The service's chunk numbers are 1, 2, … in the order sent; each chunk's line 2 is this file line.
        var firstLines: [Int] = []

        var pending = chunker.next()
        while let chunk = pending {
            firstLines.append(chunk.firstLine)
            let next = chunker.next()
            let last = next == nil
            var params: [String: JSONValue] = [
                "csv": .string(String(decoding: chunk.csv, as: UTF8.self)), "mode": .string(mode), "batchId": .string(batchId),
                "last": .bool(last),
            ]
            if dryRun { params["dryRun"] = .bool(true) }
            if publish { params["publish"] = .bool(true) }
            var bus = options
            if last {
                bus.timeout = max(options.timeout, commitTimeout)
                progress.finishing(rows: sent + chunk.rows)
            }
            let (reply, _) = try bus.send(service: service, method: method, params: .object(params))
            // A bad row dooms an all-or-nothing batch, but the service keeps staging its report: send the rest so
            // the last chunk's refusal lists the errors of the whole file, not just of the first bad chunk.
            if reply.status == .invalidArgument, !last, reply.error?.details?["report"] != nil {
                sent += chunk.rows
                progress.update(done: chunker.consumed, rows: sent)
                pending = next
                continue
            }
            guard reply.status == .ok else {
                progress.clear()
                var text = "\(reply.status.rawValue): \(reply.error?.message ?? "")"
                if let report = reply.error?.details?["report"] { text += "\n" + Self.describeErrors(report["errors"], firstLines: firstLines) }
                FileHandle.standardError.write(Data((text + "\n").utf8))
                throw ExitCode(1)
            }
            let report = reply.result ?? .null
            rejected += Int(report["rejected"]?.intValue ?? 0)
            if case .array(let list)? = report["errors"] { errors += list }
            sent += chunk.rows
            progress.update(done: chunker.consumed, rows: sent)
            final = report
            pending = next
        }
        progress.clear()
        if options.json {
            print(Pretty.json(final))
        } else {
            let imported = final["imported"]?.intValue ?? 0
            let committed = final["committed"]?.boolValue ?? false
            print("\(file): \(sent) row(s) sent, \(imported) imported, \(rejected) rejected\(dryRun ? " (dry run)" : committed ? "" : ", nothing committed")")
            if !errors.isEmpty { print(Self.describeErrors(.array(errors), firstLines: firstLines)) }
        }
        if final["committed"]?.boolValue == false, !dryRun { throw ExitCode(1) }
    }

    /// The first row errors as `line N column C: reason` lines, N being the line in the file.
    static func describeErrors(_ errors: JSONValue?, firstLines: [Int]) -> String {
        guard case .array(let list)? = errors else { return "" }
        var lines = list.prefix(20).map { error -> String in
            var line = Int(error["row"]?.intValue ?? 0)
            if let chunk = error["chunk"]?.intValue, chunk >= 1, chunk <= firstLines.count, line >= 2 {
                line = firstLines[Int(chunk) - 1] + line - 2
            }
            let column = error["column"]?.stringValue.map { " column \($0)" } ?? ""
            return "  line \(line)\(column): \(error["reason"]?.stringValue ?? "")"
        }
        if list.count > 20 { lines.append("  … and \(list.count - 20) more") }
        return lines.joined(separator: "\n")
    }
}

/// A one-line progress bar on standard error, redrawn in place on a terminal and silent otherwise (so scripts and
/// logs see only the final summary).
struct ProgressBar {
    let total: Int
    let label: String
    private let interactive = isatty(STDERR_FILENO) == 1
    private let started = Date()

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    mutating func update(done: Int, rows: Int) {
        guard interactive else { return }
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let rate = Int(Double(rows) / seconds)
        draw("\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))% \(rows) rows, \(rate) rows/s")
    }

    func finishing(rows: Int) {
        guard interactive else { return }
        draw("\(label): the last chunk is sent; the service writes all \(rows) rows in one transaction")
        FileHandle.standardError.write(Data("\n".utf8))
    }

    func clear() {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }
}
