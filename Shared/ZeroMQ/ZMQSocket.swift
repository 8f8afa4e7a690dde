import CZeroMQ
import Foundation

/// The socket patterns the suite uses.
public enum ZMQSocketType: Sendable {
    case router, dealer, pub, sub, xpub, xsub, pair, rep

    var raw: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .xpub: ZMQ_XPUB
        case .xsub: ZMQ_XSUB
        case .pair: ZMQ_PAIR
        case .rep: ZMQ_REP
        }
    }
}

/// A ZeroMQ socket, confined to the thread that uses it.
///
/// libzmq sockets are not thread-safe. This class is deliberately **not** `Sendable`: under Swift 6 strict
/// concurrency a non-`Sendable` value can be handed to another thread only by *transferring* it (region-based
/// isolation: created in, or `sending` into, a `@Sendable` thread body and never touched again by the sender).
/// Any attempt to use one socket from two concurrency domains is a compile-time error, so each socket has exactly
/// one owning thread. Cross-thread signalling goes through `Mailbox`, never through a shared socket.
public final class ZMQSocket {
    private var handle: UnsafeMutableRawPointer?
    /// Keeps the context alive (and un-terminated) while this socket is open.
    private let context: ZMQContext
    public let type: ZMQSocketType

    public init(_ context: ZMQContext, _ type: ZMQSocketType) throws {
        guard let handle = zmq_socket(context.handle, type.raw) else { throw ZMQError.last("zmq_socket") }
        self.handle = handle
        self.context = context
        self.type = type
        // Linger 0: closing never waits for undelivered messages, so shutdown cannot hang.
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit { close() }

    /// Closes the socket; later calls fail with `ENOTSOCK`. Idempotent.
    public func close() {
        if let handle {
            zmq_close(handle)
            self.handle = nil
        }
    }

    private func live(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: ENOTSOCK, operation: operation) }
        return handle
    }

    var rawHandle: UnsafeMutableRawPointer? { handle }

    // MARK: Options

    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        if zmq_setsockopt(try live("zmq_setsockopt"), option, &value, MemoryLayout<Int32>.size) != 0 {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    public func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        if zmq_setsockopt(try live("zmq_setsockopt"), option, &value, MemoryLayout<Int64>.size) != 0 {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    public func setOption(_ option: Int32, _ bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        if rc != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    public func setOption(_ option: Int32, _ string: String) throws {
        try setOption(option, Array(string.utf8))
    }

    /// `ZMQ_ROUTER_MANDATORY`: sending to a vanished peer fails with `EHOSTUNREACH` instead of dropping silently.
    public func setRouterMandatory() throws { try setOption(ZMQ_ROUTER_MANDATORY, Int32(1)) }
    public func setIdentity(_ identity: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, identity) }
    public func setMaxMessageSize(_ bytes: Int64) throws { try setOption(ZMQ_MAXMSGSIZE, bytes) }
    public func setHighWaterMarks(send: Int32, receive: Int32) throws {
        try setOption(ZMQ_SNDHWM, send)
        try setOption(ZMQ_RCVHWM, receive)
    }
    public func subscribe(_ prefix: String) throws { try setOption(ZMQ_SUBSCRIBE, prefix) }
    public func unsubscribe(_ prefix: String) throws { try setOption(ZMQ_UNSUBSCRIBE, prefix) }

    /// The endpoint actually bound, e.g. `tcp://127.0.0.1:40123` after binding `tcp://127.0.0.1:*`.
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        if zmq_getsockopt(try live("zmq_getsockopt"), ZMQ_LAST_ENDPOINT, &buffer, &size) != 0 {
            throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Endpoints

    public func bind(_ endpoint: String) throws {
        if zmq_bind(try live("zmq_bind"), endpoint) != 0 { throw ZMQError.last("zmq_bind(\(endpoint))") }
    }

    public func connect(_ endpoint: String) throws {
        if zmq_connect(try live("zmq_connect"), endpoint) != 0 { throw ZMQError.last("zmq_connect(\(endpoint))") }
    }

    public func disconnect(_ endpoint: String) throws {
        if zmq_disconnect(try live("zmq_disconnect"), endpoint) != 0 { throw ZMQError.last("zmq_disconnect(\(endpoint))") }
    }

    // MARK: Messages

    /// Sends all frames as one multipart message. Each frame travels in its own `zmq_msg_t`, so there is no size
    /// limit but the socket's `ZMQ_MAXMSGSIZE`. Returns false when `dontWait` is set and the message would block.
    @discardableResult
    public func send(_ frames: [Data], dontWait: Bool = false) throws -> Bool {
        let socket = try live("zmq_msg_send")
        for (index, frame) in frames.enumerated() {
            var message = zmq_msg_t()
            guard zmq_msg_init_size(&message, frame.count) == 0 else { throw ZMQError.last("zmq_msg_init_size") }
            if !frame.isEmpty, let destination = zmq_msg_data(&message) {
                frame.withUnsafeBytes { source in
                    if let base = source.baseAddress { memcpy(destination, base, frame.count) }
                }
            }
            var flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                if zmq_msg_send(&message, socket, flags) >= 0 { break }
                let error = ZMQError.last("zmq_msg_send")
                if error.isInterrupted { continue }
                zmq_msg_close(&message)
                // Only the first frame can block; once it is queued, libzmq queues the rest atomically.
                if error.wouldBlock && dontWait && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one whole multipart message; nil when `dontWait` is set and nothing is waiting.
    public func receive(dontWait: Bool = false) throws -> [Data]? {
        try receive(dontWait: dontWait, readUserId: false)?.frames
    }

    /// Sets `ZMQ_RCVTIMEO`: a blocking `receive` then returns nil after this many milliseconds (-1: wait forever).
    public func setReceiveTimeout(milliseconds: Int32) throws { try setOption(ZMQ_RCVTIMEO, milliseconds) }

    /// Receives one message with the `User-Id` its peer was authenticated as (by the ZAP handler, under CURVE);
    /// nil user id for peers that did no security handshake (`inproc`, or plain TCP when CURVE is off).
    public func receiveWithPeer(dontWait: Bool = false) throws -> (frames: [Data], userId: String?)? {
        try receive(dontWait: dontWait, readUserId: true)
    }

    private func receive(dontWait: Bool, readUserId: Bool) throws -> (frames: [Data], userId: String?)? {
        let socket = try live("zmq_msg_recv")
        var frames: [Data] = []
        var userId: String?
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let flags: Int32 = dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0
            while zmq_msg_recv(&message, socket, flags) < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                if error.isInterrupted { continue }
                // Nothing waiting (dontWait) or nothing within ZMQ_RCVTIMEO.
                if error.wouldBlock && frames.isEmpty { return nil }
                throw error
            }
            // ROUTER's own routing-id frame carries no metadata; the peer's frames do.
            if readUserId, userId == nil, let property = zmq_msg_gets(&message, "User-Id") {
                userId = String(cString: property)
            }
            let size = zmq_msg_size(&message)
            if size > 0, let bytes = zmq_msg_data(&message) {
                frames.append(Data(bytes: bytes, count: size))
            } else {
                frames.append(Data())
            }
            if zmq_msg_more(&message) == 0 { return (frames, userId) }
        }
    }
}
