import Bus
import Foundation
import JGTesting
import Messages
import Testing

/// Tokens, roles and the access log against the running gateway (issue 9), on both doors: the bus and HTTP.
@Suite(.serialized) struct GatewayAuthTests {
    struct Context {
        let suite: SuiteProcesses
        let admin: String
        let client: MDPClient

        /// Calls over the bus presenting `token` (and claiming `actor`, which the gateway must ignore).
        func call(_ service: String, _ method: String, _ params: JSONValue = .emptyObject, token: String?, claiming actor: Actor? = nil) throws -> AnyReply {
            let envelope = RequestEnvelope(method: method, params: params, actor: actor, token: token)
            let body = try client.request(service: service, body: [Wire.encode(envelope)], timeoutMs: 5_000, retries: 0)
            return try Wire.decode(AnyReply.self, from: body[0])
        }

        func issue(_ role: Actor.Role, dept: String? = nil, user: String? = nil) throws -> (token: String, id: String) {
            var params: JSONValue = ["role": .string(role.rawValue), "label": .string("test \(role.rawValue)")]
            if case .object(var fields) = params {
                fields["dept"] = dept.map(JSONValue.string)
                fields["user"] = user.map(JSONValue.string)
                params = .object(fields)
            }
            let reply = try call("gateway", "tokens.issue", params, token: admin)
            let issued = try (reply.result ?? .null).decode(GatewayMessages.IssuedToken.self)
            return (issued.token, issued.info.id)
        }
    }

    static func start(_ environment: [String: String] = [:]) async throws -> Context {
        let suite = try SuiteProcesses(environment: environment)
        try suite.startSuite()
        let health = try await HTTP.waitHealthy(suite.httpBase, seconds: 60)
        #expect(health.status == 200)
        return Context(suite: suite, admin: try suite.adminToken(), client: MDPClient(context: TestContext.shared, endpoint: suite.brokerEndpoint))
    }

    @Test func eachRoleAgainstARepresentativeMethodOfEachService() async throws {
        let context = try await Self.start()
        let operatorToken = try context.issue(.operator, dept: "hy-market").token
        let inspectorToken = try context.issue(.inspector, dept: "hy-market", user: "insp-001").token
        let auditorToken = try context.issue(.auditor).token
        // (service, a state-changing method, a read) — the gateway's decision only: a service may still refuse by
        // its own ownership rules, but never with the gateway's UNAUTHENTICATED / PERMISSION_DENIED wording.
        let representative: [(String, String)] = [
            ("catalog", "items.create"), ("planning", "plans.create"), ("inspection", "tasks.create"), ("credit", "records.add"),
            ("referral", "clues.register"), ("warning", "rules.create"),
        ]
        func refusedByGateway(_ reply: AnyReply) -> Bool { [.permissionDenied, .unauthenticated].contains(reply.status) && reply.id.isEmpty == false }
        for (service, mutation) in representative {
            #expect(try context.call(service, "health.check", token: nil).status == .ok, "\(service) health.check is open")
            #expect(try context.call(service, mutation, token: nil).status == .permissionDenied, "public may not \(service) \(mutation)")
            #expect(try context.call(service, mutation, token: auditorToken).status == .permissionDenied, "auditor may not \(service) \(mutation)")
            #expect(!refusedByGateway(try context.call(service, mutation, token: operatorToken)), "operator may try \(service) \(mutation)")
            #expect(!refusedByGateway(try context.call(service, mutation, token: context.admin)), "admin may try \(service) \(mutation)")
            #expect(try context.call(service, "events.since", ["after": 0], token: auditorToken).status == .ok, "auditor reads \(service) events")
            #expect(try context.call(service, "events.since", ["after": 0], token: operatorToken).status == .permissionDenied)
            #expect(try context.call(service, "events.since", ["after": 0], token: inspectorToken).status == .permissionDenied)
        }
        #expect(try context.call("inspection", "tasks.cancel", token: inspectorToken).status == .permissionDenied)
        #expect(!refusedByGateway(try context.call("inspection", "results.record", token: inspectorToken)))
        #expect(try context.call("gateway", "tokens.list", token: operatorToken).status == .permissionDenied)
        #expect(try context.call("gateway", "tokens.list", token: context.admin).status == .ok)
        #expect(try context.call("gateway", "access.list", token: auditorToken).status == .ok)
        #expect(try context.call("gateway", "access.list", token: operatorToken).status == .permissionDenied)
        #expect(try context.call("catalog", "health.check", token: "jgt_not_a_real_token").status == .unauthenticated)
    }

