import Foundation
import Logging
import ZeroMQ

/// Publishes events on a PUB socket connected to the hub's XSUB; any thread may call `publish`.
public final class EventPublisher: Sendable {
    struct Outgoing: Sendable {
        var topic: String
        var envelope: Data
    }

    private let outgoing: Mailbox<Outgoing>
    private let thread: SocketThread

    public init(context: ZMQContext, hubEndpoint: String, logger: Logger, curve: CurveClient? = nil) throws {
        let outgoing = try Mailbox<Outgoing>()
        self.outgoing = outgoing
        thread = try SocketThread(name: "event-publisher") { thread in
            guard let socket = try? ZMQSocket(context, .pub) else { return }
            do {
                try socket.setHighWaterMarks(send: 100_000, receive: 1_000)
                try curve?.apply(to: socket)
                try socket.connect(hubEndpoint)
            } catch {
                logger.error("cannot connect to event hub", metadata: ["jg.error": "\(error)"])
                return
            }
            var poller = ZMQPoller()
            poller.add(fileDescriptor: outgoing.fileDescriptor)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            while !thread.isStopping {
                guard let ready = try? poller.poll(timeoutMilliseconds: 1_000) else { break }
                if ready[1] { thread.acknowledgeWakeup() }
                if ready[0] {
                    for event in outgoing.drain() {
                        // PUB never blocks; a full queue drops, and subscribers recover through `events.since`.
                        _ = try? socket.send([Data(event.topic.utf8), event.envelope], dontWait: true)
                    }
                }
            }
            socket.close()
        }
    }

    public func publish(topic: String, envelope: Data) {
        outgoing.post(Outgoing(topic: topic, envelope: envelope))
    }

    public func stop() { thread.stop() }
}
