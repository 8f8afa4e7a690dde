import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

@Suite("Intake")
struct IntakeTests {
    @Test func registeringTheSameReferenceTwiceGivesOneClue() async throws {
        let harness = try makeHarness()
        let first = try await harness.register(sourceRef: "12345-2025-0925-0001", items: ["HY-2025-04"])
        let second = try await harness.register(sourceRef: "12345-2025-0925-0001", items: ["HY-2025-04"])
        #expect(first.created)
        #expect(!second.created)
        #expect(second.clue.id == first.clue.id)
        // The same reference from another source is another clue.
        let media = try await harness.register(source: .media, sourceRef: "12345-2025-0925-0001", items: ["HY-2025-04"])
        #expect(media.created)
        #expect(media.clue.id != first.clue.id)
        #expect(try await harness.events(topic: "referral.clue.registered").count == 2)
        let list: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(source: .hotline12345), as: admin)
        #expect(list.clues.map(\.id) == [first.clue.id])
    }

    /// The call inspection makes for a failed result (issue 7): as `service(inspection)`, for the reporting department.
    @Test func inspectionRegistersADepartmentFinding() async throws {
        let harness = try makeHarness()
        let params = M.ClueRegister(
            source: .department, sourceRef: "inspection:RES-42", uscc: uscc(42), description: "failed inspection: expired drugs on sale",
            suspectedItems: ["HY-2025-17"], reportingDept: "hy-market")
        let registration: M.Registration = try await harness.result("clues.register", params, as: inspectionService)
        #expect(registration.clue.dept == "hy-market")
        #expect(registration.clue.reportingDept == "hy-market")
        #expect(registration.clue.source == .department)
        let again: M.Registration = try await harness.result("clues.register", params, as: inspectionService)
        #expect(again.clue.id == registration.clue.id)
        #expect(!again.created)
    }

    /// `referral.clue.registered` carries exactly the signal the warning service counts, and nothing of the reporter.
    @Test func registeredEventShape() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(
            uscc: uscc(7), items: ["HY-2025-04"], reporter: M.ReporterContact(name: "张三", phone: "13800000000", consentToShare: true)
        ).clue
        let payload = try #require(try await harness.payloads("referral.clue.registered").first)
        #expect(Set(payload.keys) == ["clueId", "source", "uscc", "items", "domain", "dept", "registeredAt"])
        #expect(payload["clueId"] == .string(clue.id))
        #expect(payload["source"] == "hotline12345")
        #expect(payload["uscc"] == .string(uscc(7)))
        #expect(payload["items"] == ["HY-2025-04"])
        #expect(payload["domain"] == "gas-safety")
        #expect(payload["dept"] == "hy-urban")
        #expect(payload["registeredAt"] == .string(testStart))
        let assigned = try #require(try await harness.payloads("referral.clue.assigned").first)
        #expect(assigned["dept"] == "hy-urban")
        #expect(assigned["dueAt"] == "2025-09-26T15:59:59Z")
    }

    @Test func registrationIsCheckedAndPermitted() async throws {
        let harness = try makeHarness()
        let valid = M.ClueRegister(source: .complaint, entity: "某店", description: "d")
        #expect(try await harness.status("clues.register", valid, as: nil) == .unauthenticated)
        #expect(try await harness.status("clues.register", valid, as: Actor.anonymous) == .unauthenticated)
        #expect(try await harness.status("clues.register", valid, as: auditor) == .permissionDenied)
        #expect(try await harness.status("clues.register", valid, as: Actor(dept: "hy-market", user: "i", role: .inspector)) == .permissionDenied)
        #expect(try await harness.status("clues.register", valid, as: market) == .ok)
        #expect(try await harness.status("clues.register", valid, as: inspectionService) == .ok)

        let noEntity = try await harness.call("clues.register", M.ClueRegister(source: .complaint, description: "d"), as: admin)
        #expect(noEntity.status == .invalidArgument)
        #expect(noEntity.error?.details?["field"] == "params.uscc")
        let badUSCC = try await harness.call("clues.register", M.ClueRegister(source: .complaint, uscc: "12345", description: "d"), as: admin)
        #expect(badUSCC.error?.details?["field"] == "params.uscc")
        let badDigest = try await harness.call(
            "clues.register", M.ClueRegister(source: .complaint, entity: "x", description: "d", attachments: ["md5:abc"]), as: admin)
        #expect(badDigest.error?.details?["field"] == "params.attachments[0]")
        let noReporter = try await harness.call("clues.register", M.ClueRegister(source: .department, entity: "x", description: "d"), as: admin)
        #expect(noReporter.error?.details?["field"] == "params.reportingDept")
        let otherDept = try await harness.call(
            "clues.register", M.ClueRegister(source: .department, entity: "x", description: "d", reportingDept: "hy-tax"), as: market)
        #expect(otherDept.status == .permissionDenied)
        let badSource = try await harness.call("clues.register", ["source": "pigeon", "entity": "x", "description": "d"] as JSONValue, as: admin)
        #expect(badSource.status == .invalidArgument)
    }

    /// Hotline and portal text often arrives padded with full-width spaces (U+3000) and line breaks: they are trimmed
    /// like ASCII ones, and a description that is nothing else is missing.
    @Test func fullWidthSpacesAroundTextAreTrimmed() async throws {
        let harness = try makeHarness()
        let padded = M.ClueRegister(
            source: .complaint, sourceRef: "\u{3000}12345-2025-1124-0007 ", entity: "\u{3000}某某餐馆", description: "\u{3000}\u{3000}油烟扰民，夜间经营\n\u{3000}")
        let registration: M.Registration = try await harness.result("clues.register", padded, as: admin)
        #expect(registration.clue.description == "油烟扰民，夜间经营")
        #expect(registration.clue.sourceRef == "12345-2025-1124-0007")
        let blank = try await harness.call(
            "clues.register", M.ClueRegister(source: .complaint, entity: "x", description: "\u{3000} \n\u{3000}"), as: admin)
        #expect(blank.status == .invalidArgument)
        #expect(blank.error?.details?["field"] == "params.description")
    }

    /// Clues about one entity received within 90 days of each other are linked; an older one is not.
    @Test func cluesAboutOneEntityAreLinked() async throws {
        let harness = try makeHarness()
        let entity = uscc(99)
        let first = try await harness.register(uscc: entity, items: ["HY-2025-04"], receivedAt: "2025-08-01T00:00:00Z").clue
        let old = try await harness.register(uscc: entity, items: ["HY-2025-04"], receivedAt: "2025-03-01T00:00:00Z").clue
        let other = try await harness.register(uscc: uscc(98), items: ["HY-2025-04"]).clue
        let latest = try await harness.register(uscc: entity, items: ["HY-2025-17"]).clue
        let related: M.RelatedClues = try await harness.result("clues.related", M.ClueRef(clueId: latest.id), as: admin)
        #expect(related.related.map(\.id) == [first.id])
        let back: M.RelatedClues = try await harness.result("clues.related", M.ClueRef(clueId: first.id), as: urban)
        #expect(Set(back.related.map(\.id)) == [latest.id])
        let none: M.RelatedClues = try await harness.result("clues.related", M.ClueRef(clueId: other.id), as: admin)
        #expect(none.related.isEmpty)
        _ = old
        let byEntity: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(uscc: entity), as: auditor)
        #expect(byEntity.clues.count == 3)
    }
}

