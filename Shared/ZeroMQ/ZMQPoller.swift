import CZeroMQ

/// `zmq_poll` over sockets and plain file descriptors (a `Mailbox`'s eventfd), always with a finite timeout.
///
/// Like the sockets it watches, a poller lives on one thread; it holds only borrowed raw handles and is rebuilt
/// whenever the set of sockets changes.
public struct ZMQPoller: ~Copyable {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket; returns its index in the readiness array.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.rawHandle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Adds a readable file descriptor; returns its index in the readiness array.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Waits at most `timeoutMilliseconds` (clamped to at least 0) and says which items are readable.
    /// An interrupted wait (`EINTR`) returns with nothing readable; the caller's loop simply polls again.
    public mutating func poll(timeoutMilliseconds: Int) throws -> [Bool] {
        let rc = items.withUnsafeMutableBufferPointer { buffer in
            zmq_poll(buffer.baseAddress, Int32(buffer.count), max(0, timeoutMilliseconds))
        }
        if rc < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.isInterrupted { return Array(repeating: false, count: items.count) }
            throw error
        }
        return items.map { ($0.revents & Int16(ZMQ_POLLIN)) != 0 }
    }
}
