import Foundation
import GRDB
import Messages

/// Over-inspection watch (多头检查): entities visited more than a threshold in a period by all departments together.
/// A visit is a task that was started (inspectors went on site) in the period; a joint task counts once however
/// many departments took part — that is the point of 进一次门、查多项事.
enum OverInspectionWatch {
    typealias M = InspectionMessages

    static func period(_ period: M.Period) throws -> M.Window {
        switch period {
        case .window(let window): return try TaskIntake.validated(window, field: "params.period")
        case .text(let text):
            guard let (start, end) = InspectionCalendar.period(text) else {
                throw InspectionError.invalidArgument(
                    field: "params.period", "params.period \(text.debugDescription) is not YYYY, YYYY-MM or {start, end} with YYYY-MM-DD days")
            }
            return M.Window(start: start, end: end)
        }
    }

    static func report(_ db: Database, window: M.Window, threshold: Int) throws -> M.OverInspected {
        guard let first = InspectionCalendar.date(ofDay: window.start), let last = InspectionCalendar.date(ofDay: window.end) else {
            throw InspectionError.invalidArgument(field: "params.period", "params.period does not name valid days")
        }
        let from = Wire.timestamp(first)
        let until = Wire.timestamp(last.addingTimeInterval(86_400))
        let rows = try Row.fetchAllCached(
            db,
            sql: """
                SELECT t.uscc, t.id, d.dept FROM tasks t JOIN task_depts d ON d.task_id = t.id
                WHERE t.started_at IS NOT NULL AND t.started_at >= ? AND t.started_at < ?
                  AND t.uscc IN (
                    SELECT uscc FROM tasks WHERE started_at IS NOT NULL AND started_at >= ? AND started_at < ?
                    GROUP BY uscc HAVING COUNT(*) > ?)
                ORDER BY t.uscc, t.started_at, t.id
                """, arguments: [from, until, from, until, threshold])
        var order: [String] = []
        var tasks: [String: [String]] = [:]
        var depts: [String: [String]] = [:]
        for row in rows {
            let uscc: String = row["uscc"]
            let task: String = row["id"]
            let dept: String = row["dept"]
            if tasks[uscc] == nil { order.append(uscc) }
            if !(tasks[uscc]?.contains(task) ?? false) { tasks[uscc, default: []].append(task) }
            if !(depts[uscc]?.contains(dept) ?? false) { depts[uscc, default: []].append(dept) }
        }
        let entities = order.map { uscc in
            M.OverInspectedEntity(uscc: uscc, visits: tasks[uscc]?.count ?? 0, depts: (depts[uscc] ?? []).sorted(), taskIds: tasks[uscc] ?? [])
        }.sorted { ($0.visits, $1.uscc) > ($1.visits, $0.uscc) }
        return M.OverInspected(period: window, threshold: threshold, entities: entities)
    }
}
