import CZeroMQ
import Foundation

/// ZeroMQ CURVE (RFC 26/CurveZMQ) keys and socket roles: encryption and authentication of bus peers.
public enum ZMQCurve {
    /// A key pair, each key 40 characters of Z85.
    public struct KeyPair: Sendable, Hashable {
        public var publicKey: String
        public var secretKey: String

        public init(publicKey: String, secretKey: String) {
            self.publicKey = publicKey
            self.secretKey = secretKey
        }
    }

    /// Whether this libzmq was built with CURVE (Debian's is, through libsodium).
    public static var isAvailable: Bool { zmq_has("curve") == 1 }

    public static func generate() throws -> KeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        return KeyPair(publicKey: string(publicKey), secretKey: string(secretKey))
    }

    /// A 32-byte binary key as Z85 (as the ZAP handler receives client keys).
    public static func z85(_ binary: Data) -> String? {
        guard binary.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        let ok = binary.withUnsafeBytes { bytes in
            bytes.baseAddress.map { zmq_z85_encode(&text, $0.assumingMemoryBound(to: UInt8.self), 32) != nil } ?? false
        }
        return ok ? string(text) : nil
    }

    public static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 40 && key.allSatisfy { $0.isASCII && !$0.isWhitespace }
    }

    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension ZMQSocket {
    /// Makes this socket a CURVE server: peers must handshake with its public key; a ZAP handler (in `domain`)
    /// decides which client keys are let in.
    public func makeCurveServer(secretKey: String, domain: String) throws {
        try setOption(ZMQ_CURVE_SERVER, Int32(1))
        try setOption(ZMQ_CURVE_SECRETKEY, secretKey)
        try setOption(ZMQ_ZAP_DOMAIN, domain)
    }

    /// Makes this socket a CURVE client of the server whose public key is given.
    public func makeCurveClient(serverPublicKey: String, keys: ZMQCurve.KeyPair) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, serverPublicKey)
        try setOption(ZMQ_CURVE_PUBLICKEY, keys.publicKey)
        try setOption(ZMQ_CURVE_SECRETKEY, keys.secretKey)
    }
}
