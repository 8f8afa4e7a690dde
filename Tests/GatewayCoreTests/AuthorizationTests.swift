import Bus
import Foundation
import GatewayCore
import Messages
import Testing

/// The role table, the rate limiter and the gatekeeper's envelope rewriting, without sockets.
@Suite struct AuthorizationTests {
    let market = Actor(dept: "hy-market", role: .operator)

    @Test func rolesAgainstTheTable() {
        #expect(Authorization.denial(for: .anonymous, service: "catalog", method: "guides.get") == nil)
        #expect(Authorization.denial(for: .anonymous, service: "credit", method: "public.profile") == nil)
        #expect(Authorization.denial(for: .anonymous, service: "catalog", method: "items.list") != nil)
        #expect(Authorization.denial(for: market, service: "catalog", method: "items.create") == nil)
        #expect(Authorization.denial(for: market, service: "planning", method: "plans.approve")?.contains("coordination office") == true)
        #expect(Authorization.denial(for: market, service: "gateway", method: "tokens.issue") != nil)
        #expect(Authorization.denial(for: Actor(role: .operator), service: "catalog", method: "items.create") != nil, "operators need a department")
        let auditor = Actor(role: .auditor)
        #expect(Authorization.denial(for: auditor, service: "inspection", method: "audit.verify") == nil)
        #expect(Authorization.denial(for: auditor, service: "inspection", method: "results.publish") != nil)
        let inspector = Actor(dept: "hy-market", user: "i-1", role: .inspector)
        #expect(Authorization.denial(for: inspector, service: "inspection", method: "results.record") == nil)
        #expect(Authorization.denial(for: inspector, service: "inspection", method: "results.publish") != nil)
        #expect(Authorization.denial(for: Actor(role: .admin), service: "gateway", method: "tokens.issue") == nil)
    }

    @Test func rateLimiterRefillsAtItsRate() {
        let limiter = RateLimiter(ratePerSecond: 2)  // bursts of 4
        let allowed = (0..<6).map { _ in limiter.allow("t", now: 100) }
        #expect(allowed == [true, true, true, true, false, false])
        #expect(limiter.allow("t", now: 100.5))  // half a second refills one
        #expect(!limiter.allow("t", now: 100.5))
        #expect(limiter.allow("other", now: 100.5), "buckets are per caller")
        #expect(RateLimiter(ratePerSecond: 0).allow("x"), "0 turns limiting off")
    }

