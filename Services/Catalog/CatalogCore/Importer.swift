import Foundation
import GRDB
import Messages
import ServiceRunner
import Store
import Synchronization

/// How one kind of CSV row is read: its columns and the check that turns a row into an input.
struct ImportSpec<Input: Codable & Sendable>: Sendable {
    /// `entities`, `items` … (also the batch's target, so chunks of different kinds never mix).
    var target: String
    /// Request options that change how rows read (departments: the default level); every chunk of a batch must
    /// send the same, because the batch's rows are read again at its commit.
    var options: String = ""
    var required: [String]
    var known: [String]
    /// Reads and checks one row; a `CatalogError.invalidArgument`'s field names the column.
    var read: @Sendable (CSVTable, CSVReader.Record) throws -> Input
}

/// A checked row waiting to be written, with its line for the report.
struct Staged<Input: Codable & Sendable>: Codable, Sendable {
    var line: Int
    var chunk: Int?
    var input: Input
}

/// Runs a CSV import (DESIGN §4): parse and check every row, then write in one transaction.
///
/// - `mode: all` (default): any bad row refuses the whole import — `INVALID_ARGUMENT` whose `details.report` lists
///   every row error — and nothing is written. `mode: valid`: the good rows are written, the others reported.
/// - `dryRun`: check only.
/// - Chunks: the body limit is 8 MiB, so a large import is sent as several calls with the same `batchId`, each with
///   the header row; chunks are checked (errors are reported at once) and staged as their CSV text, and the one with
///   `last: true` reads them again and writes the whole batch in one transaction, chunk by chunk while the next one
///   is read again on another thread. Staging the text, not each checked row as JSON, makes a staged chunk cost one
///   check instead of an encode per row, and the commit a check instead of a decode per row (a million entities as
///   one batch: 13.5 k → 33.7 k rows/s, against 40.2 k as independent chunks). In `all` mode a bad row in any chunk refuses the
///   batch, which is then dropped. Only the caller who sent the first chunk adds to a batch; an abandoned one is
///   dropped after `JG_CATALOG_IMPORT_TTL_S`, and the id of a finished or dropped batch takes no more chunks
///   (`ImportBatches`).
struct Importer<Input: Codable & Sendable>: Sendable {
    /// Writes checked rows inside the import's transaction; returns the rows it refused (e.g. a USCC that belongs to
    /// another entity). In `valid` mode a refused row's partial writes are rolled back on their own.
    typealias Writer = @Sendable (Database, any EventSink, [Staged<Input>], _ perRowSavepoints: Bool) throws -> (written: Int, errors: [CatalogMessages.RowError])

    let spec: ImportSpec<Input>
    let database: ServiceDatabase

    static var maxReportedErrors: Int { 1_000 }

    /// What a check found: how many rows, the good ones as inputs, and the errors of the others.
    typealias Checked = (rows: Int, inputs: [Staged<Input>], errors: [CatalogMessages.RowError])

    /// Parses and checks a CSV text: the inputs and the row errors.
    func check(_ csv: String, chunk: Int? = nil) -> Checked {
        let table: CSVTable
        do {
            table = try CSVTable(csv, required: spec.required, known: spec.known)
        } catch {
            return (0, [], [.init(row: error.line, column: nil, reason: error.reason, chunk: chunk)])
        }
        var inputs: [Staged<Input>] = []
        inputs.reserveCapacity(table.rows.count)
        var errors: [CatalogMessages.RowError] = []
        for record in table.rows {
            do {
                inputs.append(Staged(line: record.line, chunk: chunk, input: try spec.read(table, record)))
            } catch {
                errors.append(Self.rowError(error, line: record.line, chunk: chunk))
            }
        }
        return (table.rows.count, inputs, errors)
    }

