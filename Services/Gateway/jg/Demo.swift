import ArgumentParser
import Foundation
import GatewayCore
import Messages
import Scenario

/// `jg demo`: issue #10's whole-suite scenario against a running suite (`make demo`), narrated step by step and
/// ended with a summary table. Safe to run again: each run makes fresh entities, plans and tokens.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole-suite scenario (plans → draws → joint tasks → results → credit → warnings → 12345 clue → public pages).")

    @OptionGroup var options: BusOptions

    @Option(help: "HTTP base of the gateway for the public pages (default http://127.0.0.1:$JG_HTTP_PORT, port 8080).")
    var http: String = "http://127.0.0.1:\(ProcessInfo.processInfo.environment["JG_HTTP_PORT"] ?? "8080")"

    @Option(help: "Seconds to wait for an event to reach the services that consume it.")
    var propagation: Double = 60

    func run() async throws {
        guard let token = options.resolvedToken() else {
            throw ValidationError("no token: the scenario needs the coordination office's (admin) token (--token, JG_TOKEN or $JG_DATA_DIR/admin.token)")
        }
        let json = options.json
        let endpoints = ScenarioEndpoints(
            gateway: options.gateway, http: http, adminToken: token, curve: try options.curve(), timeoutMs: max(options.timeout, 10_000),
            propagationSeconds: propagation)
        let scenario = SuiteScenario(endpoints: endpoints) { narration in
            guard !json else { return }
            print("\n[\(narration.step)] \(narration.title)")
            for line in narration.lines { print("    \(line)") }
        }
        let summary: ScenarioSummary
        do {
            summary = try await scenario.run()
        } catch {
            FileHandle.standardError.write(Data("jg demo: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: try Wire.encode(summary), as: UTF8.self))
            return
        }
        print("\nSummary of run \(summary.runId) (entity \(summary.jointEntity), window \(summary.window))")
        let rows: [JSONValue] = summary.steps.map { ["#": .int(Int64($0.number)), "done": .string($0.title), "result": .string($0.outcome)] }
        print(TableRenderer.table(rows, maxColumns: 3))
    }
}