@Suite("Catalog over the bus")
struct CatalogDirectoryTests {
    /// With no items CSV the service asks the catalog; when nothing answers, registration is UNAVAILABLE (retry
    /// is safe: registration is idempotent on the source reference), and nothing is stored.
    @Test func catalogDownMeansUnavailable() async throws {
        let harness = try ServiceHarness<ReferralService>(environment: ["JG_REFERRAL_NOW": testStart])
        let reply = try await harness.call(
            "clues.register", M.ClueRegister(source: .hotline12345, sourceRef: "R-1", entity: "x", description: "d", suspectedItems: ["HY-2025-04"]),
            as: admin)
        #expect(reply.status == .unavailable)
        #expect(reply.error?.message.contains("items.get HY-2025-04") == true)
        #expect(try await harness.events().isEmpty)
    }

    /// A repeat of a known reference is answered from the store even while the catalog is down.
    @Test func knownReferenceAnswersWithoutTheCatalog() async throws {
        let routed = try makeHarness()
        let first = try await routed.register(sourceRef: "12345-0001", items: ["HY-2025-04"]).clue
        let offline = try ServiceHarness<ReferralService>(environment: ["JG_REFERRAL_NOW": testStart], database: routed.database)
        let again = try await offline.register(sourceRef: "12345-0001", items: ["HY-2025-04"])
        #expect(!again.created)
        #expect(again.clue.id == first.id)
    }
}
