import Foundation

/// Seconds from `start` to `end` (default: now), for rates.
func seconds(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) -> Double { seconds(end - start) }

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Percentiles and rates for benchmark reports.
struct LatencyStats {
    var samples: [Double]  // seconds

    init(_ samples: [Double]) { self.samples = samples.sorted() }

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let index = min(samples.count - 1, max(0, Int((p / 100 * Double(samples.count)).rounded(.up)) - 1))
        return samples[index]
    }

    var summary: String {
        String(format: "p50 %.3f ms, p99 %.3f ms", percentile(50) * 1_000, percentile(99) * 1_000)
    }
}

enum Machine {
    static var description: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cores) cores (\(model)), \(String(format: "%.0f", memory)) GiB"
    }
}

/// CPU seconds (user + system) used so far, by this process or others: on a shared machine, what the code under test
/// cost.
enum ProcessCPU {
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}

extension ProcessCPU {
    /// CPU seconds (user + system) another process has used, from `/proc/<pid>/stat`; 0 once it is gone.
    static func seconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let end = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name (which may hold spaces): state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The CPU seconds of several processes together.
    static func seconds(pids: [Int32]) -> Double { pids.map { seconds(pid: $0) }.reduce(0, +) }

    /// Waits (at most `limit` seconds) until the processes together use less than `share` of one core over a second,
    /// so that a measurement does not pay for work left over from the one before; returns the seconds waited.
    @discardableResult
    static func waitQuiet(_ pids: [Int32], share: Double = 0.05, limit: Double = 120) -> Double {
        let start = Date()
        var last = seconds(pids: pids)
        while Date().timeIntervalSince(start) < limit {
            Thread.sleep(forTimeInterval: 1)
            let now = seconds(pids: pids)
            if now - last < share { break }
            last = now
        }
        return Date().timeIntervalSince(start)
    }
}
