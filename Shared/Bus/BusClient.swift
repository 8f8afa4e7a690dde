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
        let envelope = RequestEnvelope(id: id, method: method, params: params, actor: actor, token: token, deadlineMs: timeoutMs, traceId: traceId)
        let body = try await transport.request(service: service, body: [Wire.encode(envelope)], timeoutMs: timeoutMs, retries: retries)
        guard let first = body.first else { throw BusError.malformedReply("empty reply from \(service)") }
        do {
            return try Wire.decode(AnyReply.self, from: first)
        } catch {
            throw BusError.malformedReply("\(service) \(method): \(error)")
        }
    }

    /// Calls a method and decodes its result; a non-OK reply throws `RemoteError` with the service's status.
    public func call<P: Encodable & Sendable, R: Decodable>(
        _ service: String, _ method: String, _ params: P, as type: R.Type = R.self, id: String = TimeOrderedID.make(),
        traceId: String? = nil
    ) async throws -> R {
        let reply = try await send(service, method, params, id: id, traceId: traceId)
        guard reply.status == .ok else {
            throw RemoteError(status: reply.status, message: reply.error?.message ?? "\(reply.status.rawValue)", details: reply.error?.details)
        }
        return try (reply.result ?? .null).decode(type)
    }
}
