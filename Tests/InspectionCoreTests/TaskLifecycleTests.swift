import Foundation
import Messages
import Testing

@testable import InspectionCore

/// The lifecycle as a plain rule, without a database.
@Suite struct TaskLifecycleTests {
    @Test func eachStepIsAllowedOnlyFromItsStates() throws {
        try TaskLifecycle.check(.start, taskId: "t", status: .scheduled)
        try TaskLifecycle.check(.record, taskId: "t", status: .inProgress)
        try TaskLifecycle.check(.publish, taskId: "t", status: .published)
        #expect(throws: InspectionError.self) { try TaskLifecycle.check(.publish, taskId: "t", status: .inProgress) }
        #expect(throws: InspectionError.self) { try TaskLifecycle.check(.cancel, taskId: "t", status: .closed) }
        #expect(throws: InspectionError.self) { try TaskLifecycle.check(.reassign, taskId: "t", status: .submitted) }
    }

    @Test func aRefusalSaysWhatToDoInstead() {
        do {
            try TaskLifecycle.check(.publish, taskId: "t-1", status: .inProgress)
            Issue.record("expected a refusal")
        } catch let error as InspectionError {
            #expect(error.status == .failedPrecondition)
            #expect(error.message.contains("tasks.submit taskId=t-1"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func usccCheckCharactersFollowGB32100() {
        #expect(USCC.isValid(Fixture.entity))
        #expect(USCC.isValid("91350100M000100Y43"))
        #expect(!USCC.isValid("91350100M000100Y44"))
        #expect(!USCC.isValid("9135010"))
    }
}
