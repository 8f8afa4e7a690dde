import Bus
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore

/// The gateway's HTTP interface (DESIGN §4 gateway): `/healthz`, `/metrics`, `/v1/call/<service>/<method>`,
/// `/v1/cmd` (text commands and `help`), and `/public/...` (published data, no token).
///
/// Callers authenticate with `Authorization: Bearer <token>`; the front checks the token and the role table
/// itself, then hands the request to the broker in-process (`MDPBroker.request`) stating the verified actor.
/// Replies are the service's envelope with the HTTP status mapped from its status.
public struct HTTPFront: Sendable {
    let broker: MDPBroker
    let gatekeeper: Gatekeeper
    let metrics: GatewayMetrics
    let expectedServices: [String]
    let maxBodyBytes: Int
    let callTimeoutMs: Int

    public init(
        broker: MDPBroker, gatekeeper: Gatekeeper, metrics: GatewayMetrics, expectedServices: [String],
        maxBodyBytes: Int, callTimeoutMs: Int
    ) {
        self.broker = broker
        self.gatekeeper = gatekeeper
        self.metrics = metrics
        self.expectedServices = expectedServices
        self.maxBodyBytes = maxBodyBytes
        self.callTimeoutMs = callTimeoutMs
    }

    /// Published data, each route one open method; `fixed` parameters cannot be overridden by the query.
    static let publicRoutes: [(path: String, service: String, method: String, parameter: String?, fixed: [String: JSONValue])] = [
        ("/public/items", "catalog", "items.list", nil, ["status": "published"]),
        ("/public/guides", "catalog", "guides.get", nil, [:]),
        ("/public/plans", "planning", "public.plans", nil, [:]),
        ("/public/draws", "planning", "public.draws", nil, [:]),
        ("/public/draws/:id", "planning", "public.draws", "drawId", [:]),
        ("/public/results/:uscc", "inspection", "public.results", "uscc", [:]),
        ("/public/credit/:uscc", "credit", "public.profile", "uscc", [:]),
    ]

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            let health = SuiteHealth(snapshot: broker.snapshot, expected: expectedServices)
            return Self.json(health, status: health.isHealthy ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.post("/v1/call/:service/:method") { request, context -> Response in
            let service = try context.parameters.require("service")
            let method = try context.parameters.require("method")
            let data: Data
            switch await readBody(request) {
            case .failure(let failure): return failure.response
            case .success(let body): data = body
            }
            // Parsed only to check that it is one JSON object; the bytes themselves go on to the service.
            let params: Data
            if data.isEmpty {
                params = Data("{}".utf8)
            } else if JSONObjectCheck.isOneObject(data) {
                params = data
            } else {
                return Self.reply(.failure(id: "", .invalidArgument, "the request body must be a JSON object of parameters"))
            }
            return await forward(service: service, method: method, params: params, request: request)
        }
        router.post("/v1/cmd") { request, _ -> Response in
            let data: Data
            switch await readBody(request) {
            case .failure(let failure): return failure.response
            case .success(let body): data = body
            }
            let line = String(decoding: data, as: UTF8.self)
            if let help = HelpCommand(line) { return await answer(help, request: request) }
            let command: TextCommand
            do throws(TextCommandError) {
                command = try TextCommand.parse(line)
            } catch {
                return Self.reply(.failure(id: "", .invalidArgument, error.description))
            }
            guard let params = try? Wire.encode(JSONValue.object(command.params)) else {
                return Self.reply(.failure(id: "", .internal, "gateway error: the command's parameters could not be encoded"))
            }
            return await forward(service: command.service, method: command.method, params: params, request: request)
        }
        for route in Self.publicRoutes {
            router.get(RouterPath(route.path)) { request, context -> Response in
                var params: [String: JSONValue] = [:]
                for (name, value) in request.uri.queryParameters { params[String(name)] = TextCommand.typed(String(value)) }
                if let parameter = route.parameter, let value = context.parameters.get(String(route.path.split(separator: ":").last ?? "")) {
                    params[parameter] = .string(value)
                }
                params.merge(route.fixed) { _, fixed in fixed }
                return await send(service: route.service, method: route.method, params: .object(params), caller: Caller(actor: .anonymous, tokenId: nil, isSuite: false), id: TimeOrderedID.make())
            }
        }
        return router
    }

