/// When the periodic re-evaluation (quarterly by default) is due: once per period, periods counted from January 1
/// in steps of `periodMonths` (3 → Jan 1, Apr 1, Jul 1, Oct 1). A run in the current period, scheduled or
/// requested, satisfies it; a service down at the boundary runs as soon as it is back.
public struct EvaluationSchedule: Sendable, Equatable {
    public var periodMonths: Int

    public init(periodMonths: Int) {
        self.periodMonths = max(1, min(12, periodMonths))
    }

    /// The first day of the period containing `day`.
    public func periodStart(containing day: String) -> String {
        guard let parts = CreditCalendar.parts(day) else { return day }
        let month = (parts.month - 1) / periodMonths * periodMonths + 1
        return CreditCalendar.format(year: parts.year, month: month, day: 1)
    }

    public func isDue(lastRunOn: String?, today: String) -> Bool {
        guard let lastRunOn else { return true }
        return lastRunOn < periodStart(containing: today)
    }

    /// The day the next scheduled run is due: today if already due, else the start of the next period.
    public func nextDue(lastRunOn: String?, today: String) -> String {
        if isDue(lastRunOn: lastRunOn, today: today) { return today }
        return CreditCalendar.adding(months: periodMonths, to: periodStart(containing: today)) ?? today
    }
}
