import ArgumentParser
import CatalogCore
import Foundation
import JGTesting
import Messages
import Store
import Bus
import ZeroMQ

/// `jg-bench catalog` (register `CatalogBench.self` in JGBench.swift): the catalog core in-process over an on-disk database — import generated entities through
/// `entities.import` (CSV chunks under the 8 MiB body limit), then time `entities.list` with selective filters and
/// `guides.get` at that size. Targets: import ≥ 100 000 rows/s; filtered list p99 ≤ 20 ms.
struct CatalogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Catalog import and query latency at a million entities (in-process, on disk).")

    @Option(help: "Entities to import.") var entities = 1_000_000
    @Option(help: "Rows per entities.import call (each a CSV well under 8 MiB).") var chunk = 40_000
    @Option(help: "Timed repetitions of each query.") var repetitions = 300
    @Option(help: "Directory with departments.csv and items.csv.") var demoData = "deploy/demo-data"
    @Option(help: "Where the temporary database goes (deleted afterwards unless --keep).") var directory = NSTemporaryDirectory()
    @Flag(help: "Keep the database for inspection.") var keep = false
    @Flag(help: "Run the real release suite (.build/release), import over the bus and query over HTTP through the gateway.")
    var throughGateway = false
    @Flag(help: "Send the chunks as one all-or-nothing batch (batchId … last), as `jg import catalog entities` does.") var batch = false
    @Option(help: "Only write the generated entities as CSV to this file (for `jg import catalog entities`), then stop.") var writeCSV: String?

    func run() async throws {
        if let path = writeCSV {
            var text = Self.csv(0..<0)
            for start in stride(from: 0, to: entities, by: chunk) { text += Self.csv(start..<min(start + chunk, entities)).drop { $0 != "\n" }.dropFirst() }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(entities) entities to \(path)")
            return
        }
        if throughGateway { return try await runThroughGateway() }
        let folder = (directory as NSString).appendingPathComponent("jg-bench-catalog-\(UUID().uuidString)")
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let database = try ServiceDatabase(service: "catalog", directory: folder, migrations: CatalogService.migrations)
        let harness = try ServiceHarness<CatalogService>(database: database)
        let admin = Actor(dept: "hy-coordination", user: "bench", role: .admin)

        // The Huaiyang list, published, so that supervision filters and guides have items to work with.
        let departments = try String(contentsOfFile: (demoData as NSString).appendingPathComponent("departments.csv"), encoding: .utf8)
        let items = try String(contentsOfFile: (demoData as NSString).appendingPathComponent("items.csv"), encoding: .utf8)
        try await call(harness, "depts.import", CatalogMessages.ImportRequest(csv: departments), as: admin)
        try await call(harness, "items.import", CatalogMessages.ImportRequest(csv: items, publish: true), as: admin)

        // Import.
        var importSeconds = 0.0
        var start = 0
        while start < entities {
            let end = min(start + chunk, entities)
            let csv = Self.csv(start..<end)
            let request = CatalogMessages.ImportRequest(csv: csv, batchId: batch ? "bench-batch" : nil, last: batch ? end == entities : nil)
            let began = DispatchTime.now().uptimeNanoseconds
            let report: CatalogMessages.ImportReport = try await harness.result("entities.import", request, as: admin)
            importSeconds += Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            let expected = batch ? (end == entities ? entities : 0) : end - start
            guard report.imported == expected else { throw ValidationError("chunk \(start) imported \(report.imported), expected \(expected)") }
            start = end
        }
        print("catalog import: \(entities) entities in \(String(format: "%.2f", importSeconds)) s = \(Int(Double(entities) / importSeconds)) rows/s (chunks of \(chunk)\(batch ? ", one batch" : ""))")

        if keep { print("catalog database kept in \(folder)") }

        // Queries.
        let auditor = Actor(dept: "hy-audit", user: "bench", role: .auditor)
        for (name, filter) in Self.queries {
            let timings = try await time { _ = try await call(harness, "entities.list", filter, as: auditor) }
            print("catalog \(name): \(timings)")
        }
        let guide = try await time { _ = try await call(harness, "guides.get", CatalogMessages.GuideRequest(domain: "gas-safety"), as: nil) }
        print("catalog guides.get domain=gas-safety: \(guide)")
    }

    /// The same import and queries against real processes: `entities.import` through the broker, `entities.list` as
    /// `POST /v1/call` through the gateway's HTTP front (each sample includes the HTTP client's own cost).
    func runThroughGateway() async throws {
        let suite = try await SuiteProcesses.startRelease(demoData: demoData)
        defer { suite.stopAll() }
        let token = try suite.adminToken()
        let context = try ZMQContext()
        let client = MDPClient(context: context, endpoint: suite.brokerEndpoint)
        var importSeconds = 0.0
        var start = 0
        while start < entities {
            let end = min(start + chunk, entities)
            let request = RequestEnvelope(method: "entities.import", params: CatalogMessages.ImportRequest(csv: Self.csv(start..<end)), token: token, deadlineMs: 300_000)
            let body = try Wire.encode(request)
            let began = DispatchTime.now().uptimeNanoseconds
            let reply = try Wire.decode(AnyReply.self, from: try client.request(service: "catalog", body: [body], timeoutMs: 300_000, retries: 0)[0])
            importSeconds += Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            guard reply.status == .ok, reply.result?["imported"]?.intValue == Int64(end - start) else {
                throw ValidationError("chunk \(start): \(reply.status.rawValue) \(reply.error?.message ?? "")")
            }
            start = end
        }
        print("catalog import through the broker (release suite): \(entities) entities in \(String(format: "%.2f", importSeconds)) s = \(Int(Double(entities) / importSeconds)) rows/s (chunks of \(chunk))")
        let url = "\(suite.httpBase)/v1/call/catalog/entities.list"
        for (name, filter) in Self.queries {
            let body = try Wire.encode(filter)
            let timings = try await time {
                let response = try await HTTP.post(url, body: body, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
                guard response.status == 200 else { throw ValidationError("\(name): HTTP \(response.status) \(response.text)") }
            }
            print("catalog via gateway HTTP \(name): \(timings)")
        }
    }

    /// The timed `entities.list` filters, the same in-process and through the gateway.
    static let queries: [(String, CatalogMessages.EntityFilter)] = [
        ("list industry=F5251 region=411603105 (limit 100)", .init(industry: "F5251", region: "411603105")),
        ("list kind=enterprise tag=high-risk (limit 100)", .init(kind: .enterprise, tag: "high-risk")),
        ("list supervisingDept=hy-grain-reserve (limit 100)", .init(supervisingDept: "hy-grain-reserve")),
        ("list pool=true region=411603107 (limit 100)", .init(region: "411603107", pool: true)),
        ("list itemCode=HY-2025-17 fields=ids (limit 10000)", .init(itemCode: "HY-2025-17", fields: "ids", limit: 10_000)),
    ]

    /// The generated rows `range` as entity CSV.
    static func csv(_ range: Range<Int>) -> String {
        var text = "uscc,name,kind,industry,region,address,domains,tags\n"
        text.reserveCapacity(range.count * 160)
        for n in range {
            let entity = DemoGenerator.entity(n)
            text += "\(entity.uscc ?? ""),\(entity.name),\(entity.kind.rawValue),\(entity.industry ?? ""),\(entity.region ?? ""),"
            text += "\(entity.address ?? ""),\((entity.domains ?? []).joined(separator: ";")),\((entity.tags ?? []).joined(separator: ";"))\n"
        }
        return text
    }

    /// Runs `body` `repetitions` times (after 10 warm-ups) and describes p50/p99/max in milliseconds.
    func time(_ body: () async throws -> Void) async throws -> String {
        for _ in 0..<10 { try await body() }
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let began = DispatchTime.now().uptimeNanoseconds
            try await body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
        }
        samples.sort()
        func percentile(_ p: Double) -> String { String(format: "%.2f", samples[min(samples.count - 1, Int(Double(samples.count) * p))]) }
        return "p50 \(percentile(0.5)) ms, p99 \(percentile(0.99)) ms, max \(percentile(1.0)) ms (n=\(samples.count))"
    }

    @discardableResult
    func call<P: Encodable & Sendable>(_ harness: ServiceHarness<CatalogService>, _ method: String, _ params: P, as actor: Actor?) async throws -> JSONValue {
        let reply = try await harness.call(method, params, as: actor)
        guard reply.status == .ok else { throw ValidationError("\(method): \(reply.status.rawValue) \(reply.error?.message ?? "")") }
        return reply.result ?? .null
    }
}