    func readBody(_ request: Request) async -> Result<Data, ErrorResponse> {
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            return .success(Data(buffer.readableBytesView))
        } catch {
            return .failure(ErrorResponse(Self.reply(.failure(id: "", .invalidArgument, "request body larger than \(maxBodyBytes) bytes"))))
        }
    }

    /// The caller of an HTTP request, from its bearer token.
    func caller(of request: Request) -> Result<Caller, Refusal> {
        guard let header = request.headers[.authorization] else { return gatekeeper.authenticate(nil) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(Refusal(status: .unauthenticated, message: "Authorization must be `Bearer <token>`"))
        }
        // HTTP's optional whitespace is spaces and tabs only.
        return gatekeeper.authenticate(parts[1].trimmed { $0 == " " || $0 == "\t" })
    }

    /// `params`: one JSON object.
    func forward(service: String, method: String, params: Data, request: Request) async -> Response {
        let id = request.headers[.requestID].flatMap { $0.isEmpty ? nil : $0 } ?? TimeOrderedID.make()
        switch caller(of: request) {
        case .failure(let refusal):
            return Self.reply(.failure(id: id, refusal.status, refusal.message))
        case .success(let caller):
            if let refusal = gatekeeper.authorize(caller, service: service, method: method) {
                return Self.reply(.failure(id: id, refusal.status, refusal.message))
            }
            return await send(service: service, method: method, params: params, caller: caller, id: id)
        }
    }

    /// Hands the request to the broker in-process, stating the verified actor (no token: the broker's admission is
    /// for callers it has not checked, and this one was); the reply reaches the access log and metrics as any other.
    func send(service: String, method: String, params: JSONValue, caller: Caller, id: String) async -> Response {
        do {
            return await send(service: service, method: method, params: try Wire.encode(params), caller: caller, id: id)
        } catch {
            return Self.reply(.failure(id: id, .internal, "gateway error: \(error)"))
        }
    }

    /// `params`: one JSON object, already checked.
    func send(service: String, method: String, params: Data, caller: Caller, id: String) async -> Response {
        let envelope = RequestEnvelope(id: id, method: method, params: SystemMessages.Empty(), actor: caller.actor, deadlineMs: callTimeoutMs, traceId: id)
        let tag = Gatekeeper.Tag(caller: caller, method: method, requestId: id, channel: "http")
        do {
            let body = try await broker.request(service: service, body: [try envelope.encoded(params: params)], tag: tag, timeoutMs: callTimeoutMs, retries: 1)
            // The service's reply goes out as it came; only its status is read, for the HTTP code.
            guard let first = body.first, let status = Status(rawValue: ReplyStatus.scan(first)) else {
                return Self.reply(.failure(id: id, .internal, "\(service) answered something that is not a reply envelope"))
            }
            return Self.reply(raw: first, status: status)
        } catch let error as BusError {
            return Self.reply(.failure(id: id, error.status, error.message))
        } catch {
            return Self.reply(.failure(id: id, .internal, "gateway error: \(error)"))
        }
    }

    /// `help`, `help <service>`, `help <service> <method>`, from the services' own `methods.list`.
    func answer(_ help: HelpCommand, request: Request) async -> Response {
        guard let service = help.service else {
            return Self.text(HelpCommand.overview(services: expectedServices + ["gateway"]))
        }
        if case .failure(let refusal) = caller(of: request) { return Self.reply(.failure(id: "", refusal.status, refusal.message)) }
        guard let list = await methodList(of: service) else {
            return Self.reply(.failure(id: "", .unavailable, "\(service) did not answer methods.list; is it running? (`help` lists the services)"))
        }
        let known = help.method.map { name in list.methods.contains { $0.name == name } } ?? true
        return Self.text(help.render(list), status: known ? .ok : .notFound)
    }

    /// A service's method list, asked in-process as the gateway (help text is not private).
    func methodList(of service: String) async -> SystemMessages.MethodList? {
        let envelope = RequestEnvelope(method: "methods.list", params: SystemMessages.Empty(), actor: .service("gateway"))
        guard let body = try? Wire.encode(envelope),
            let reply = try? await broker.request(service: service, body: [body], tag: nil, timeoutMs: callTimeoutMs, retries: 0).first
        else { return nil }
        return (try? Wire.decode(ReplyEnvelope<SystemMessages.MethodList>.self, from: reply))?.result
    }

    static func reply(_ reply: AnyReply) -> Response {
        Self.reply(raw: (try? Wire.encode(reply)) ?? Data(), status: reply.status)
    }

    static func reply(raw data: Data, status: Status) -> Response {
        Response(
            status: HTTPResponse.Status(code: status.httpStatus), headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? Wire.encode(value)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A ready HTTP answer carried through a `Result`.
struct ErrorResponse: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the envelope id, so a retried HTTP call is answered once (idempotency).
    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// Decodes only when the whole body is well-formed JSON whose top level is an object; builds nothing of it. (The
/// decoder scans all of the input before anything is decoded, so a second value or a broken string still fails.)
struct JSONObjectCheck: Decodable {
    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: AnyKey.self) }

    /// Space, tab, line feed and carriage return: all JSON allows around a value (RFC 8259 §2). Anything else
    /// before the object, a byte-order mark included, would not fit inside the envelope the body is set into.
    static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    /// Whether `data` is exactly one JSON object, with nothing but whitespace around it.
    static func isOneObject(_ data: Data) -> Bool {
        data.first(where: { !whitespace.contains($0) }) == UInt8(ascii: "{") && (try? Wire.decode(Self.self, from: data)) != nil
    }
}