    /// One import call.
    func run(_ request: CatalogMessages.ImportRequest, context: RequestContext, write: @escaping Writer) async throws -> CatalogMessages.ImportReport {
        let mode = request.mode ?? "all"
        guard mode == "all" || mode == "valid" else {
            throw CatalogError.invalidArgument("mode must be all (nothing unless every row is good) or valid (the good rows)", field: "params.mode")
        }
        let strict = mode == "all"
        if request.batchId == nil, request.last != nil {
            throw CatalogError.invalidArgument("last only makes sense with a batchId", field: "params.last")
        }
        let checked = check(request.csv)
        if request.dryRun == true {
            return makeReport(rows: checked.rows, imported: 0, staged: 0, errors: checked.errors, committed: false)
        }
        let report: CatalogMessages.ImportReport
        if let batchId = request.batchId {
            report = try await runChunk(request, checked: checked, batchId: batchId, strict: strict, context: context, write: write)
        } else {
            if strict, !checked.errors.isEmpty { throw refusal(makeReport(rows: checked.rows, imported: 0, staged: 0, errors: checked.errors, committed: false)) }
            let inputs = checked.inputs
            let rows = checked.rows
            let checkErrors = checked.errors
            report = try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId) { db, outbox in
                try Self.writeAll(db, outbox, rows: rows, earlierErrors: checkErrors, strict: strict, write: write) { each in try each(inputs) }
            }.value()
        }
        if strict, report.rejected > 0 { throw refusal(report) }
        return report
    }

    /// One chunk of a batch, `checked` already (outside the transaction: it is most of a staged chunk's time), its
    /// rows and errors numbered with the chunk once the batch says which one it is.
    private func runChunk(
        _ request: CatalogMessages.ImportRequest, checked: Checked, batchId: String, strict: Bool, context: RequestContext, write: @escaping Writer
    ) async throws -> CatalogMessages.ImportReport {
        guard !batchId.isEmpty, batchId.count <= 100 else { throw CatalogError.invalidArgument("batchId must be 1…100 characters", field: "params.batchId") }
        let spec = spec
        let mode = strict ? "all" : "valid"
        let last = request.last == true
        let csv = request.csv
        let now = Wire.timestamp(Date())
        let owner = ImportBatches.owner(context.actor)
        let actor = context.actor
        return try await database.mutate(requestId: context.id, method: context.method, traceId: context.traceId) { db, outbox in
            try ImportBatches.requireOpen(db, batchId: batchId)
            let batch = try Row.fetchOne(db, sql: "SELECT * FROM import_batch WHERE batch_id = ?", arguments: [batchId])
            if let batch {
                try ImportBatches.requireOwner(batch, batchId: batchId, actor: actor)
                guard batch["target"] == spec.target, batch["mode"] == mode else {
                    throw CatalogError.failedPrecondition(
                        "batch \(batchId) is a \(batch["mode"] as String) import of \(batch["target"] as String); start a new batchId for this one")
                }
                let options: String = batch["options"]
                guard options.isEmpty || options == spec.options else {
                    throw CatalogError.failedPrecondition(
                        "batch \(batchId) reads its rows with \(options); send every chunk with the same options, or start a new batchId")
                }
            }
            let chunk = (batch?["chunks"] as Int? ?? 0) + 1
            let chunkErrors = checked.errors.map { error in
                var error = error
                error.chunk = chunk
                return error
            }
            var errors: [CatalogMessages.RowError] = try batch.map { try Wire.decode([CatalogMessages.RowError].self, from: Data(($0["errors"] as String).utf8)) } ?? []
            errors += chunkErrors
            let rows = (batch?["rows"] as Int? ?? 0) + checked.rows
            let rejected = (batch?["rejected"] as Int? ?? 0) + chunkErrors.count
            if !last {
                try db.execute(sql: "INSERT INTO import_chunk (batch_id, chunk, csv) VALUES (?, ?, ?)", arguments: [batchId, chunk, csv])
                let kept = Array(errors.prefix(Self.maxReportedErrors))
                try db.execute(
                    sql: """
                        INSERT INTO import_batch (batch_id, target, mode, chunks, rows, rejected, errors, created_at, owner, updated_at, options)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(batch_id) DO UPDATE SET chunks = excluded.chunks, rows = excluded.rows, rejected = excluded.rejected,
                            errors = excluded.errors, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        batchId, spec.target, mode, chunk, rows, rejected, String(decoding: try Wire.encode(kept), as: UTF8.self), now, owner, now, spec.options,
                    ])
                return CatalogMessages.ImportReport(
                    rows: checked.rows, imported: 0, staged: checked.inputs.count, rejected: chunkErrors.count, committed: false,
                    errors: chunkErrors)
            }
            // Last chunk: everything staged plus this chunk, in one go; the batch is closed either way. Rows staged
            // one by one (`import_row`) are from batches begun before chunks were staged as text.
            if strict, rejected > 0 {
                try ImportBatches.close(db, batchId: batchId, reason: "refused (rows with errors, mode all)", at: now)
                return CatalogMessages.ImportReport(
                    rows: rows, imported: 0, staged: 0, rejected: rejected, committed: false, errors: Array(errors.prefix(Self.maxReportedErrors)))
            }
            let lastInputs = checked.inputs.map { staged in
                var staged = staged
                staged.chunk = chunk
                return staged
            }
            var report = try Self.writeAll(db, outbox, rows: rows, earlierErrors: errors, strict: strict, write: write) { each in
                var legacy: [Staged<Input>] = []
                for payload in try String.fetchAll(db, sql: "SELECT payload FROM import_row WHERE batch_id = ? ORDER BY seq", arguments: [batchId]) {
                    legacy.append(try Wire.decode(Staged<Input>.self, from: Data(payload.utf8)))
                }
                if !legacy.isEmpty { try each(legacy) }
                // Each staged chunk is read again (its errors were counted when it was staged; only its good rows are
                // wanted) on another thread while this one writes the chunk before it.
                let chunks = try Row.fetchCursor(db, sql: "SELECT chunk, csv FROM import_chunk WHERE batch_id = ? ORDER BY chunk", arguments: [batchId])
                let checkAhead = { (row: Row) in
                    let csv: String = row["csv"]
                    let chunk: Int = row["chunk"]
                    return PendingCheck { check(csv, chunk: chunk).inputs }
                }
                var pending = try chunks.next().map(checkAhead)
                while let current = pending {
                    pending = try chunks.next().map(checkAhead)
                    try each(current.wait())
                }
                try each(lastInputs)
            }
            report.rejected = rejected + (report.rejected - errors.count)
            try ImportBatches.close(db, batchId: batchId, reason: report.committed ? "committed" : "refused (rows with errors, mode all)", at: now)
            return report
        }.value()
    }

    /// Writes the inputs that `batches` hands over, in order and all in one savepoint; in strict mode any refused
    /// row rolls every write back (the report says so).
    private static func writeAll(
        _ db: Database, _ events: any EventSink, rows: Int, earlierErrors: [CatalogMessages.RowError], strict: Bool, write: @escaping Writer,
        batches: (_ each: ([Staged<Input>]) throws -> Void) throws -> Void
    ) throws -> CatalogMessages.ImportReport {
        var written = 0
        var writeErrors: [CatalogMessages.RowError] = []
        try db.inSavepoint {
            try batches { inputs in
                let result = try write(db, events, inputs, !strict)
                written += result.written
                writeErrors += result.errors
            }
            return strict && !writeErrors.isEmpty ? .rollback : .commit
        }
        let errors = (earlierErrors + writeErrors).sorted { ($0.chunk ?? 0, $0.row) < ($1.chunk ?? 0, $1.row) }
        let committed = !(strict && !writeErrors.isEmpty)
        return CatalogMessages.ImportReport(
            rows: rows, imported: committed ? written : 0, staged: 0, rejected: errors.count, committed: committed,
            errors: Array(errors.prefix(maxReportedErrors)))
    }

    private func makeReport(rows: Int, imported: Int, staged: Int, errors: [CatalogMessages.RowError], committed: Bool) -> CatalogMessages.ImportReport {
        CatalogMessages.ImportReport(
            rows: rows, imported: imported, staged: staged, rejected: errors.count, committed: committed, errors: Array(errors.prefix(Self.maxReportedErrors)))
    }

    private func refusal(_ report: CatalogMessages.ImportReport) -> CatalogError {
        let first = report.errors.first.map { " First: line \($0.row)\($0.column.map { " column \($0)" } ?? ""): \($0.reason)." } ?? ""
        let extra: [String: JSONValue] = ["report": (try? JSONValue(encoding: report)) ?? .null]
        return .invalidArgument(
            "import refused: \(report.rejected) of \(report.rows) row(s) have errors, nothing was imported (mode all).\(first) Fix them, or send mode=valid to import the good rows.",
            field: "params.csv", extra: extra)
    }

    /// A row error from whatever a row check or write threw; the field's last component is the column.
    static func rowError(_ error: any Error, line: Int, chunk: Int?) -> CatalogMessages.RowError {
        if case .invalidArgument(let message, let field, _) = error as? CatalogError {
            let column = field.split(separator: ".").last.map(String.init).map { $0.split(separator: "[").first.map(String.init) ?? $0 }
            return .init(row: line, column: column, reason: message, chunk: chunk)
        }
        if let error = error as? any ServiceError { return .init(row: line, column: nil, reason: error.message, chunk: chunk) }
        return .init(row: line, column: nil, reason: "could not be written: \(error)", chunk: chunk)
    }

    /// Writes rows one by one with `body`, collecting refusals; with savepoints each refused row is undone alone.
    static func eachRow(
        _ db: Database, _ inputs: [Staged<Input>], savepoints: Bool, _ body: (Staged<Input>) throws -> Void
    ) throws -> (written: Int, errors: [CatalogMessages.RowError]) {
        var written = 0
        var errors: [CatalogMessages.RowError] = []
        for staged in inputs {
            do {
                if savepoints {
                    try db.inSavepoint {
                        try body(staged)
                        return .commit
                    }
                } else {
                    try body(staged)
                }
                written += 1
            } catch let error as DatabaseError where !(error.resultCode == .SQLITE_CONSTRAINT) {
                throw error
            } catch {
                errors.append(rowError(error, line: staged.line, chunk: staged.chunk))
            }
        }
        return (written, errors)
    }
}

/// The check of one staged chunk, run on another thread while the import's transaction writes the chunk before it.
final class PendingCheck<Input: Codable & Sendable>: Sendable {
    private let inputs = Mutex<[Staged<Input>]>([])
    private let done = DispatchSemaphore(value: 0)

    init(_ check: @escaping @Sendable () -> [Staged<Input>]) {
        DispatchQueue.global().async { [self] in
            let checked = check()
            inputs.withLock { $0 = checked }
            done.signal()
        }
    }

    /// Blocks until the check is done (the writer's thread, never the cooperative pool).
    func wait() -> [Staged<Input>] {
        done.wait()
        return inputs.withLock { $0 }
    }
}
