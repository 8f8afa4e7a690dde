import Bus
import Foundation
import Messages
import ServiceRunner

/// Who is calling, once their token is checked.
public struct Caller: Sendable, Hashable {
    public var actor: Actor
    public var tokenId: String?
    /// A suite component (a service, or the HTTP front acting for a caller it authenticated).
    public var isSuite: Bool
}

/// Why the gateway refused a call before it reached a service.
public struct Refusal: Error, Sendable, Hashable {
    public var status: Status
    public var message: String
}

/// Authentication, authorisation and rate limiting for every call from outside (DESIGN §3.4), on both doors:
/// the broker (as its `BrokerPolicy`) and the HTTP front. It stamps the verified actor on the envelope, drops
/// any actor the caller sent and the token itself, and reports each reply to the access log and the metrics.
public final class Gatekeeper: BrokerPolicy {
    let tokens: TokenCache
    let suiteToken: String
    let limiter: RateLimiter
    let accessLog: AccessLog?
    let metrics: GatewayMetrics?

    public init(tokens: TokenCache, suiteToken: String, limiter: RateLimiter, accessLog: AccessLog?, metrics: GatewayMetrics?) {
        self.tokens = tokens
        self.suiteToken = suiteToken
        self.limiter = limiter
        self.accessLog = accessLog
        self.metrics = metrics
    }

    /// Checks a bearer token: none is the public, an unknown or revoked one is refused.
    public func authenticate(_ token: String?) -> Result<Caller, Refusal> {
        guard let token, !token.isEmpty else { return .success(Caller(actor: .anonymous, tokenId: nil, isSuite: false)) }
        if token == suiteToken { return .success(Caller(actor: .service("suite"), tokenId: nil, isSuite: true)) }
        guard let entry = tokens.lookup(token) else {
            return .failure(Refusal(status: .unauthenticated, message: "the token is unknown or revoked; ask the coordination office for a new one"))
        }
        return .success(Caller(actor: entry.actor, tokenId: entry.id, isSuite: false))
    }

    /// Rate limit, then the role table.
    public func authorize(_ caller: Caller, service: String, method: String) -> Refusal? {
        if caller.isSuite { return nil }
        if !limiter.allow(caller.tokenId ?? "anonymous") {
            return Refusal(status: .resourceExhausted, message: "too many requests for this token; slow down and retry")
        }
        if let reason = Authorization.denial(for: caller.actor, service: service, method: method) {
            return Refusal(status: .permissionDenied, message: reason)
        }
        return nil
    }

    // MARK: BrokerPolicy

    struct Tag: Sendable {
        var caller: Caller
        var method: String
        var requestId: String
        var channel: String
    }

    public func admit(service: String, body: [Data]) -> BrokerDecision {
        // Not an envelope at all: forwarded untouched, the service answers INVALID_ARGUMENT without running anything.
        guard body.count == 1, case .object(var fields)? = try? Wire.decode(JSONValue.self, from: body[0]) else {
            return .forward(body, tag: nil)
        }
        // No method: malformed, and the service's dispatcher says so (INVALID_ARGUMENT) before any handler runs.
        guard let method = fields["method"]?.stringValue, !method.isEmpty else { return .forward(body, tag: nil) }
        let id = fields["id"]?.stringValue ?? ""
        var caller: Caller
        switch authenticate(fields["token"]?.stringValue) {
        case .failure(let refusal):
            return .answer([Self.encode(.failure(id: id, refusal.status, refusal.message))])
        case .success(let authenticated):
            caller = authenticated
        }
        var channel = "bus"
        if caller.isSuite {
            // A suite component may act for someone it authenticated (the HTTP front does).
            if let stated = try? fields["actor"]?.decode(Actor.self) {
                caller.actor = stated
                channel = stated.role == .service ? "suite" : "http"
            }
        } else if let refusal = authorize(caller, service: service, method: method) {
            return .answer([Self.encode(.failure(id: id, refusal.status, refusal.message))])
        }
        fields["token"] = nil
        fields["actor"] = try? JSONValue(encoding: caller.actor)
        // A request from outside starts a trace named by its request id; it travels on through every event it causes.
        if fields["traceId"]?.stringValue?.isEmpty ?? true, !id.isEmpty { fields["traceId"] = .string(id) }
        guard let rewritten = try? Wire.encode(JSONValue.object(fields)) else { return .forward(body, tag: nil) }
        return .forward([rewritten], tag: Tag(caller: caller, method: method, requestId: id, channel: channel))
    }

    public func completed(service: String, tag: (any Sendable)?, reply: [Data], elapsedMs: Int64) {
        guard let tag = tag as? Tag else { return }
        let status = reply.first.map(ReplyStatus.scan) ?? "INVALID"
        metrics?.record(service: service, method: tag.method, status: status, milliseconds: elapsedMs)
        guard tag.caller.actor.role != .service else { return }
        accessLog?.record(
            .init(
                seq: 0, at: Wire.timestamp(Date()), role: tag.caller.actor.role.rawValue, dept: tag.caller.actor.dept, user: tag.caller.actor.user,
                tokenId: tag.caller.tokenId, channel: tag.channel, service: service, method: tag.method, requestId: tag.requestId, status: status,
                durationMs: elapsedMs))
    }

    static func encode(_ reply: AnyReply) -> Data {
        (try? Wire.encode(reply)) ?? Data()
    }
}

/// Reads the status of a reply envelope cheaply: the suite encodes keys sorted, so `"status"` sits just before
/// `"v"` at the end; anything else is decoded properly.
enum ReplyStatus {
    static let marker = Array(#""status":""#.utf8)

    static func scan(_ reply: Data) -> String {
        let tail = Array(reply.suffix(96))
        if let start = tail.indices.last(where: { index in
            index + marker.count <= tail.count && tail[index..<index + marker.count].elementsEqual(marker)
        }) {
            let valueStart = start + marker.count
            if let end = tail[valueStart...].firstIndex(of: UInt8(ascii: "\"")) {
                return String(decoding: tail[valueStart..<end], as: UTF8.self)
            }
        }
        struct Probe: Decodable { var status: String }
        return (try? Wire.decode(Probe.self, from: reply))?.status ?? "INVALID"
    }
}
