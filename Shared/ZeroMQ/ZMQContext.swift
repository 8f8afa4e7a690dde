import CZeroMQ

/// One libzmq context per process: owns the I/O threads every socket uses.
///
/// libzmq documents `zmq_ctx_*` as thread-safe, which is why this type (unlike `ZMQSocket`) is `Sendable`.
/// Every socket keeps a strong reference to its context, so `zmq_ctx_term` in `deinit` runs only after every
/// socket is closed; with `ZMQ_LINGER` 0 on all sockets it returns at once and shutdown cannot hang.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        zmq_ctx_set(handle, ZMQ_BLOCKY, 0)
        self.handle = handle
    }

    /// Makes every blocking call on every socket of this context fail with `ETERM`, so owning threads leave their
    /// loops. Safe to call from any thread, any number of times.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        zmq_ctx_shutdown(handle)
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// libzmq's version, e.g. "4.3.4".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
