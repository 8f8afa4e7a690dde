import ArgumentParser
import Foundation
import GRDB
import JGTesting
import Messages
import Store
import Synchronization
import WarningCore

/// `jg-bench warning`: the warning core in-process over an on-disk database in a temporary directory — 1,000,000
/// sensor readings from 10,000 sites ingested in batches through the real dispatcher (envelope decoding,
/// permissions, row validation, one transaction per batch) against 100 rules, reporting readings/s and the delay
/// from a batch's arrival to the commit of the `warning.raised` events it causes. Targets: ≥ 50,000 readings/s,
/// p99 delay ≤ 100 ms.
struct WarningBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warning", abstract: "Sensor-reading ingest against 100 warning rules on an on-disk store.")

    @Option(help: "Readings ingested in total.") var readings = 1_000_000
    @Option(help: "Sites sending them (each one sensor, one reading per interval).") var sites = 10_000
    @Option(help: "Rules (spread over 10 metrics).") var rules = 100
    @Option(help: "Readings per signals.ingest call.") var batch = 1_000
    @Option(help: "Monitoring systems sending at once, each for its own share of the sites.") var senders = 2
    @Flag(help: "Keep the temporary database directory.") var keep = false

    static let metrics = ["ch4.ppm", "co.ppm", "h2s.ppm", "o2.pct", "temp.c", "smoke.obs", "pressure.kpa", "water.level", "dust.mg", "noise.db"]
    /// 2025-06-01T00:00:00Z in ms.
    static let start: Int64 = 1_748_736_000_000

    func run() async throws {
        print("bench-warning: \(readings) readings, \(sites) sites, \(rules) rules, batches of \(batch), \(Machine.description), \(Date().formatted(.iso8601))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jg-bench-warning-\(UUID().uuidString)").path
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let database = try ServiceDatabase(service: "warning", directory: directory, migrations: WarningService.migrations)
        let harness = try ServiceHarness<WarningService>(database: database)
        let admin = Actor(dept: "coordination-office", user: "bench", role: .admin)

        for index in 0..<rules {
            let reply = try await harness.call("rules.create", rule(index), as: admin)
            guard reply.status == .ok else { throw ValidationError("rules.create failed: \(reply.error?.message ?? "?")") }
        }

        // Every request is encoded before the clock starts: the senders are other systems, not this process.
        // Sites belong to one sender each (site % senders), so each site's readings still arrive in time order.
        let monitor = Actor.service("gas-iot")
        var generator = SeededRandom(seed: 20_250_601)
        var perSender: [[WarningMessages.Reading]] = Array(repeating: [], count: senders)
        for index in 0..<readings {
            perSender[(index % sites) % senders].append(reading(index, &generator))
        }
        let encodeStart = ContinuousClock.now
        let bodies: [[Data]] = try perSender.enumerated().map { sender, rows in
            try stride(from: 0, to: rows.count, by: batch).map { offset in
                try Wire.encode(
                    RequestEnvelope(
                        method: "signals.ingest",
                        params: WarningMessages.IngestBatch(source: "gas-iot-hy-\(sender)", readings: Array(rows[offset..<min(offset + batch, rows.count)])),
                        actor: monitor))
            }
        }
        let encodeSeconds = seconds(since: encodeStart)

        // Each sender sends its batches one after another; a batch's delay runs from its arrival to its reply, which
        // comes after the commit that wrote its `warning.raised` events (an upper bound of arrival → commit).
        struct SenderTally: Sendable {
            var delays: [Double] = []
            var raised = 0
            var updated = 0
            var sent = 0
        }
        let dispatcher = harness.dispatcher
        let cpuStart = ProcessCPU.seconds()
        let wallStart = ContinuousClock.now
        let tallies = try await withThrowingTaskGroup(of: SenderTally.self) { group in
            for senderBodies in bodies {
                group.addTask {
                    var tally = SenderTally()
                    for body in senderBodies {
                        let arrival = ContinuousClock.now
                        let frames = await dispatcher.handle([body])
                        let replied = ContinuousClock.now
                        let reply = try Wire.decode(ReplyEnvelope<WarningMessages.IngestResult>.self, from: frames[0])
                        guard reply.status == .ok, let result = reply.result else {
                            throw ValidationError("signals.ingest failed: \(reply.error?.message ?? "?")")
                        }
                        if !result.raised.isEmpty {
                            tally.delays.append(contentsOf: repeatElement(seconds(since: arrival, until: replied), count: result.raised.count))
                        }
                        tally.raised += result.raised.count
                        tally.updated += result.updated.count
                        tally.sent += result.accepted + result.duplicates
                    }
                    return tally
                }
            }
            return try await group.reduce(into: [SenderTally]()) { $0.append($1) }
        }
        let handleSeconds = seconds(since: wallStart)
        let cpu = ProcessCPU.seconds() - cpuStart
        let delays = tallies.flatMap(\.delays)
        let raised = tallies.reduce(0) { $0 + $1.raised }
        let updated = tallies.reduce(0) { $0 + $1.updated }
        let sent = tallies.reduce(0) { $0 + $1.sent }
        let stats = LatencyStats(delays)
        print(
            String(
                format: "  ingest: %d readings from %d senders in %.2f s = %.0f readings/s (target ≥ 50,000); CPU %.2f s; encoding beforehand %.2f s (not counted)",
                sent, senders, handleSeconds, Double(sent) / handleSeconds, cpu, encodeSeconds))
        print(
            String(
                format: "  ingest → reply after warning.raised committed: %@ over %d warnings (target p99 ≤ 100 ms); %d open-warning updates", stats.summary, raised,
                updated))
        let events = try await database.events(after: 0, limit: 1).lastSeq
        print("  outbox: \(events) events")
    }

    /// Ten rules per metric: max at four thresholds (1 h), sum at three (2 h), count at three (30 min, one scoped to a
    /// region), so that most readings meet ten rules and a small share fires.
    func rule(_ index: Int) -> WarningMessages.RuleCreate {
        let metric = Self.metrics[index % Self.metrics.count]
        let variant = (index / Self.metrics.count) % 10
        let levels: [WarningMessages.Level] = [.blue, .yellow, .orange, .red]
        let indicator: WarningMessages.Indicator
        let window: String
        let threshold: Double
        var scope: WarningMessages.RuleScope?
        switch variant {
        case 0...3:
            indicator = .init(aggregate: .max, metric: metric)
            window = "1h"
            threshold = [60, 75, 90, 99][variant]
        case 4...6:
            indicator = .init(aggregate: .sum, metric: metric)
            window = "2h"
            threshold = [250, 320, 400][variant - 4]
        default:
            indicator = .init(aggregate: .count, metric: metric)
            window = "30m"
            threshold = [3, 4, 5][variant - 7]
            if variant == 7 { scope = .init(region: "41160200") }
        }
        return WarningMessages.RuleCreate(
            ruleId: "B-\(index)", name: "bench \(metric) \(indicator.aggregate.rawValue) ≥ \(threshold)", owners: ["hy-emergency"], scope: scope,
            indicator: indicator, window: window, threshold: threshold, level: levels[variant % 4], pushTo: ["hy-emergency"])
    }

    /// Reading `index`: sites in turn, one reading per site every `sites` × 60 ms (10 minutes for 10,000 sites); values
    /// around 10 with one spike in 500.
    func reading(_ index: Int, _ generator: inout SeededRandom) -> WarningMessages.Reading {
        let site = index % sites
        let random = generator.next()
        let spike = random % 500 == 0
        let value = spike ? 80 + Double((random >> 16) % 20) : 5 + Double((random >> 16) % 1_000) / 100
        let at = Self.start + Int64(index) * 60
        return WarningMessages.Reading(
            readingId: "r\(index)", site: "site-\(site)", metric: Self.metrics[site % Self.metrics.count], value: value, at: Timestamp.format(at),
            region: "411602" + (site % 10 == 0 ? "00" : "01") + String(site % 1_000))
    }
}
