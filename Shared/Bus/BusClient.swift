import Foundation
import Messages

/// Calls suite methods with typed parameters and results over an `AsyncMDPClient`, as one actor.
public struct BusClient: Sendable {
    public let transport: AsyncMDPClient
    public var actor: Actor?
    public var token: String?
    public var timeoutMs: Int
    public var retries: Int

    public init(transport: AsyncMDPClient, actor: Actor? = nil, token: String? = nil, timeoutMs: Int = 5_000, retries: Int = 2) {
        self.transport = transport
        self.actor = actor
        self.token = token
        self.timeoutMs = timeoutMs
        self.retries = retries
    }

    /// Sends one request envelope and returns the untyped reply (any status).
    public func send<P: Encodable & Sendable>(
        _ service: String, _ method: String, _ params: P, id: String = TimeOrderedID.make(), traceId: String? = nil
    ) async throws -> AnyReply {
        let body = try await exchange(service, method, params, id: id, traceId: traceId)
        do {
            return try Wire.decode(AnyReply.self, from: body)
        } catch {
            throw BusError.malformedReply("\(service) \(method): \(error)")
        }
    }

    /// Calls a method and decodes its result; a non-OK reply throws `RemoteError` with the service's status.
    ///
    /// The reply is parsed once, straight into `R` (with `decoder`, whose `userInfo` may guide nested types); only
    /// a reply that does not fit is parsed again untyped, to say why.
    public func call<P: Encodable & Sendable, R: Decodable & Sendable>(
        _ service: String, _ method: String, _ params: P, as type: R.Type = R.self, id: String = TimeOrderedID.make(),
        traceId: String? = nil, decoder: JSONDecoder = Wire.decoder
    ) async throws -> R {
        let body = try await exchange(service, method, params, id: id, traceId: traceId)
        if let reply = try? decoder.decode(ReplyEnvelope<R>.self, from: body), reply.status == .ok, let result = reply.result {
            return result
        }
        let reply: AnyReply
        do {
            reply = try Wire.decode(AnyReply.self, from: body)
        } catch {
            throw BusError.malformedReply("\(service) \(method): \(error)")
        }
        guard reply.status == .ok else {
            throw RemoteError(status: reply.status, message: reply.error?.message ?? "\(reply.status.rawValue)", details: reply.error?.details)
        }
        // The same decoder again, so that its `userInfo` still shapes the result (an untyped decode would not).
        return try decoder.decode(R.self, from: Wire.encode(reply.result ?? JSONValue.null))
    }

    private func exchange<P: Encodable & Sendable>(_ service: String, _ method: String, _ params: P, id: String, traceId: String?) async throws -> Data {
        let envelope = RequestEnvelope(id: id, method: method, params: params, actor: actor, token: token, deadlineMs: timeoutMs, traceId: traceId)
        let body = try await transport.request(service: service, body: [Wire.encode(envelope)], timeoutMs: timeoutMs, retries: retries)
        guard let first = body.first else { throw BusError.malformedReply("empty reply from \(service)") }
        return first
    }
}
