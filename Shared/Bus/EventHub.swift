import Foundation
import Logging
import ZeroMQ

/// The gateway's event hub (DESIGN §3.3): publishers connect PUB to its XSUB, subscribers connect SUB to its
/// XPUB; messages flow down and subscriptions flow up.
public final class EventHub: Sendable {
    private let thread: SocketThread

    /// Binds both sides and starts forwarding on a thread of its own.
    public init(context: ZMQContext, publishersEndpoint: String, subscribersEndpoint: String, logger: Logger, curve: CurveServer? = nil) throws {
        let ready = DispatchSemaphore(value: 0)
        let failure = Mailbox<String>.unchecked()
        thread = try SocketThread(name: "event-hub") { thread in
            let xsub: ZMQSocket
            let xpub: ZMQSocket
            do {
                xsub = try ZMQSocket(context, .xsub)
                xpub = try ZMQSocket(context, .xpub)
                try xsub.setHighWaterMarks(send: 100_000, receive: 100_000)
                try xpub.setHighWaterMarks(send: 100_000, receive: 100_000)
                try curve?.apply(to: xsub)
                try curve?.apply(to: xpub)
                try xsub.bind(publishersEndpoint)
                try xpub.bind(subscribersEndpoint)
            } catch {
                failure?.post("\(error)")
                ready.signal()
                return
            }
            ready.signal()
            var poller = ZMQPoller()
            poller.add(xsub)
            poller.add(xpub)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            while !thread.isStopping {
                guard let readable = try? poller.poll(timeoutMilliseconds: 1_000) else { break }
                if readable[0] {
                    for _ in 0..<1_024 {
                        guard let message = try? xsub.receive(dontWait: true) else { break }
                        _ = try? xpub.send(message, dontWait: true)
                    }
                }
                if readable[1] {
                    for _ in 0..<1_024 {
                        guard let subscription = try? xpub.receive(dontWait: true) else { break }
                        _ = try? xsub.send(subscription, dontWait: true)
                    }
                }
            }
            xsub.close()
            xpub.close()
        }
        ready.wait()
        if let message = failure?.drain().first {
            thread.stop()
            throw ZMQError(code: 0, operation: "event hub bind: \(message)")
        }
        logger.info("event hub listening", metadata: ["jg.publishers": "\(publishersEndpoint)", "jg.subscribers": "\(subscribersEndpoint)"])
    }

    public func stop() { thread.stop() }
}

extension Mailbox {
    /// A mailbox when one can be made (an eventfd is available), for reporting back from thread start-up.
    static func unchecked() -> Mailbox? { try? Mailbox() }
}
