import ArgumentParser
import Foundation
import JGTesting
import ServiceRunner

extension SuiteProcesses {
    /// The release suite (`.build/release`, or the executables in `JG_BIN_DIR` when set, e.g. an older build to
    /// compare with; demo data loaded; per-token rate limit off so that the limiter is not what a bench measures;
    /// the production number of workers, not the tests' 4), started and healthy; the caller stops it. `services`
    /// leaves out the others, e.g. to see a path alone without the subscribers sharing its cores.
    static func startRelease(
        demoData: String = "deploy/demo-data", environment extra: [String: String] = [:], services: [String] = SuiteProcesses.services
    ) async throws -> SuiteProcesses {
        setenv("JG_BIN_DIR", FileManager.default.currentDirectoryPath + "/.build/release", 0)
        let suite = try SuiteProcesses(environment: [
            "JG_DEMO_DATA": demoData, "JG_LOG_LEVEL": "warning", "JG_RATE_LIMIT": "0", "JG_WORKERS": "\(SuiteConfiguration.defaultWorkers)", "JG_SERVICES": services.joined(separator: ",")
        ].merging(extra) { _, new in new })
        try suite.startSuite(services)
        guard try await HTTP.waitHealthy(suite.httpBase, seconds: 60).status == 200 else {
            suite.stopAll()
            throw ValidationError("the suite did not come up")
        }
        return suite
    }
}
