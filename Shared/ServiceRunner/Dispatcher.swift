import Foundation
import Logging
import Messages
import Store

/// Turns one MDP request body into one reply body: decode the envelope, route, run, map errors to statuses.
///
/// Whatever the input, it answers an envelope: a malformed body is `INVALID_ARGUMENT`, an unknown method
/// `UNIMPLEMENTED`, a handler's `ServiceError` its own status, anything else `INTERNAL` (logged, never sent).
public struct Dispatcher: Sendable {
    public let service: String
    public let router: MethodRouter
    public let maxBodyBytes: Int
    public let logger: Logger

    public init(service: String, router: MethodRouter, maxBodyBytes: Int, logger: Logger) {
        self.service = service
        self.router = router
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    public func handle(_ frames: [Data]) async -> [Data] {
        [await handle(body: frames)]
    }

    private func handle(body frames: [Data]) async -> Data {
        let started = Monotonic.now()
        guard frames.count == 1, let body = frames.first else {
            return encode(.failure(id: "", .invalidArgument, "expected exactly one body frame (a JSON request envelope), got \(frames.count)"))
        }
        guard body.count <= maxBodyBytes else {
            return encode(.failure(id: "", .invalidArgument, "request body is \(body.count) bytes; \(service) accepts at most \(maxBodyBytes)"))
        }
        let incoming: IncomingRequest
        do {
            // One parse: the header, and the parameters straight into the route's own type.
            let decoder = Wire.decoder
            decoder.userInfo[IncomingRequest.routerKey] = router
            incoming = try decoder.decode(IncomingRequest.self, from: body)
        } catch {
            return encode(.failure(id: "", .invalidArgument, "body is not a JSON request envelope {v, id, method, params}: \(Self.summary(of: error))"))
        }
        let header = incoming.header
        guard header.v == Wire.protocolVersion else {
            return encode(.failure(id: header.id, .invalidArgument, "envelope version \(header.v) is not supported; use v=\(Wire.protocolVersion)"))
        }
        var logger = logger
        logger[metadataKey: "jg.request.id"] = "\(header.id)"
        logger[metadataKey: "jg.method"] = "\(header.method)"
        if let trace = header.traceId { logger[metadataKey: "jg.trace"] = "\(trace)" }
        guard let route = router.route(header.method) else {
            logger.notice("unknown method")
            return encode(
                .failure(id: header.id, .unimplemented, "\(service) has no method \(header.method.debugDescription); `\(service) methods.list` lists them"))
        }
        // Services trust only the actor the gateway stamped (DESIGN §3.4); without one, only open methods.
        if header.actor == nil, !route.spec.open {
            logger.notice("request without actor refused")
            return encode(
                .failure(
                    id: header.id, .unauthenticated,
                    "\(header.method) needs a verified caller: send it through the gateway with a token (Authorization: Bearer …)"))
        }
        if let deadline = header.deadlineMs, deadline <= 0 {
            return encode(
                .failure(
                    id: header.id, .invalidArgument, "deadlineMs must be a positive number of milliseconds, got \(deadline)",
                    details: ["field": "deadlineMs"]))
        }
        let context = RequestContext(
            id: header.id, method: header.method, actor: header.actor, traceId: header.traceId,
            deadlineMs: header.deadlineMs.map { Self.deadline(after: $0) }, logger: logger)
        let invocation: MethodRouter.Invocation
        switch incoming.parameters {
        case .bound(let bound)?:
            invocation = bound
        case .invalid(let error)?:
            logger.notice("request refused", metadata: ["jg.status": "INVALID_ARGUMENT", "jg.error": "\(ParamsDecoder.describe(error))"])
            return encode(
                .failure(id: header.id, .invalidArgument, ParamsDecoder.describe(error), details: ["field": .string(ParamsDecoder.path(of: error))]))
        case .unknown(let names, let object)?:
            let message = Self.unknownParameters(names, in: object, of: route.spec, service: service)
            logger.notice("request refused", metadata: ["jg.status": "INVALID_ARGUMENT", "jg.error": "\(message)"])
            return encode(.failure(id: header.id, .invalidArgument, message, details: ["field": .string(Self.path(names[0], in: object))]))
        case nil:
            return encode(.failure(id: header.id, .internal, "internal error in \(service) \(header.method): parameters were not decoded"))
        }
        let reply: Data
        do {
            let result = try await invocation(context)
            if let encoded = result as? any EncodedResult {
                reply = try SuccessReply.wrapping(id: header.id, json: encoded.json)
            } else {
                reply = try Wire.encode(SuccessReply(id: header.id, result: result))
            }
            // Changes are logged at info, so `grep jg.trace=<id>` over the logs shows a request's whole path
            // (its events carry the trace on); reads only at debug, to keep the logs about what changed.
            logger.log(
                level: route.spec.mutating ? .info : .debug, "ok", metadata: ["jg.duration_ms": "\(Monotonic.now() - started)"])
        } catch let error as any ServiceError {
            logger.notice(
                "request refused", metadata: ["jg.status": "\(error.status.rawValue)", "jg.error": "\(error.message)", "jg.duration_ms": "\(Monotonic.now() - started)"])
            reply = encode(.failure(id: header.id, error.status, error.message, details: error.details))
        } catch {
            logger.error("handler failed", metadata: ["jg.error": "\(String(reflecting: error))"])
            reply = encode(.failure(id: header.id, .internal, "internal error in \(service) \(header.method); the incident is logged under request id \(header.id)"))
        }
        return reply
    }

    private func encode(_ reply: AnyReply) -> Data {
        (try? Wire.encode(reply)) ?? Data(#"{"v":1,"id":"","status":"INTERNAL","error":{"message":"reply encoding failed"}}"#.utf8)
    }

    /// The monotonic instant `milliseconds` from now; a deadline too far away to represent is no deadline at all
    /// (`Int64.max`), never an arithmetic overflow.
    static func deadline(after milliseconds: Int, now: Int64 = Monotonic.now()) -> Int64 {
        let (sum, overflow) = now.addingReportingOverflow(Int64(milliseconds))
        return overflow ? Int64.max : sum
    }

    /// `params.domian is not a parameter of items.list (did you mean domian → domain?); it takes domain, leadDept, …
    /// (`help catalog items.list`)`, or for an object parameter `params.filter.domian is not a field of filter (…); it
    /// takes domain, industry, … (…)`.
    static func unknownParameters(_ names: [String], in object: String?, of method: SystemMessages.MethodSpec, service: String) -> String {
        // The names come from the caller: show a few, each cut short, rather than echo a megabyte back.
        let listed = names.prefix(5).map { path($0, in: object) }.joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
        let what = object.map { "field\(names.count == 1 ? "" : "s") of \($0)" } ?? "parameter\(names.count == 1 ? "" : "s") of \(method.name)"
        // `inspectors[2]` takes the fields declared for `inspectors`.
        let parameter = object.map { String($0.prefix { $0 != "[" }) }
        let accepted = parameter.flatMap { name in method.params.first { $0.name == name }?.fields } ?? method.params.map(\.name)
        let verb = names.count == 1 ? "is not a" : "are not"
        let takes = accepted.isEmpty ? "it takes none" : "it takes \(accepted.joined(separator: ", "))"
        let guesses = names.prefix(5).compactMap { name in Spelling.closest(to: name, among: accepted).map { "\(name) → \($0)" } }
        let hint = guesses.isEmpty ? "" : " (did you mean \(guesses.joined(separator: ", "))?)"
        return "\(listed) \(verb) \(what)\(hint); \(takes) (`help \(service) \(method.name)`)"
    }

    /// `params.<name>` or `params.<object>.<name>`, the caller's name cut short.
    static func path(_ name: String, in object: String?) -> String {
        (["params"] + [object].compactMap { $0 } + [Spelling.shortened(name)]).joined(separator: ".")
    }

    static func summary(of error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, _): return "missing \(key.stringValue)"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
            case .dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
            @unknown default: return "\(decoding)"
            }
        }
        return "\(error)"
    }
}

