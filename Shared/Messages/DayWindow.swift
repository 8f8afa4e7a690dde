/// A span of calendar days (`YYYY-MM-DD`), both ends included: a plan's window, a task's window. Planning issues
/// tasks with it and inspection schedules them by it, so both speak this one type.
public struct DayWindow: Codable, Sendable, Hashable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}