    @Test func theGatekeeperStampsTheVerifiedActorAndDropsTheToken() throws {
        let tokens = TokenCache()
        // The store keeps SHA-256 digests only. Independently computed:
        //   python3 -c "import hashlib; print(hashlib.sha256(b'jgt_example-operator-token').hexdigest())"
        tokens.add(digest: "f9bb861943e216954ad7974a46cb58400bc04a8f6a452c6158d0c8f37ac91087", .init(id: "tok-1", actor: market))
        let keeper = Gatekeeper(tokens: tokens, suiteToken: "suite-secret", limiter: RateLimiter(ratePerSecond: 0), accessLog: nil, metrics: nil)
        let forged = RequestEnvelope(
            id: "r1", method: "items.create", params: ["name": "x"] as JSONValue, actor: Actor(dept: "hy-justice", role: .admin),
            token: "jgt_example-operator-token")
        guard case .forward(let body, _) = keeper.admit(service: "catalog", body: [try Wire.encode(forged)]) else {
            Issue.record("a valid operator token may call items.create")
            return
        }
        let forwarded = try Wire.decode(JSONValue.self, from: body[0])
        #expect(try forwarded["actor"]?.decode(Actor.self) == market, "the forged admin actor is replaced")
        #expect(forwarded["token"] == nil)
        #expect(forwarded["params"] == ["name": "x"])
        #expect(forwarded["id"] == "r1")
        // A client that sends no trace (a Python peer, say) gets one named by its request id.
        let untraced = Data(#"{"v":1,"id":"r9","method":"items.list","params":{},"token":"jgt_example-operator-token"}"#.utf8)
        guard case .forward(let stamped, _) = keeper.admit(service: "catalog", body: [untraced]) else {
            Issue.record("a valid operator token may call items.list")
            return
        }
        #expect(try Wire.decode(JSONValue.self, from: stamped[0])["traceId"] == "r9")
        guard case .answer(let refusal) = keeper.admit(service: "catalog", body: [try Wire.encode(RequestEnvelope(method: "items.list", params: JSONValue.emptyObject, token: "jgt_other"))]) else {
            Issue.record("an unknown token is refused by the gateway")
            return
        }
        #expect(try Wire.decode(AnyReply.self, from: refusal[0]).status == .unauthenticated)
    }

    @Test func anonymousMutationsAreAnsweredByTheGatewayAndSuiteCallsKeepTheirActor() throws {
        let keeper = Gatekeeper(tokens: TokenCache(), suiteToken: "suite-secret", limiter: RateLimiter(ratePerSecond: 0), accessLog: nil, metrics: nil)
        let anonymous = RequestEnvelope(id: "r1", method: "items.create", params: JSONValue.emptyObject, actor: Actor(role: .admin))
        guard case .answer(let reply) = keeper.admit(service: "catalog", body: [try Wire.encode(anonymous)]) else {
            Issue.record("expected the gateway to refuse")
            return
        }
        let refused = try Wire.decode(AnyReply.self, from: reply[0])
        #expect(refused.status == .permissionDenied)
        #expect(refused.id == "r1")

        let suite = RequestEnvelope(id: "r2", method: "items.list", params: JSONValue.emptyObject, actor: Actor(dept: "hy-health", role: .operator), token: "suite-secret")
        guard case .forward(let body, _) = keeper.admit(service: "catalog", body: [try Wire.encode(suite)]) else {
            Issue.record("suite calls pass")
            return
        }
        let forwarded = try Wire.decode(JSONValue.self, from: body[0])
        #expect(forwarded["token"] == nil, "the token never reaches a service")
        #expect(try forwarded["actor"]?.decode(Actor.self) == Actor(dept: "hy-health", role: .operator))

        // A suite call inside a traced request keeps that trace.
        let traced = RequestEnvelope(
            id: "r3", method: "items.list", params: JSONValue.emptyObject, actor: .service("planning"), token: "suite-secret", traceId: "trace-7")
        guard case .forward(let tracedBody, _) = keeper.admit(service: "catalog", body: [try Wire.encode(traced)]) else {
            Issue.record("suite calls pass")
            return
        }
        #expect(try Wire.decode(JSONValue.self, from: tracedBody[0])["traceId"] == "trace-7")
    }

    @Test func helpAndTables() {
        #expect(HelpCommand("help") == HelpCommand("help"))
        #expect(HelpCommand("catalog help") == nil)
        #expect(HelpCommand("help catalog items.list")?.method == "items.list")
        // An object parameter shows its fields in braces, an array of objects in brackets around them.
        let spec = SystemMessages.MethodSpec(
            name: "tasks.create", summary: "s", mutating: true,
            params: [
                .init("window", required: true, fieldsOf: InspectionMessages.Window(start: "", end: ""), "days"),
                .init("inspectors", elementsOf: InspectionMessages.InspectorRef(id: "", dept: "")),
            ])
        let help = HelpCommand("help inspection tasks.create")?.render(SystemMessages.MethodList(service: "inspection", methods: [spec])) ?? ""
        #expect(help.contains("  window=<object> (required)  {start, end} days\n"), "\(help)")
        #expect(help.contains("  inspectors=<array>  [{id, dept}]\n"), "\(help)")
        #expect(TableRenderer.width("燃气abc") == 7)
        let table = TableRenderer.table([["name": "城镇燃气", "n": 1], ["name": "food", "n": 22]])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.map { TableRenderer.width(String($0.prefix { $0 != " " || true })) }.count == 3)
        #expect(lines[0].hasPrefix("N   NAME"))
        #expect(lines[1] == "1   城镇燃气")
        #expect(lines[2] == "22  food")
    }

    /// A page: key lines, then the table, then how to get the next page; an empty list says so.
    @Test func aPageRendersItsCursorLastAsTheNextPagesParameter() {
        let page: JSONValue = ["entities": [["id": "E1"], ["id": "E2"]], "next": "E2", "skipped": [], "total": 9]
        #expect(TableRenderer.render(page) == "skipped: (none)\ntotal:   9\nentities (2):\nID\nE1\nE2\nmore: add after=E2 for the next page")
        #expect(TableRenderer.render(["clues": [], "next": .null]) == "clues: (none)")
    }
}
