import Crypto
import Foundation
import Messages

/// Seals reporter contacts (举报人信息) before they are stored, in their own table apart from the clue.
///
/// With a key (`JG_REFERRAL_CONTACT_KEY`): AES-256-GCM, stored as `aesgcm1:<base64 nonce‖ciphertext‖tag>`, the clue id
/// bound as associated data so a sealed contact cannot be moved to another clue. Without one: `plain1:<json>` (still
/// only in the separate table, never in lists or events).
public struct ContactVault: Sendable {
    /// The raw key (a `SymmetricKey` is built per use: it is not `Sendable`).
    let keyData: Data?

    public init(key: Data?) {
        keyData = key
    }

    public var seals: Bool { keyData != nil }

    var key: SymmetricKey? { keyData.map { SymmetricKey(data: $0) } }

    public func seal(_ contact: ReferralMessages.ReporterContact, clueId: String) throws -> String {
        let json = try Wire.encode(contact)
        guard let key else { return "plain1:" + String(decoding: json, as: UTF8.self) }
        let box = try AES.GCM.seal(json, using: key, authenticating: Data(clueId.utf8))
        guard let combined = box.combined else { throw ContactVaultError(problem: "AES-GCM produced no combined box") }
        return "aesgcm1:" + combined.base64EncodedString()
    }

    public func open(_ stored: String, clueId: String) throws -> ReferralMessages.ReporterContact {
        if stored.hasPrefix("plain1:") {
            return try Wire.decode(ReferralMessages.ReporterContact.self, from: Data(stored.dropFirst("plain1:".count).utf8))
        }
        guard stored.hasPrefix("aesgcm1:"), let data = Data(base64Encoded: String(stored.dropFirst("aesgcm1:".count))) else {
            throw ContactVaultError(problem: "stored reporter contact of \(clueId) has an unknown format")
        }
        guard let key else { throw ContactVaultError(problem: "reporter contact of \(clueId) is sealed but JG_REFERRAL_CONTACT_KEY is not set") }
        let json = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key, authenticating: Data(clueId.utf8))
        return try Wire.decode(ReferralMessages.ReporterContact.self, from: json)
    }
}

/// A stored reporter contact that cannot be opened.
public struct ContactVaultError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
