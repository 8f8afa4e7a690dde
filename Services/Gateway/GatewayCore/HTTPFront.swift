import Bus
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore

/// The gateway's HTTP interface: `/healthz`, `/v1/call/<service>/<method>` and `/v1/cmd` (DESIGN §4 gateway).
///
/// Until the token store lands, a caller may state its actor in the `X-JG-Actor` header (JSON); this is not
/// yet secure and the README says so. Replies are the service's envelope with the HTTP status mapped from it.
public struct HTTPFront: Sendable {
    let bus: AsyncMDPClient
    let broker: MDPBroker
    let expectedServices: [String]
    let maxBodyBytes: Int
    let callTimeoutMs: Int

    public init(bus: AsyncMDPClient, broker: MDPBroker, expectedServices: [String], maxBodyBytes: Int, callTimeoutMs: Int) {
        self.bus = bus
        self.broker = broker
        self.expectedServices = expectedServices
        self.maxBodyBytes = maxBodyBytes
        self.callTimeoutMs = callTimeoutMs
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            let health = SuiteHealth(snapshot: broker.snapshot, expected: expectedServices)
            return Self.json(health, status: health.isHealthy ? .ok : .serviceUnavailable)
        }
        router.post("/v1/call/:service/:method") { request, context -> Response in
            let service = try context.parameters.require("service")
            let method = try context.parameters.require("method")
            let params: JSONValue
            switch await readBody(request) {
            case .failure(let failure): return failure.response
            case .success(let data):
                if data.isEmpty {
                    params = .emptyObject
                } else if let decoded = try? Wire.decode(JSONValue.self, from: data), case .object = decoded {
                    params = decoded
                } else {
                    return Self.reply(.failure(id: "", .invalidArgument, "the request body must be a JSON object of parameters"))
                }
            }
            return await forward(service: service, method: method, params: params, request: request)
        }
        router.post("/v1/cmd") { request, _ -> Response in
            switch await readBody(request) {
            case .failure(let failure): return failure.response
            case .success(let data):
                do throws(TextCommandError) {
                    let command = try TextCommand.parse(String(decoding: data, as: UTF8.self))
                    return await forward(service: command.service, method: command.method, params: .object(command.params), request: request)
                } catch {
                    return Self.reply(.failure(id: "", .invalidArgument, error.description))
                }
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

    func forward(service: String, method: String, params: JSONValue, request: Request) async -> Response {
        let id = request.headers[.requestID].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString.lowercased()
        var actor: Actor?
        if let header = request.headers[.actor] {
            guard let decoded = try? Wire.decode(Actor.self, from: Data(header.utf8)) else {
                return Self.reply(.failure(id: id, .invalidArgument, #"X-JG-Actor must be JSON like {"dept":"hy-market","role":"operator"}"#))
            }
            actor = decoded
        }
        let envelope = RequestEnvelope(id: id, method: method, params: params, actor: actor, deadlineMs: callTimeoutMs)
        do {
            let body = try await bus.request(service: service, body: [try Wire.encode(envelope)], timeoutMs: callTimeoutMs, retries: 1)
            guard let first = body.first, let reply = try? Wire.decode(AnyReply.self, from: first) else {
                return Self.reply(.failure(id: id, .internal, "\(service) answered something that is not a reply envelope"))
            }
            return Self.reply(reply, raw: first)
        } catch let error as BusError {
            return Self.reply(.failure(id: id, error.status, error.message))
        } catch {
            return Self.reply(.failure(id: id, .internal, "gateway error: \(error)"))
        }
    }

    static func reply(_ reply: AnyReply, raw: Data? = nil) -> Response {
        let data = raw ?? (try? Wire.encode(reply)) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: reply.status.httpStatus), headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? Wire.encode(value)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
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
    /// `X-JG-Actor`: the caller's stated actor, until tokens land.
    static let actor = HTTPField.Name("X-JG-Actor")!
}
