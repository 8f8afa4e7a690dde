import Foundation
import GRDB
import JGTesting
import Messages
import ReferralCore
import Store
import Testing

@Suite("Reporter privacy")
struct PrivacyTests {
    static let contact = M.ReporterContact(name: "李四", phone: "13912345678", email: "li4@example.cn")

    /// Without consent, the assigned department (and auditors) see that a reporter exists, never who; the coordination
    /// office sees the contact. It appears in no list, no event and no stored reply.
    @Test func reporterContactIsInvisibleToDepartments() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-04"], reporter: Self.contact).clue
        #expect(clue.hasReporter)
        #expect(clue.reporter == nil)

        let asDept = try await harness.clue(clue.id, as: urban)
        #expect(asDept.hasReporter)
        #expect(asDept.reporter == nil)
        #expect(try await harness.clue(clue.id, as: auditor).reporter == nil)
        #expect(try await harness.clue(clue.id, as: admin).reporter == Self.contact)
        #expect(try await harness.clue(clue.id, as: officeOperator).reporter == Self.contact)

        let list: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(), as: admin)
        #expect(list.clues.allSatisfy { $0.reporter == nil })

        let events = try await harness.events()
        let published = String(decoding: try Wire.encode(events), as: UTF8.self)
        #expect(!published.contains("13912345678"))
        #expect(!published.contains("李四"))
        let stored = try await harness.database.read { db in try String.fetchAll(db, sql: "SELECT reply FROM idempotency") }.joined()
        #expect(!stored.contains("13912345678"))
    }

    @Test func withConsentTheAssignedDepartmentSeesIt() async throws {
        let harness = try makeHarness()
        var contact = Self.contact
        contact.consentToShare = true
        let clue = try await harness.register(items: ["HY-2025-04"], reporter: contact).clue
        #expect(try await harness.clue(clue.id, as: urban).reporter == contact)
        #expect(try await harness.clue(clue.id, as: auditor).reporter == nil)
        // After a transfer, the new department sees it; the old one may no longer read the clue at all.
        _ = try await harness.result("clues.transfer", M.ClueHandOver(clueId: clue.id, dept: "hy-market", reason: "餐饮"), as: urban, decoding: M.Clue.self)
        #expect(try await harness.clue(clue.id, as: market).reporter == contact)
        #expect(try await harness.status("clues.get", M.ClueRef(clueId: clue.id), as: urban) == .permissionDenied)
    }

    /// With `JG_REFERRAL_CONTACT_KEY`, the stored contact is AES-GCM ciphertext bound to its clue.
    @Test func contactsAreSealedWithTheConfiguredKey() async throws {
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let harness = try makeHarness(environment: ["JG_REFERRAL_CONTACT_KEY": key])
        let clue = try await harness.register(items: ["HY-2025-04"], reporter: Self.contact).clue
        let sealed = try await harness.database.read { db in try String.fetchOne(db, sql: "SELECT sealed FROM referral_reporters") }
        let text = try #require(sealed)
        #expect(text.hasPrefix("aesgcm1:"))
        #expect(!text.contains("13912345678"))
        #expect(try await harness.clue(clue.id, as: admin).reporter == Self.contact)
        // Bound to the clue: opening it as another clue's fails.
        let vault = ContactVault(key: Data(base64Encoded: key))
        #expect(throws: (any Error).self) { try vault.open(text, clueId: "CL-other") }
        #expect(try vault.open(text, clueId: clue.id) == Self.contact)
    }
}
