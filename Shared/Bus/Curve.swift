import Foundation
import Logging
import ZeroMQ

/// How a bus socket secures itself with CURVE; nil everywhere means plain TCP (loopback only, DESIGN §3.4).
public struct CurveClient: Sendable, Hashable {
    /// The gateway's public key.
    public var serverPublicKey: String
    /// This peer's own key pair; its public key must be known to the gateway.
    public var keys: ZMQCurve.KeyPair

    public init(serverPublicKey: String, keys: ZMQCurve.KeyPair) {
        self.serverPublicKey = serverPublicKey
        self.keys = keys
    }

    func apply(to socket: ZMQSocket) throws {
        try socket.makeCurveClient(serverPublicKey: serverPublicKey, keys: keys)
    }
}

/// The gateway side of CURVE: its secret key, and the ZAP domain its handler answers for.
public struct CurveServer: Sendable, Hashable {
    public var secretKey: String
    public var domain: String

    public init(secretKey: String, domain: String = "jianguan") {
        self.secretKey = secretKey
        self.domain = domain
    }

    func apply(to socket: ZMQSocket) throws {
        try socket.makeCurveServer(secretKey: secretKey, domain: domain)
    }
}

/// The ZAP handler (RFC 27/ZAP): tells libzmq which CURVE client keys may connect, and as which user — a
/// service's name for a service's key — so the broker can accept a worker's READY only for its own service.
public final class ZAPHandler: Sendable {
    public static let endpoint = "inproc://zeromq.zap.01"
    private let thread: SocketThread

    /// - Parameter peers: public key (Z85) → user id (a service name, or a client's name).
    public init(context: ZMQContext, peers: [String: String], logger: Logger) throws {
        let ready = DispatchSemaphore(value: 0)
        let failed = Mailbox<String>.unchecked()
        thread = try SocketThread(name: "zap-handler") { thread in
            guard let socket = try? ZMQSocket(context, .rep) else {
                failed?.post("socket")
                ready.signal()
                return
            }
            do {
                try socket.bind(Self.endpoint)
            } catch {
                failed?.post("\(error)")
                ready.signal()
                return
            }
            ready.signal()
            var poller = ZMQPoller()
            poller.add(socket)
            poller.add(fileDescriptor: thread.wakeupFileDescriptor)
            while !thread.isStopping {
                guard let readable = try? poller.poll(timeoutMilliseconds: 1_000) else { break }
                guard readable[0], let request = try? socket.receive(dontWait: true) else { continue }
                // version, request id, domain, address, identity, mechanism, credentials…
                let requestId = request.count > 1 ? request[1] : Data()
                var status = "400"
                var text = "unknown key"
                var user = ""
                if request.count >= 7, String(decoding: request[0], as: UTF8.self) == "1.0",
                    String(decoding: request[5], as: UTF8.self) == "CURVE", let key = ZMQCurve.z85(request[6])
                {
                    if let name = peers[key] {
                        status = "200"
                        text = "OK"
                        user = name
                    } else {
                        logger.warning("CURVE key refused", metadata: ["jg.key": "\(key)"])
                    }
                } else {
                    text = "only CURVE is accepted"
                }
                _ = try? socket.send([Data("1.0".utf8), requestId, Data(status.utf8), Data(text.utf8), Data(user.utf8), Data()])
            }
            socket.close()
        }
        ready.wait()
        if let message = failed?.drain().first {
            thread.stop()
            throw ZMQError(code: 0, operation: "ZAP handler: \(message)")
        }
    }

    public func stop() { thread.stop() }
}
