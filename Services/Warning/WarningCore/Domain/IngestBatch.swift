import Messages

/// `signals.ingest` parameters, decoded leniently: a row with a field of the wrong type does not fail the whole
/// decoding with a generic error, it records which row and field are at fault, so the batch can be refused with
/// `{row, field}` (all-or-nothing).
struct IngestParams: Decodable, Sendable {
    var source: String?
    var readings: [IngestRow]
    var sourceProblem = false

    enum CodingKeys: String, CodingKey { case source, readings }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            source = try container.decodeIfPresent(String.self, forKey: .source)
        } catch {
            sourceProblem = true
        }
        readings = try container.decodeIfPresent([IngestRow].self, forKey: .readings) ?? []
    }
}

/// One row as sent; `problem` names the first field that could not be read.
struct IngestRow: Decodable, Sendable {
    var readingId: String?
    var kind: String?
    var uscc: String?
    var site: String?
    var metric: String?
    var value: Double?
    var at: String?
    var entityKind: String?
    var region: String?
    var domain: String?
    var item: String?
    var dept: String?
    var problem: (field: String, message: String)?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case readingId, kind, uscc, site, metric, value, at, entityKind, region, domain, item, dept
    }

    static let fields = CodingKeys.allCases.map(\.stringValue)
    private static let known = Set(fields)

    init(from decoder: any Decoder) throws {
        // Keyed by any name, so that one container both reads the fields and sees the keys that are none of them.
        guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
            problem = ("row", "must be an object {metric, value, at, uscc or site, …}")
            return
        }
        // A misspelt optional field (`regoin`) would otherwise be dropped and the signal stored without it.
        if let unknown = container.allKeys.lazy.map(\.stringValue).filter({ !Self.known.contains($0) }).min() {
            let guess = Spelling.closest(to: unknown, among: Self.fields).map { " (did you mean \(unknown) → \($0)?)" } ?? ""
            problem = (Spelling.shortened(unknown), "is not a field of a reading\(guess); it takes \(Self.fields.joined(separator: ", "))")
        }
        func string(_ key: CodingKeys) -> String? {
            do {
                return try container.decodeIfPresent(String.self, forKey: AnyKey(key))
            } catch {
                if problem == nil { problem = (key.stringValue, "must be a string") }
                return nil
            }
        }
        readingId = string(.readingId)
        kind = string(.kind)
        uscc = string(.uscc)
        site = string(.site)
        metric = string(.metric)
        at = string(.at)
        entityKind = string(.entityKind)
        region = string(.region)
        domain = string(.domain)
        item = string(.item)
        dept = string(.dept)
        do {
            value = try container.decodeIfPresent(Double.self, forKey: AnyKey(CodingKeys.value))
        } catch {
            if problem == nil { problem = ("value", "must be a number") }
        }
    }

    /// The signal this row makes, or `INVALID_ARGUMENT` with `{row, field}`.
    func signal(row: Int, source: String, requestId: String, defaultDept: String?) throws -> SignalDraft {
        func fault(_ field: String, _ message: String) -> WarningError {
            .invalidRow(row: row, field: field, "params.readings[\(row)].\(field) \(message)")
        }
        if let problem { throw fault(problem.field, problem.message) }
        guard let metric, !metric.isEmpty, metric.utf8.count <= 200 else { throw fault("metric", "is required: the measured quantity, e.g. ch4.ppm") }
        guard let value else { throw fault("value", "is required: a number") }
        guard value.isFinite else { throw fault("value", "must be a finite number") }
        guard let at else { throw fault("at", "is required: when it was measured, ISO-8601 (2025-06-01T08:00:00Z)") }
        guard let instant = Timestamp.parse(at) else { throw fault("at", "\(at.debugDescription) is not an ISO-8601 timestamp (2025-06-01T08:00:00Z)") }
        let kind: WarningMessages.SignalKind
        switch self.kind {
        case nil, "reading": kind = .reading
        case "detection": kind = .detection
        case let other?: throw fault("kind", "\(other.debugDescription) is not reading or detection")
        }
        if let uscc, !USCC.isWellFormed(uscc) {
            throw fault("uscc", "\(uscc.debugDescription) is not a unified social credit code: 18 characters from 0-9A-HJ-NPQRTUWXY")
        }
        if let site, site.isEmpty { throw fault("site", "must not be empty") }
        guard uscc != nil || site != nil else { throw fault("site", "uscc or site is required: what the reading is about") }
        if let readingId, readingId.isEmpty { throw fault("readingId", "must not be empty (leave it out instead)") }
        let id = readingId.map { "rd:\(source):\($0)" } ?? "rq:\(requestId):\(row)"
        return SignalDraft(
            id: id, kind: kind, source: source, uscc: uscc, site: site, metric: metric, value: value, items: item.map { [$0] } ?? [],
            dept: dept ?? defaultDept, domain: domain, region: region, entityKind: entityKind, at: instant)
    }
}
