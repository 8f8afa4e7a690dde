import Foundation
import JGTesting
import ServiceRunner
import Testing
import Yams

/// docker-compose.yml cannot run here (no Docker engine); these checks keep it in step with the code.
@Suite struct DeploymentTests {
    static let root = SuiteProcesses.repositoryRoot
    static let executables = ["gateway", "catalog", "planning", "inspection", "credit", "referral", "warning"]

    static func compose() throws -> [String: Any] {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        guard let document = try Yams.load(yaml: text) as? [String: Any] else { throw SuiteError("docker-compose.yml is not a mapping") }
        return document
    }

    @Test func composeRunsEverySuiteExecutableWithItsOwnVolume() throws {
        let services = try Self.compose()["services"] as? [String: Any] ?? [:]
        #expect(Set(services.keys) == Set(Self.executables))
        var volumes: Set<String> = []
        for name in Self.executables {
            let service = services[name] as? [String: Any] ?? [:]
            #expect(service["command"] as? [String] == [name], "\(name) must run its own executable")
            let mounts = service["volumes"] as? [String] ?? []
            #expect(mounts == ["\(name)-data:/data"], "\(name) needs one volume of its own at JG_DATA_DIR")
            volumes.formUnion(mounts.map { String($0.split(separator: ":")[0]) })
            let environment = service["environment"] as? [String: Any] ?? [:]
            #expect(environment["JG_DATA_DIR"] as? String == "/data")
            #expect(service["healthcheck"] != nil, "\(name) needs a health check")
        }
        #expect(volumes.count == 7)
        let declared = try Self.compose()["volumes"] as? [String: Any] ?? [:]
        #expect(Set(declared.keys) == volumes)
    }

    @Test func composePortsAndVariablesMatchTheCode() throws {
        let services = try Self.compose()["services"] as? [String: Any] ?? [:]
        let defaults = SuiteConfiguration(environment: [:])
        let gateway = services["gateway"] as? [String: Any] ?? [:]
        let gatewayEnvironment = gateway["environment"] as? [String: Any] ?? [:]
        let port = { (url: String) in url.split(separator: ":").last.map(String.init) ?? "" }
        #expect(gatewayEnvironment["JG_HTTP_PORT"] as? String == "\(defaults.httpPort)")
        #expect(port(gatewayEnvironment["JG_BROKER_BIND"] as? String ?? "") == port(defaults.brokerBind))
        #expect(port(gatewayEnvironment["JG_HUB_XSUB_BIND"] as? String ?? "") == port(defaults.hubPublishersBind))
        #expect(port(gatewayEnvironment["JG_HUB_XPUB_BIND"] as? String ?? "") == port(defaults.hubSubscribersBind))
        let published = Set((gateway["ports"] as? [String] ?? []).map { $0.split(separator: ":").last.map(String.init) ?? "" })
        #expect(published == ["\(defaults.httpPort)", port(defaults.brokerBind), port(defaults.hubPublishersBind), port(defaults.hubSubscribersBind)])

        for name in Self.executables {
            let environment = (services[name] as? [String: Any])?["environment"] as? [String: Any] ?? [:]
            for key in environment.keys { #expect(SuiteConfiguration.variables.contains(key), "\(name) sets \(key), which no code reads") }
            guard name != "gateway" else { continue }
            #expect(port(environment["JG_GATEWAY"] as? String ?? "") == port(defaults.gateway))
            #expect(port(environment["JG_EVENTS_PUB"] as? String ?? "") == port(defaults.eventsPublish))
            #expect(port(environment["JG_EVENTS_SUB"] as? String ?? "") == port(defaults.eventsSubscribe))
        }
    }

    @Test func theDockerfileBuildsEveryExecutable() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        for name in Self.executables + ["jg"] { #expect(dockerfile.contains(" \(name)"), "deploy/Dockerfile does not copy \(name)") }
        #expect(dockerfile.contains("libzmq5") && dockerfile.contains("libsqlite3-0"))
    }

    @Test func theReadmeDocumentsEveryVariable() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for variable in SuiteConfiguration.variables { #expect(readme.contains(variable), "README.md does not document \(variable)") }
        #expect(readme.contains("make run") && readme.contains("make test"))
    }
}
