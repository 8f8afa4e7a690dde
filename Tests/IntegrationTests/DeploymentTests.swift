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

    /// One image per service, built from that service's stage of deploy/Dockerfile (Docker) or by
    /// deploy/podman/images.sh under the same name (podman, `make images`); no key docker-compose 1.29 rejects.
    @Test func composeUsesOneImagePerServiceFromItsDockerfileStage() throws {
        let document = try Self.compose()
        #expect(document["name"] == nil, "docker-compose 1.29 rejects a top-level name:")
        let services = document["services"] as? [String: Any] ?? [:]
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        let podmanImages = try String(contentsOf: Self.root.appendingPathComponent("deploy/podman/images.sh"), encoding: .utf8)
        let podmanWords = Set(podmanImages.split { !$0.isLetter }.map(String.init))
        for name in Self.executables {
            let service = services[name] as? [String: Any] ?? [:]
            #expect(service["image"] as? String == "jianguan-\(name):latest", "\(name) needs its own image")
            #expect(service["restart"] as? String == "unless-stopped", "\(name) needs a restart policy")
            let build = service["build"] as? [String: Any] ?? [:]
            #expect(build["dockerfile"] as? String == "deploy/Dockerfile")
            #expect(build["target"] as? String == name, "\(name) builds from its own stage")
            #expect(dockerfile.contains("AS \(name)\n"), "deploy/Dockerfile has no stage \(name)")
            #expect(podmanWords.contains(name), "deploy/podman/images.sh does not build \(name)")
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

/// deploy/k8s and deploy/systemd, checked against the code like the compose file.
@Suite struct ManifestTests {
    static let root = SuiteProcesses.repositoryRoot

    static func documents() throws -> [[String: Any]] {
        let directory = root.appendingPathComponent("deploy/k8s")
        var documents: [[String: Any]] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for document in try Yams.load_all(yaml: text) {
                if let mapping = document as? [String: Any] { documents.append(mapping) }
            }
        }
        return documents
    }

    static func named(_ kind: String, _ name: String, in documents: [[String: Any]]) -> [String: Any]? {
        documents.first { $0["kind"] as? String == kind && ($0["metadata"] as? [String: Any])?["name"] as? String == name }
    }

    @Test func everyExecutableHasADeploymentAVolumeClaimAndAService() throws {
        let documents = try Self.documents()
        for name in DeploymentTests.executables {
            let deployment = try #require(Self.named("Deployment", name, in: documents), "no Deployment \(name)")
            #expect(Self.named("PersistentVolumeClaim", "\(name)-data", in: documents) != nil, "no PVC \(name)-data")
            #expect(Self.named("Service", name, in: documents) != nil, "no Service \(name)")
            let spec = ((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any] ?? [:]
            let container = (spec["containers"] as? [[String: Any]])?.first ?? [:]
            #expect(container["command"] as? [String] == [name])
            #expect(container["readinessProbe"] != nil && container["livenessProbe"] != nil, "\(name) needs both probes")
            let mounts = container["volumeMounts"] as? [[String: Any]] ?? []
            #expect(mounts.contains { $0["mountPath"] as? String == "/data" })
            for variable in (container["env"] as? [[String: Any]] ?? []).compactMap({ $0["name"] as? String }) {
                #expect(SuiteConfiguration.variables.contains(variable), "\(name) sets \(variable), which no code reads")
            }
        }
    }

    @Test func configAndPortsMatchTheCode() throws {
        let documents = try Self.documents()
        let config = try #require(Self.named("ConfigMap", "jianguan-config", in: documents))
        let data = config["data"] as? [String: Any] ?? [:]
        for key in data.keys { #expect(SuiteConfiguration.variables.contains(key), "ConfigMap sets \(key), which no code reads") }
        let secret = try #require(Self.named("Secret", "jianguan-secrets", in: documents))
        #expect((secret["stringData"] as? [String: Any])?["JG_SUITE_TOKEN"] != nil)
        let defaults = SuiteConfiguration(environment: [:])
        let port = { (url: String) in Int(url.split(separator: ":").last ?? "") ?? -1 }
        #expect(port(data["JG_GATEWAY"] as? String ?? "") == port(defaults.gateway))
        #expect(port(data["JG_EVENTS_PUB"] as? String ?? "") == port(defaults.eventsPublish))
        #expect(port(data["JG_EVENTS_SUB"] as? String ?? "") == port(defaults.eventsSubscribe))
        let service = try #require(Self.named("Service", "gateway", in: documents))
        let ports = Set(((service["spec"] as? [String: Any])?["ports"] as? [[String: Any]] ?? []).compactMap { $0["port"] as? Int })
        #expect(ports == [defaults.httpPort, port(defaults.brokerBind), port(defaults.hubPublishersBind), port(defaults.hubSubscribersBind)])
    }

    @Test func systemdUnitsRunTheExecutables() throws {
        let directory = Self.root.appendingPathComponent("deploy/systemd")
        let gateway = try String(contentsOf: directory.appendingPathComponent("jianguan-gateway.service"), encoding: .utf8)
        #expect(gateway.contains("ExecStart=/usr/local/bin/gateway"))
        let template = try String(contentsOf: directory.appendingPathComponent("jianguan@.service"), encoding: .utf8)
        #expect(template.contains("ExecStart=/usr/local/bin/%i"))
        let environment = try String(contentsOf: directory.appendingPathComponent("jianguan.env"), encoding: .utf8)
        for line in environment.split(separator: "\n") where !line.hasPrefix("#") {
            let key = String(line.split(separator: "=").first ?? "")
            #expect(SuiteConfiguration.variables.contains(key), "jianguan.env sets \(key), which no code reads")
        }
    }
}
