import ArgumentParser

/// `jg-bench`: the benchmarks behind `make bench-…` (release builds; never part of `make test`).
@main
struct JGBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jg-bench",
        abstract: "Jianguan benchmarks; each prints its figures and the ceiling it is compared with.",
        subcommands: [BusBench.self, GatewayBench.self, CatalogBench.self, CreditBench.self, PlanningBench.self, InspectionBench.self, ReferralBench.self, WarningBench.self, SuiteBench.self, StandInBench.self]
    )
}
