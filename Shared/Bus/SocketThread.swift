import Dispatch
import Foundation
import Synchronization
import ZeroMQ

/// A dedicated OS thread that owns some ZeroMQ sockets, with a stop signal it can poll next to them.
///
/// The body runs on the new thread and creates its sockets there, so they never leave it (see `ZMQSocket`).
/// `stop()` raises the flag and wakes the thread through the mailbox's eventfd; every loop polls with a finite
/// timeout, so the thread is gone within one poll interval even if a wake-up were missed.
public final class SocketThread: Sendable {
    public let name: String
    private let stopRequested = Atomic<Bool>(false)
    private let wakeup: Mailbox<Bool>
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread. The body must return soon after `isStopping` becomes true.
    public init(name: String, body: @escaping @Sendable (SocketThread) -> Void) throws {
        self.name = name
        self.wakeup = try Mailbox<Bool>()
        let thread = Thread { [self] in
            body(self)
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    public var isStopping: Bool { stopRequested.load(ordering: .acquiring) }

    /// The fd to add to the thread's poller; readable once `stop()` was called.
    public var wakeupFileDescriptor: Int32 { wakeup.fileDescriptor }

    /// Clears the wake-up after the poller saw it.
    public func acknowledgeWakeup() { _ = wakeup.drain() }

    /// Asks the thread to finish and waits for it, at most `timeout`. Returns whether it finished in time.
    @discardableResult
    public func stop(timeout: Duration = .seconds(5)) -> Bool {
        if !stopRequested.exchange(true, ordering: .acquiringAndReleasing) {
            wakeup.post(true)
        }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let result = finished.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
        if result == .success { finished.signal() }  // let later stop() calls return at once too
        return result == .success
    }
}

/// Milliseconds on the monotonic clock, for deadlines and heartbeats.
public enum Monotonic {
    public static func milliseconds() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }
}