    @Test func aForgedActorIsReplacedByTheTokensOwn() async throws {
        let context = try await Self.start()
        let operatorToken = try context.issue(.operator, dept: "hy-health").token
        let forged = Actor(dept: "hy-justice", user: "boss", role: .admin)
        let reply = try context.call("gateway", "auth.whoami", token: operatorToken, claiming: forged)
        #expect(try (reply.result?["actor"] ?? .null).decode(Actor.self) == Actor(dept: "hy-health", user: nil, role: .operator))
        // Claiming admin does not open admin methods either.
        #expect(try context.call("gateway", "tokens.list", token: operatorToken, claiming: forged).status == .permissionDenied)
        // Over HTTP, the header of the first version is simply ignored.
        let http = try await HTTP.post(
            "\(context.suite.httpBase)/v1/call/gateway/auth.whoami", body: Data("{}".utf8),
            headers: ["Authorization": "Bearer \(operatorToken)", "X-JG-Actor": #"{"role":"admin"}"#])
        #expect(try Wire.decode(AnyReply.self, from: http.body).result?["actor"]?["role"] == "operator")
    }

    @Test func aRevokedTokenIsRefusedAtOnce() async throws {
        let context = try await Self.start()
        let (token, id) = try context.issue(.operator, dept: "hy-market")
        #expect(try context.call("gateway", "auth.whoami", token: token).status == .ok)
        // Spaces and tabs around the token (HTTP's optional whitespace) are not part of it.
        let padded = try await HTTP.post(
            "\(context.suite.httpBase)/v1/call/catalog/health.check", body: Data(), headers: ["Authorization": "Bearer \t \(token) \t"])
        #expect(padded.status == 200)
        #expect(try context.call("gateway", "tokens.revoke", ["id": .string(id)], token: context.admin).status == .ok)
        #expect(try context.call("gateway", "auth.whoami", token: token).status == .unauthenticated)
        let http = try await HTTP.post("\(context.suite.httpBase)/v1/call/catalog/health.check", body: Data(), headers: ["Authorization": "Bearer \(token)"])
        #expect(http.status == 401)
        let listed = try context.call("gateway", "tokens.list", token: context.admin)
        let tokens = try (listed.result ?? .null).decode(GatewayMessages.TokenList.self).tokens
        #expect(tokens.first { $0.id == id }?.revokedAt != nil)
        #expect(!listed.result.map { "\($0)" }!.contains(token), "tokens.list never shows a token")
    }

    @Test func rateLimitAndHTTPStatusMapping() async throws {
        let context = try await Self.start(["JG_RATE_LIMIT": "5"])  // 5 per second, bursts of 10
        let token = try context.issue(.auditor).token
        let base = context.suite.httpBase
        var statuses: [Int] = []
        for _ in 0..<30 {
            statuses.append(try await HTTP.post("\(base)/v1/call/catalog/health.check", body: Data(), headers: ["Authorization": "Bearer \(token)"]).status)
        }
        #expect(statuses.filter { $0 == 200 }.count >= 10)
        #expect(statuses.contains(429))
        // The bus shares the token's bucket. It refills at 5 per second, so on a loaded machine one call after the
        // HTTP burst may find a fresh token: a quick run of calls must still run into the limit.
        var busStatuses: [Status] = []
        for _ in 0..<20 where !busStatuses.contains(.resourceExhausted) {
            busStatuses.append(try context.call("catalog", "health.check", token: token).status)
        }
        #expect(busStatuses.contains(.resourceExhausted), "\(busStatuses)")
        #expect(try await HTTP.post("\(base)/v1/call/catalog/health.check", body: Data(), headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try await HTTP.post("\(base)/v1/call/catalog/health.check", body: Data(), headers: ["Authorization": "Basic abc"]).status == 401)
        #expect(try await HTTP.post("\(base)/v1/call/gateway/tokens.list", body: Data()).status == 403)
        #expect(try await HTTP.post("\(base)/v1/call/catalog/events.since", body: Data(#"{"after":-1}"#.utf8), headers: ["Authorization": "Bearer \(context.admin)"]).status == 400)
    }

    @Test func accessLogMetricsAndHelp() async throws {
        let context = try await Self.start()
        let auditor = try context.issue(.auditor).token
        let operatorToken = try context.issue(.operator, dept: "hy-market").token
        for _ in 0..<4 { _ = try context.call("catalog", "health.check", token: operatorToken) }
        _ = try context.call("gateway", "tokens.list", token: operatorToken)  // denied at the door: not logged as a call
        _ = try await HTTP.post("\(context.suite.httpBase)/v1/cmd", body: Data("credit health.check".utf8), headers: ["Authorization": "Bearer \(operatorToken)"])
        try await Task.sleep(for: .milliseconds(300))
        let page = try context.call("gateway", "access.list", ["dept": "hy-market"], token: auditor)
        let entries = try (page.result ?? .null).decode(GatewayMessages.AccessPage.self).entries
        #expect(entries.contains { $0.service == "catalog" && $0.method == "health.check" && $0.status == "OK" && $0.channel == "bus" && $0.role == "operator" })
        #expect(entries.contains { $0.service == "credit" && $0.channel == "http" })
        // Newest first, and paging back from there with before=<the last seq shown>. Filtered to the operator's
        // department, so that the auditor's own access.list calls, logged meanwhile, stay out of the pages.
        func seqs(_ params: [String: JSONValue]) throws -> [Int64] {
            try (context.call("gateway", "access.list", .object(params.merging(["dept": "hy-market"]) { $1 }), token: auditor).result ?? .null)
                .decode(GatewayMessages.AccessPage.self).entries.map(\.seq)
        }
        let all = try seqs(["limit": 1_000])
        #expect(all.count == 5, "four bus calls and one text command")
        #expect(all == all.sorted(), "oldest first by default")
        let latest = try seqs(["newest": true, "limit": 2])
        #expect(latest == [all[4], all[3]])
        let earlier = try seqs(["newest": true, "before": .int(all[3]), "limit": 2])
        #expect(earlier == [all[2], all[1]])
        let metrics = try await HTTP.get("\(context.suite.httpBase)/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"jg_requests_total{service="catalog",method="health.check",status="OK"}"#))
        #expect(metrics.text.contains("jg_request_duration_seconds_bucket"))
        let help = try await HTTP.post("\(context.suite.httpBase)/v1/cmd", body: Data("help catalog events.since".utf8))
        #expect(help.status == 200)
        #expect(help.text.contains("after=<integer> (required)"))
        let overview = try await HTTP.post("\(context.suite.httpBase)/v1/cmd", body: Data("help".utf8))
        #expect(overview.text.contains("help <service>"))
    }
}
