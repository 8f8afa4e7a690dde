import ArgumentParser
import Foundation
import Logging
import ServiceRunner

/// `jg-bench`: the benchmarks behind `make bench-…` (release builds; never part of `make test`).
@main
struct JGBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jg-bench",
        abstract: "Jianguan benchmarks; each prints its figures and the ceiling it is compared with.",
        subcommands: [BusBench.self, GatewayBench.self, CatalogBench.self, CreditBench.self, PlanningBench.self, InspectionBench.self, ReferralBench.self, WarningBench.self, SuiteBench.self, StandInBench.self]
    )

    /// The in-process benches run service cores in this process; they log as the release suite does in the benches,
    /// at `JG_LOG_LEVEL` (default warning). At info every change is a line, and bench-referral alone printed 100,000.
    static func main() async {
        let level = ProcessInfo.processInfo.environment["JG_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LogfmtHandler.bootstrap(service: "jg-bench", level: level)
        await main(nil)
    }
}
