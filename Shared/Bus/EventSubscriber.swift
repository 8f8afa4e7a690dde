import Foundation
import Logging
import ZeroMQ

/// Receives events from the hub's XPUB on a SUB socket and hands them to async code as a stream.
public final class EventSubscriber: Sendable {
    /// One received message: its topic frame and envelope frame.
    public struct Delivery: Sendable {
        public var topic: String
        public var envelope: Data
    }

    public let deliveries: AsyncStream<Delivery>
    private let thread: SocketThread

    /// Subscribes to every topic starting with one of `prefixes` (e.g. `inspection.`).
    public init(context: ZMQContext, hubEndpoint: String, prefixes: [String], logger: Logger, curve: CurveClient? = nil) throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .bufferingNewest(100_000))
        deliveries = stream
        thread = try SocketThread(name: "event-subscriber") { thread in
            defer { continuation.finish() }
            guard let socket = try? ZMQSocket(context, .sub) else { return }
            do {
                try socket.setHighWaterMarks(send: 1_000, receive: 100_000)
                for prefix in prefixes { try socket.subscribe(prefix) }
                try curve?.apply(to: socket)
                try socket.connect(hubEndpoint)
            } catch {
                logger.error("cannot subscribe at event hub", metadata: ["jg.error": "\(error)"])
                return
            }
            var poller = ZMQPoller()
            poller.add(socket)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            while !thread.isStopping {
                guard let ready = try? poller.poll(timeoutMilliseconds: 1_000) else { break }
                if ready[0] {
                    while let frames = try? socket.receive(dontWait: true) {
                        guard frames.count == 2 else { continue }
                        continuation.yield(Delivery(topic: String(decoding: frames[0], as: UTF8.self), envelope: frames[1]))
                    }
                }
            }
            socket.close()
        }
    }

    public func stop() { thread.stop() }
}
