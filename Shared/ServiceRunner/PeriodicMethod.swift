import Foundation
import Logging
import Messages
import ServiceLifecycle

/// Calls one of the service's own methods every `interval`, as the service itself, through the dispatcher — so
/// scheduled work (retries, deadline checks) takes the same path, permissions and transaction as a request.
public struct PeriodicMethod: Service {
    let dispatcher: Dispatcher
    let method: String
    let interval: Duration
    let logger: Logger

    public init(dispatcher: Dispatcher, method: String, every interval: Duration, logger: Logger) {
        self.dispatcher = dispatcher
        self.method = method
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                await tick()
            }
        }
    }

    /// One call; returns the reply status.
    @discardableResult
    public func tick() async -> Status {
        let request = RequestEnvelope(method: method, params: SystemMessages.Empty(), actor: .service(dispatcher.service))
        guard let body = try? Wire.encode(request), let frame = await dispatcher.handle([body]).first,
            let reply = try? Wire.decode(AnyReply.self, from: frame)
        else { return .internal }
        if reply.status != .ok {
            logger.warning("scheduled call failed", metadata: ["jg.method": "\(method)", "jg.status": "\(reply.status.rawValue)"])
        }
        return reply.status
    }
}
