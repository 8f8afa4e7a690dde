import Foundation
import GRDB
import InspectionCore
import JGTesting
import Messages
import Testing

/// The audit trail (全过程记录): the hash formula against an independent computation, and tampering caught.
@Suite struct AuditTrailTests {
    /// Golden values computed independently with Python's hashlib over the documented canonical bytes:
    ///
    ///     import hashlib
    ///     def field(s): b = s.encode(); return str(len(b)).encode() + b":" + b + b","
    ///     f1 = ["jg-audit-v1", "1", "2025-03-01T02:00:00Z", "task-golden", "create", "task-golden", "service", "",
    ///           "planning", '{"name":"淮阳区","uscc":"91411626MA9F000011"}', ""]
    ///     h1 = hashlib.sha256(("0" * 64).encode() + b"".join(field(f) for f in f1)).hexdigest()
    ///     # ae4b52462c1150976c32606b051477a8870f1652a1433d85caf30849158633b1
    ///     f2 = ["jg-audit-v1", "2", "2025-03-01T02:05:00Z", "task-golden", "start", "task-golden", "inspector",
    ///           "hy-market", "insp-1", '{"status":"inProgress"}', ""]
    ///     h2 = hashlib.sha256(h1.encode() + b"".join(field(f) for f in f2)).hexdigest()
    ///     # 8203af8d521b6759d03a5d88d8eeee9d6f88f13821392a29efb9813eea805ea0
    @Test func theChainFormulaMatchesAnIndependentComputation() {
        let first = AuditChain.Entry(
            seq: 1, at: "2025-03-01T02:00:00Z", taskId: "task-golden", action: "create", subject: "task-golden", actorRole: "service", actorDept: "",
            actorUser: "planning", detail: #"{"name":"淮阳区","uscc":"91411626MA9F000011"}"#, digest: "")
        let canonical = String(decoding: AuditChain.canonical(first), as: UTF8.self)
        #expect(
            canonical
                == #"11:jg-audit-v1,1:1,20:2025-03-01T02:00:00Z,11:task-golden,6:create,11:task-golden,7:service,0:,8:planning,48:{"name":"淮阳区","uscc":"91411626MA9F000011"},0:,"#
        )
        let h1 = AuditChain.hash(previous: AuditChain.genesisHash, entry: first)
        #expect(h1 == "ae4b52462c1150976c32606b051477a8870f1652a1433d85caf30849158633b1")
        let second = AuditChain.Entry(
            seq: 2, at: "2025-03-01T02:05:00Z", taskId: "task-golden", action: "start", subject: "task-golden", actorRole: "inspector",
            actorDept: "hy-market", actorUser: "insp-1", detail: #"{"status":"inProgress"}"#, digest: "")
        #expect(AuditChain.hash(previous: h1, entry: second) == "8203af8d521b6759d03a5d88d8eeee9d6f88f13821392a29efb9813eea805ea0")
    }

    @Test func storedEntriesFollowTheDocumentedFormula() async throws {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-audit-0"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        let entry = try #require(
            try await harness.result("audit.list", M.AuditListQuery(taskId: task.id), as: Fixture.admin, decoding: M.AuditList.self).entries.first)
        let detail = try await harness.database.read { db in try String.fetchOne(db, sql: "SELECT detail FROM audit_log WHERE seq = 1") }
        #expect(entry.prevHash == AuditChain.genesisHash)
        let recomputed = AuditChain.hash(
            previous: AuditChain.genesisHash,
            entry: .init(
                seq: 1, at: entry.at, taskId: entry.taskId, action: "create", subject: entry.subject, actorRole: "service", actorDept: "",
                actorUser: "planning", detail: try #require(detail), digest: ""))
        #expect(entry.hash == recomputed)
    }

    /// A joint task run to closure: 10 audit entries (create, start, 3 × record, submit, 3 × publish, close).
    func closedJointTask() async throws -> (ServiceHarness<InspectionService>, M.InspectionTask) {
        let harness = try Fixture.harness()
        try await harness.deliver(Fixture.planEvent(seq: 1, taskId: "plan-audit"))
        let task = try await Fixture.onlyTask(harness, uscc: Fixture.entity)
        _ = try await harness.result(
            "tasks.start", M.TaskRef(taskId: task.id), as: Fixture.inspector("m1", of: Fixture.market), decoding: M.InspectionTask.self)
        for (id, dept, item) in [
            ("m1", Fixture.market, Fixture.itemMarket), ("h1", Fixture.health, Fixture.itemHealth), ("e1", Fixture.ecology, Fixture.itemEcology),
        ] {
            _ = try await harness.result(
                "results.record", M.ResultRecord(taskId: task.id, item: item, outcome: .noProblem, findings: "ok"),
                as: Fixture.inspector(id, of: dept),
                decoding: M.Result.self)
        }
        _ = try await harness.result("tasks.submit", M.TaskRef(taskId: task.id), as: Fixture.admin, decoding: M.InspectionTask.self)
        _ = try await harness.result("results.publish", M.ResultPublish(taskId: task.id), as: Fixture.admin, decoding: M.Publication.self)
        return (harness, task)
    }

    func verify(_ harness: ServiceHarness<InspectionService>) async throws -> M.AuditVerification {
        try await harness.result("audit.verify", SystemMessages.Empty(), as: Fixture.auditor, decoding: M.AuditVerification.self)
    }

    @Test func anUntouchedLogVerifies() async throws {
        let (harness, _) = try await closedJointTask()
        let verification = try await verify(harness)
        #expect(verification.intact)
        #expect(verification.entries == 10)
        #expect(verification.headSeq == 10)
    }

    @Test func editingOneAuditRowIsCaughtAtThatEntry() async throws {
        let (harness, _) = try await closedJointTask()
        // Someone rewrites entry 4 (a record) straight in SQLite
        try await harness.database.writer.write { db in
            try db.execute(sql: #"UPDATE audit_log SET detail = replace(detail, '"noProblem"', '"failed"') WHERE seq = 4"#)
            #expect(db.changesCount == 1)
        }
        let verification = try await verify(harness)
        #expect(!verification.intact)
        #expect(verification.firstBroken?.seq == 4)
        #expect(verification.firstBroken?.reason.contains("changed") == true)
    }

    @Test func rewritingARowAndItsHashIsCaughtAtTheNextLink() async throws {
        let (harness, _) = try await closedJointTask()
        // A careful forger also recomputes entry 4's own hash; entry 5 still points at the old one
        try await harness.database.writer.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM audit_log WHERE seq = 4"))
            let detail = (row["detail"] as String).replacingOccurrences(of: "\"noProblem\"", with: "\"failed\"")
            let forged = AuditChain.hash(
                previous: row["prev_hash"],
                entry: .init(
                    seq: 4, at: row["at"], taskId: row["task_id"], action: row["action"], subject: row["subject"], actorRole: row["actor_role"],
                    actorDept: row["actor_dept"], actorUser: row["actor_user"], detail: detail, digest: row["digest"]))
            try db.execute(sql: "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 4", arguments: [detail, forged])
        }
        let verification = try await verify(harness)
        #expect(verification.firstBroken?.seq == 5)
        #expect(verification.firstBroken?.reason.contains("does not link") == true)
    }

    @Test func deletingEntriesIsCaught() async throws {
        let (harness, _) = try await closedJointTask()
        try await harness.database.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 6") }
        #expect(try await verify(harness).firstBroken?.seq == 7)

        let (tail, _) = try await closedJointTask()
        try await tail.database.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 10") }
        let truncated = try await verify(tail)
        #expect(!truncated.intact)
        #expect(truncated.firstBroken?.reason.contains("removed") == true)
    }

    @Test func editingAResultRowDirectlyIsCaught() async throws {
        let (harness, task) = try await closedJointTask()
        let results = try await harness.result("results.list", M.TaskRef(taskId: task.id), as: Fixture.auditor, decoding: M.ResultList.self)
        let target = try #require(results.results.first)
        try await harness.database.writer.write { db in
            try db.execute(sql: "UPDATE results SET outcome = 'failed' WHERE id = ?", arguments: [target.id])
        }
        let verification = try await verify(harness)
        #expect(!verification.intact)
        #expect(verification.firstBroken == nil, "the chain itself is untouched")
        #expect(verification.resultMismatches.map(\.resultId) == [target.id])
    }
}
