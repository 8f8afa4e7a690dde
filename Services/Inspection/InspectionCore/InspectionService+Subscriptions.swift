import Foundation
import GRDB
import Logging
import Messages
import ServiceRunner

extension InspectionService {
    /// Tasks from planning's draws and from warnings' joint-inspection requests, each scheduled exactly once: the
    /// inbox cursor drops a repeated seq, and the task's source reference (planning taskId, warning requestId)
    /// drops the same task delivered under a new seq. An event that cannot be a task (bad USCC, no items) is logged
    /// and skipped, so it never blocks the events behind it.
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        let configuration = configuration
        let logger = logger

        subscriptions.on("planning.task.issued", as: M.PlanningTaskIssued.self) { issued, event, db, _ in
            let draft: TaskDraft
            do {
                draft = try TaskIntake.fromPlan(issued)
            } catch {
                logger.warning(
                    "planning.task.issued skipped: not a valid task", metadata: ["jg.seq": "\(event.seq)", "jg.error": "\(describe(error))"])
                return
            }
            _ = try TaskScheduling.schedule(
                db, draft, by: .service("planning"), at: Date(), recognitionDays: configuration.recognitionDays, recognised: .skip)
        }

        subscriptions.on("warning.joint_inspection.requested", as: M.JointInspectionRequested.self) { requested, event, db, _ in
            let draft: TaskDraft
            do {
                let today = InspectionCalendar.instant(event.at).map(InspectionCalendar.day(of:)) ?? InspectionCalendar.day(of: Date())
                draft = try TaskIntake.fromWarning(requested, today: today, defaultDays: configuration.warningTaskDays)
            } catch {
                logger.warning(
                    "warning.joint_inspection.requested skipped: not a valid task",
                    metadata: ["jg.seq": "\(event.seq)", "jg.error": "\(describe(error))"])
                return
            }
            _ = try TaskScheduling.schedule(
                db, draft, by: .service("warning"), at: Date(), recognitionDays: configuration.recognitionDays, recognised: .ignore)
        }
    }
}

private func describe(_ error: any Error) -> String {
    (error as? any ServiceError)?.message ?? "\(error)"
}
