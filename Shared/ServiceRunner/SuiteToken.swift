import Crypto
import Foundation
import Messages

/// The credential suite components present to the gateway: services calling services, and the gateway's own
/// HTTP front acting on behalf of a caller it has authenticated. The broker trusts the actor on envelopes that
/// carry it, and stamps the verified token's actor on every other request (DESIGN §3.4).
///
/// Read from `JG_SUITE_TOKEN`, else from `$JG_DATA_DIR/suite.token`, which the gateway creates (mode 0600) on first
/// start — so one machine sharing a data directory needs no setup, and containers get it from a secret.
public enum SuiteToken {
    public static func path(_ configuration: SuiteConfiguration) -> String { "\(configuration.dataDirectory)/suite.token" }

    /// The configured token, if any.
    public static func read(_ configuration: SuiteConfiguration) -> String? {
        if let value = configuration.environment["JG_SUITE_TOKEN"], !value.isEmpty { return value }
        guard let text = try? String(contentsOfFile: path(configuration), encoding: .utf8) else { return nil }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    /// The gateway's: the configured token, or a new one written to the data directory.
    public static func readOrCreate(_ configuration: SuiteConfiguration) throws -> String {
        if let existing = read(configuration) { return existing }
        let token = randomToken(prefix: "jgs_")
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try writeSecret(token, to: path(configuration))
        return token
    }

    /// Waits (a service started just after the gateway) up to `seconds` for the token file to appear.
    public static func await(_ configuration: SuiteConfiguration, seconds: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let token = read(configuration) { return token }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return read(configuration)
    }

    /// 32 random bytes, hex, with a prefix that tells what kind of secret it is.
    public static func randomToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// SHA-256 of a token as lowercase hex: what the gateway stores and looks up.
    public static func digest(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Writes a secret readable by its owner only (mode 0600), replacing any previous file atomically.
    public static func writeSecret(_ secret: String, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
