import Foundation
import Synchronization

/// An elapsed-time line on standard error for a call that takes longer than a second (a draw over a million
/// entities, the last chunk of an import), so an operator sees that jg is waiting, not hung. Silent when standard
/// error is not a terminal, so scripts and logs see only the result.
final class Ticker: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let active: Bool

    /// Starts ticking for `label` (e.g. `planning draws.run`) after `delay` seconds.
    init(_ label: String, delay: Double = 1) {
        active = isatty(STDERR_FILENO) == 1
        guard active else { return }
        let started = Date()
        Thread.detachNewThread { [self] in
            var frame = 0
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var drawn = false
            while !stopped.load(ordering: .acquiring) {
                let elapsed = Date().timeIntervalSince(started)
                if elapsed >= delay {
                    let text = "\r\u{1B}[K\(frames[frame % frames.count]) \(label) … \(String(format: "%.1f", elapsed)) s"
                    FileHandle.standardError.write(Data(text.utf8))
                    drawn = true
                    frame += 1
                }
                usleep(100_000)
            }
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            done.signal()
        }
    }

    /// Stops and clears the line (waits for the ticking thread, so nothing is drawn after the result).
    func stop() {
        guard active, !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        done.wait()
    }
}
