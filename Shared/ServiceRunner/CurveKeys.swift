import Bus
import Foundation
import ZeroMQ

/// CURVE keys from the directory `JG_CURVE_KEYS` names (`make keys` writes it): `<name>.key` holds a peer's
/// key pair (mode 0600), `<name>.pub` its public key. The gateway needs its own pair and every `.pub`; a
/// service needs `gateway.pub` and its own pair; `jg` needs `gateway.pub` and `jg.key`.
public enum CurveKeys {
    /// The peers `make keys` creates.
    public static let peers = ["gateway"] + SuiteConfiguration.domainServices + ["jg"]

    public struct KeysError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes a fresh key pair for every peer into `directory` (existing files are kept unless `replace`).
    public static func generate(in directory: String, names: [String] = peers, replace: Bool = false) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var written: [String] = []
        for name in names {
            let secretPath = "\(directory)/\(name).key"
            if FileManager.default.fileExists(atPath: secretPath) && !replace { continue }
            let pair = try ZMQCurve.generate()
            try SuiteToken.writeSecret("public=\(pair.publicKey)\nsecret=\(pair.secretKey)", to: secretPath)
            guard FileManager.default.createFile(atPath: "\(directory)/\(name).pub", contents: Data((pair.publicKey + "\n").utf8)) else {
                throw KeysError(description: "cannot write \(directory)/\(name).pub")
            }
            written.append(name)
        }
        return written
    }

    public static func keyPair(_ name: String, in directory: String) throws -> ZMQCurve.KeyPair {
        let path = "\(directory)/\(name).key"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw KeysError(description: "missing \(path) (run `make keys`)") }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let publicKey = fields["public"], let secretKey = fields["secret"], ZMQCurve.isValidKey(publicKey), ZMQCurve.isValidKey(secretKey) else {
            throw KeysError(description: "\(path) must hold public=<40 Z85 characters> and secret=<40 Z85 characters>")
        }
        return ZMQCurve.KeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    public static func publicKey(_ name: String, in directory: String) throws -> String {
        let path = "\(directory)/\(name).pub"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw KeysError(description: "missing \(path) (run `make keys`)") }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ZMQCurve.isValidKey(key) else { throw KeysError(description: "\(path) is not a 40-character Z85 key") }
        return key
    }

    /// The client settings of peer `name`, or nil when CURVE is off.
    public static func client(_ name: String, configuration: SuiteConfiguration) throws -> CurveClient? {
        guard let directory = configuration.curveKeysDirectory else { return nil }
        return CurveClient(serverPublicKey: try publicKey("gateway", in: directory), keys: try keyPair(name, in: directory))
    }

    /// Every public key in the directory → the peer it was issued for (the ZAP handler's table).
    public static func knownPeers(in directory: String) throws -> [String: String] {
        var peers: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".pub") {
            let name = String(file.dropLast(4))
            guard name != "gateway" else { continue }
            peers[try publicKey(name, in: directory)] = name
        }
        return peers
    }
}
