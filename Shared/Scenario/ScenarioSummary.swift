import Foundation

/// One narrated step: what the responsible department did and what the suite answered.
public struct Narration: Sendable, Hashable {
    public var step: Int
    public var title: String
    public var lines: [String]

    public init(step: Int, title: String, lines: [String]) {
        self.step = step
        self.title = title
        self.lines = lines
    }
}

/// What the scenario did, with the identifiers a test (or an operator) can check against the services.
public struct ScenarioSummary: Sendable, Codable, Hashable {
    /// A department's plan and its draw.
    public struct PlanDraw: Sendable, Codable, Hashable {
        public var dept: String
        public var item: String
        public var planId: String
        public var drawId: String
        public var poolSize: Int
        public var selected: [String]
        public var verified: Bool
    }

    /// A published inspection result.
    public struct Result: Sendable, Codable, Hashable {
        public var resultId: String
        public var item: String
        public var dept: String
        public var outcome: String
    }

    /// A raised warning and the rule version that raised it.
    public struct Warning: Sendable, Codable, Hashable {
        public var warningId: String
        public var ruleId: String
        public var ruleVersion: Int
        public var level: String
        public var pushedTo: [String]
    }

    /// One public page fetched without a token.
    public struct Page: Sendable, Codable, Hashable {
        public var path: String
        public var status: Int
        public var ok: Bool
        public var note: String
    }

    /// One line of the final table.
    public struct Step: Sendable, Codable, Hashable {
        public var number: Int
        public var title: String
        public var outcome: String
    }

    public var runId = ""
    public var year = 0
    public var window = ""
    public var steps: [Step] = []
    /// The entity both departments drew, and the ones only one of them drew.
    public var jointEntity = ""
    public var entities: [String] = []
    public var plans: [PlanDraw] = []
    public var planningTaskId = ""
    public var tasksIssued = 0
    public var visitsSaved = 0
    public var inspectionTaskId = ""
    /// item → department that checks it on the joint task.
    public var itemDepts: [String: String] = [:]
    public var taskDepts: [String] = []
    public var results: [Result] = []
    public var taskStatus = ""
    public var creditRecords: [String] = []
    public var gradeBefore = ""
    public var gradeAfter = ""
    public var scoreAfter: Double = 0
    public var gradeWarning: Warning?
    public var clueId = ""
    public var clueDept = ""
    /// The sign-off deadline the clue was assigned with, and the conclusion deadline accepting it started.
    public var clueDueAt = ""
    public var clueConclusionDueAt = ""
    public var clueStatus = ""
    public var clueFeedback = ""
    public var linkedClues = 0
    public var correlationWarning: Warning?
    public var jointInspectionTaskId = ""
    public var jointInspectionItems: [String] = []
    public var pages: [Page] = []
    /// Private strings (reporter contact, internal notes, inspector ids) found on a public page; empty when clean.
    public var privacyLeaks: [String] = []
    public var tokensRevoked = 0

    public init() {}

    /// Rows for a table: step, what happened.
    public var table: [[String]] {
        [["STEP", "WHAT", "OUTCOME"]] + steps.map { ["\($0.number)", $0.title, $0.outcome] }
    }
}
