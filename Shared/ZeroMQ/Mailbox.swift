import CZeroMQ
import Foundation
import Synchronization

/// A queue any thread may post to, whose owner waits on it inside `zmq_poll` next to its sockets.
///
/// This is how work crosses into a socket-owning thread without sharing the socket: `post` appends under a mutex
/// and bumps an `eventfd`; the owner polls that fd, then `drain`s. Reading the fd before taking the queue means a
/// wake-up is never lost (at worst the owner wakes once to an empty queue).
public final class Mailbox<Element: Sendable>: Sendable {
    private let queue = Mutex<[Element]>([])
    /// The eventfd to poll for readability.
    public let fileDescriptor: Int32

    public init() throws {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw ZMQError(code: jg_errno(), operation: "eventfd") }
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    public func post(_ element: Element) {
        queue.withLock { $0.append(element) }
        var one: UInt64 = 1
        _ = write(fileDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Everything posted so far, oldest first.
    public func drain() -> [Element] {
        var counter: UInt64 = 0
        _ = read(fileDescriptor, &counter, MemoryLayout<UInt64>.size)
        return queue.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
