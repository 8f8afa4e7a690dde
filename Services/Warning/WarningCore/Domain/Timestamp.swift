import Foundation

/// Instants as milliseconds since 1970 (UTC), parsed from and written as ISO-8601 without Foundation formatters:
/// ingest parses one timestamp per reading, so this is on the hot path.
public enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM|±HHMM]` (a space may replace `T`; no zone means UTC) or a bare day
    /// `YYYY-MM-DD` (midnight China Standard Time). Nil when it is not one.
    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= n else { return nil }
            var value = 0
            for i in start..<(start + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard n >= 10, let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let day = digits(8, 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        if n == 10 { return (days * 86_400 - 8 * 3_600) * 1_000 }
        guard n >= 19, b[10] == 0x54 || b[10] == 0x20 || b[10] == 0x74, let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2),
            b[16] == 0x3A, let second = digits(17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millis = 0
        if index < n, b[index] == 0x2E {
            index += 1
            var scale = 100
            let start = index
            while index < n, (48...57).contains(b[index]) {
                millis += Int(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if index < n {
            switch b[index] {
            case 0x5A, 0x7A:  // Z
                index += 1
            case 0x2B, 0x2D:  // + -
                let sign = b[index] == 0x2B ? 1 : -1
                guard let oh = digits(index + 1, 2) else { return nil }
                var om = 0
                if index + 3 < n, b[index + 3] == 0x3A {
                    guard let m = digits(index + 4, 2) else { return nil }
                    om = m
                    index += 6
                } else if let m = digits(index + 3, 2) {
                    om = m
                    index += 5
                } else {
                    index += 3
                }
                offsetSeconds = sign * (oh * 3_600 + om * 60)
            default:
                return nil
            }
        }
        guard index == n else { return nil }
        let seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offsetSeconds)
        return seconds * 1_000 + Int64(millis)
    }

    /// `2025-06-01T08:00:00Z`, with `.SSS` only when the instant has milliseconds.
    public static func format(_ ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1_000 : (ms - 999) / 1_000
        let millis = Int(ms - seconds * 1_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3_600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if millis != 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }

    /// The calendar day (China Standard Time) of an instant, `YYYY-MM-DD`.
    public static func day(_ ms: Int64) -> String {
        let shifted = ms / 1_000 + 8 * 3_600
        let days = shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
        let (year, month, day) = civilFromDays(Int(days))
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded(.down)) }

    public static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1_000) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Durations written `<n>d`, `<n>h`, `<n>m` or `<n>s` (rule windows, response deadlines).
public enum DurationText {
    /// Seconds in `text`, or nil when it is not a positive whole number followed by one unit.
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let amount = Int64(trimmed.dropLast()), amount > 0 else { return nil }
        let scale: Int64
        switch unit {
        case "d": scale = 86_400
        case "h": scale = 3_600
        case "m": scale = 60
        case "s": scale = 1
        default: return nil
        }
        let (value, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow || value > 3_660 * 86_400 ? nil : value
    }

    /// The shortest text for `seconds` (`30d`, `4h`, `90s`).
    public static func text(_ seconds: Int64) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
