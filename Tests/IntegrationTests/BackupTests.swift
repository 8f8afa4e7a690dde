import Bus
import Foundation
import JGTesting
import Messages
import Testing

/// `jg admin backup` while the suite runs, then `deploy/local/suite.sh restore` into a fresh data directory:
/// the restored suite answers the same queries (issue 10).
@Suite(.serialized) struct BackupTests {
    @Test func anOnlineBackupRestoresToASuiteThatAnswersTheSame() async throws {
        let original = try SuiteProcesses()
        try original.startSuite()
        #expect(try await HTTP.waitHealthy(original.httpBase, seconds: 60).status == 200)
        let admin = try original.adminToken()
        let client = MDPClient(context: TestContext.shared, endpoint: original.brokerEndpoint)
        func call(_ client: MDPClient, _ service: String, _ method: String, _ params: JSONValue, token: String) throws -> AnyReply {
            let body = try client.request(service: service, body: [Wire.encode(RequestEnvelope(method: method, params: params, token: token))])
            return try Wire.decode(AnyReply.self, from: body[0])
        }
        // State in two stores: a token in the gateway's, a credit record in credit's.
        let issued = try call(client, "gateway", "tokens.issue", ["role": "auditor", "label": "backup check"], token: admin)
        #expect(issued.status == .ok)
        let auditor = issued.result?["token"]?.stringValue ?? ""
        // 91411625MA9G5XY01Y: check character computed independently (GB 32100, see DESIGN), python:
        //   cs='0123456789ABCDEFGHJKLMNPQRTUWXY'; b='91411625MA9G5XY01'
        //   cs[(31 - sum(cs.index(c)*pow(3,i,31) for i,c in enumerate(b)) % 31) % 31]  -> 'Y'
        let record: JSONValue = [
            "uscc": "91411625MA9G5XY01Y", "dept": "hy-market", "type": "dailySupervision", "polarity": "negative", "severity": "moderate",
            "occurredOn": "2025-05-01", "summary": "gas cylinder storage unsafe",
        ]
        #expect(try call(client, "credit", "records.add", record, token: admin).status == .ok)
        let before = try call(client, "credit", "records.list", ["uscc": "91411625MA9G5XY01Y"], token: auditor)
        #expect(before.status == .ok)

        let backup = original.dataDirectory.appendingPathComponent("backup").path
        let jg = try JGCommand.run(["admin", "backup", backup], suite: original, token: admin)
        #expect(jg.status == 0, "\(jg.stderr)")
        for service in ["gateway", "catalog", "planning", "inspection", "credit", "referral", "warning"] {
            #expect(FileManager.default.fileExists(atPath: "\(backup)/\(service).sqlite"), "\(service) was backed up")
        }
        original.stopAll()

        let restored = try SuiteProcesses(environment: ["JG_SUITE_TOKEN": original.environment["JG_SUITE_TOKEN"] ?? ""])
        let script = Process()
        script.executableURL = SuiteProcesses.repositoryRoot.appendingPathComponent("deploy/local/suite.sh")
        script.arguments = ["restore", backup]
        script.environment = restored.environment
        script.standardOutput = Pipe()
        try script.run()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        try restored.startSuite()
        #expect(try await HTTP.waitHealthy(restored.httpBase, seconds: 60).status == 200)
        let restoredClient = MDPClient(context: TestContext.shared, endpoint: restored.brokerEndpoint)
        let after = try call(restoredClient, "credit", "records.list", ["uscc": "91411625MA9G5XY01Y"], token: auditor)
        #expect(after.status == .ok, "the auditor token issued before the backup still works")
        #expect(after.result == before.result)
        #expect(!FileManager.default.fileExists(atPath: restored.dataDirectory.appendingPathComponent("admin.token").path),
            "the restored gateway already has an admin: no new one is issued")
    }
}
