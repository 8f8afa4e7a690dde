import Bus
import Foundation
import JGTesting
import Messages
import Testing

/// `jg import` against a running suite: a file sent in chunks is one all-or-nothing batch, and row errors are
/// reported with the line of the file they are on (issue 3).
@Suite(.serialized) struct ImportCommandTests {
    @Test func aChunkedImportIsAllOrNothingAndNamesFileLines() async throws {
        let suite = try SuiteProcesses()
        try suite.startSuite()
        #expect(try await HTTP.waitHealthy(suite.httpBase, seconds: 60).status == 200)
        let admin = try suite.adminToken()

        // 25 venues (no USCC needed); row 3's address is quoted and spans two lines, so every later row sits one file
        // line lower than its record number would say. Rows 7 and 20 get a kind that does not exist.
        func rows(badAt bad: Set<Int>) -> (csv: String, badLines: [Int]) {
            var text = "id,name,kind,address\n"
            var line = 2
            var badLines: [Int] = []
            for n in 0..<25 {
                let address = n == 3 ? "\"淮阳区 羲皇大道 \(n) 号\n二楼\"" : "淮阳区 羲皇大道 \(n) 号"
                if bad.contains(n) { badLines.append(line) }
                text += "import-test-\(n),场所\(n),\(bad.contains(n) ? "site" : "venue"),\(address)\n"
                line += n == 3 ? 2 : 1
            }
            return (text, badLines)
        }
        let directory = suite.dataDirectory
        let badFile = directory.appendingPathComponent("bad.csv")
        let bad = rows(badAt: [7, 20])
        try bad.csv.write(to: badFile, atomically: true, encoding: .utf8)
        #expect(bad.badLines == [10, 23])

        let refused = try JGCommand.run(["import", "catalog", "entities", badFile.path, "--rows", "5"], suite: suite, token: admin)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        for line in bad.badLines {
            #expect(refused.stderr.contains("line \(line) column kind"), "\(refused.stderr)")
        }
        let client = MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint)
        func ids() throws -> [String] {
            let body = try client.request(
                service: "catalog",
                body: [Wire.encode(RequestEnvelope(method: "entities.list", params: ["kind": "venue", "fields": "ids", "limit": 1000] as JSONValue, token: admin))])
            let reply = try Wire.decode(AnyReply.self, from: body[0])
            return (reply.result?["ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        #expect(try ids().isEmpty, "a refused batch writes nothing")

        let goodFile = directory.appendingPathComponent("good.csv")
        try rows(badAt: []).csv.write(to: goodFile, atomically: true, encoding: .utf8)
        let imported = try JGCommand.run(["import", "catalog", "entities", goodFile.path, "--rows", "5"], suite: suite, token: admin)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("25 row(s) sent, 25 imported, 0 rejected"), "\(imported.stdout)")
        #expect(try ids().sorted() == (0..<25).map { "import-test-\($0)" }.sorted())

        let body = try client.request(
            service: "catalog", body: [Wire.encode(RequestEnvelope(method: "entities.get", params: ["id": "import-test-3"] as JSONValue, token: admin))])
        let entity = try Wire.decode(AnyReply.self, from: body[0])
        #expect(entity.result?["address"]?.stringValue == "淮阳区 羲皇大道 3 号\n二楼", "a quoted line break stays inside its field")
    }
}