/// An OK reply around any encodable result.
struct SuccessReply: Encodable {
    let id: String
    let result: any Encodable & Sendable

    enum CodingKeys: String, CodingKey { case v, id, status, result }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Wire.protocolVersion, forKey: .v)
        try container.encode(id, forKey: .id)
        try container.encode(Status.ok, forKey: .status)
        try result.encode(to: container.superEncoder(forKey: .result))
    }

    /// The same reply around a result already encoded (a mutation's stored JSON), byte for byte what `encode` writes
    /// with sorted keys: `{"id":…,"result":…,"status":"OK","v":1}`.
    static func wrapping(id: String, json: Data) throws -> Data {
        var reply = Data(#"{"id":"#.utf8)
        reply.append(try Wire.encode(id))
        reply.append(contentsOf: #","result":"#.utf8)
        reply.append(json)
        reply.append(contentsOf: #","status":"OK","v":\#(Wire.protocolVersion)}"#.utf8)
        return reply
    }
}

/// Milliseconds on the monotonic clock.
enum Monotonic {
    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }
}

/// A request body decoded in one pass: the header, then — the route found from `method` — its parameters
/// straight into the route's own type.
struct IncomingRequest: Decodable {
    static let routerKey = CodingUserInfoKey(rawValue: "jg.router")!

    enum Parameters {
        case bound(MethodRouter.Invocation)
        case invalid(DecodingError)
        /// Names the method does not declare, sorted: in `params` itself (`object` nil), in one of its object
        /// parameters with declared fields, or in an element of an array of them (`object` is then `name[i]`).
        case unknown([String], object: String?)
    }

    enum Keys: String, CodingKey { case params }

    let header: RequestHeader
    /// Nil when the method is unknown (the dispatcher answers UNIMPLEMENTED).
    let parameters: Parameters?

    /// The first names outside the method's declaration: its parameters, then the keys of each parameter that declares
    /// its fields, an object's or each object element's of an array (a misspelt key in a plan's `filter` would
    /// otherwise widen its pool).
    static func unknownKeys(in params: KeyedDecodingContainer<AnyKey>, route: MethodRouter.Route) throws -> Parameters? {
        let unknown = params.allKeys.map(\.stringValue).filter { !route.accepted.contains($0) }
        if !unknown.isEmpty { return .unknown(unknown.sorted(), object: nil) }
        for (name, fields) in route.fields {
            let key = AnyKey(stringValue: name)
            guard params.contains(key) else { continue }
            func unknown(in object: KeyedDecodingContainer<AnyKey>) -> [String]? {
                let unknown = object.allKeys.map(\.stringValue).filter { !fields.contains($0) }
                return unknown.isEmpty ? nil : unknown.sorted()
            }
            if let object = try? params.nestedContainer(keyedBy: AnyKey.self, forKey: key) {
                if let names = unknown(in: object) { return .unknown(names, object: name) }
            } else if var elements = try? params.nestedUnkeyedContainer(forKey: key) {
                // Elements that are not objects (an item given as its bare code) are the decoder's to judge.
                while !elements.isAtEnd {
                    let index = elements.currentIndex
                    if let object = try? elements.nestedContainer(keyedBy: AnyKey.self), let names = unknown(in: object) {
                        return .unknown(names, object: "\(name)[\(index)]")
                    }
                    if elements.currentIndex == index, (try? elements.decode(JSONValue.self)) == nil { break }
                }
            }
        }
        return nil
    }

    init(from decoder: any Decoder) throws {
        header = try RequestHeader(from: decoder)
        guard let router = decoder.userInfo[Self.routerKey] as? MethodRouter, let route = router.route(header.method) else {
            parameters = nil
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        do {
            let present = try container.contains(.params) && !container.decodeNil(forKey: .params)
            if present, let unknown = try Self.unknownKeys(in: container.nestedContainer(keyedBy: AnyKey.self, forKey: .params), route: route) {
                parameters = unknown
                return
            }
            parameters = .bound(try route.bind(present ? try container.superDecoder(forKey: .params) : nil))
        } catch let error as DecodingError {
            parameters = .invalid(error)
        }
    }
}
