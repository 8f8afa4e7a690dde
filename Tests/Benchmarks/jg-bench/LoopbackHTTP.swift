import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One keep-alive HTTP/1.1 connection to a loopback port, used by one load thread only.
///
/// Why not URLSession: on Linux it runs every request of the process through one libcurl multi handle on one
/// thread, so at 32 concurrent clients the bench would measure curl's loop rather than the suite. A blocking socket
/// per client thread is the simplest honest client (one connection per client, like wrk); `LoopbackHTTPLoad` drives
/// many connections from one thread for the bench where the client's own CPU matters most.
final class LoopbackHTTPConnection {
    struct Response {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let port: Int
    private var fd: Int32 = -1
    /// Bytes received beyond the response being parsed (never more than one response at a time, but recv may overshoot).
    private var pending: [UInt8] = []
    /// How many times the connection was opened again after the server closed it (reported, not an error).
    private(set) var reconnects = 0
    private let timeoutSeconds: Int

    init(port: Int, timeoutSeconds: Int = 30) {
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    deinit { disconnect() }

    func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        pending.removeAll(keepingCapacity: true)
    }

    private func connectIfNeeded() throws {
        guard fd < 0 else { return }
        fd = try Self.openSocket(port: port, timeoutSeconds: timeoutSeconds)
    }

    /// A connected TCP socket to 127.0.0.1:`port`, without Nagle and with send and receive timeouts.
    static func openSocket(port: Int, timeoutSeconds: Int) throws -> Int32 {
        #if canImport(Glibc)
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socketFD = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketFD >= 0 else { throw Failure("socket(): errno \(errno)") }
        var one: Int32 = 1
        // Small request/response pairs: Nagle would add up to 40 ms to every request.
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A hung request must surface as an error of that request, not as a bench that never ends.
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(socketFD)
            throw Failure("connect to 127.0.0.1:\(port): errno \(code)")
        }
        return socketFD
    }

    /// Sends one request and reads its response. A connection the server closed while idle is opened again once
    /// (only when nothing of the response arrived, so the request was never processed).
    func send(method: String, path: String, body: [UInt8] = [], bearer: String? = nil) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if let bearer { head += "Authorization: Bearer \(bearer)\r\n" }
        if method == "POST" { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        let reused = fd >= 0
        do {
            return try exchange(bytes)
        } catch let failure as Failure where reused && failure.description.hasPrefix(Self.closedEarly) {
            disconnect()
            reconnects += 1
            return try exchange(bytes)
        }
    }

    /// One write and one read on the connection (opened if needed); any failure leaves it closed.
    private func exchange(_ bytes: [UInt8]) throws -> Response {
        do {
            try connectIfNeeded()
            try writeAll(bytes)
            return try readResponse()
        } catch {
            disconnect()
            throw error
        }
    }

    private static let closedEarly = "connection closed before the response"

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                #if canImport(Glibc)
                    Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                #else
                    Darwin.send(fd, raw.baseAddress, raw.count, 0)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                // EPIPE/ECONNRESET on a reused connection: the server had closed it; nothing was processed.
                throw Failure("\(Self.closedEarly) (send: errno \(errno))")
            }
            offset += written
        }
    }

    /// Reads more bytes into `pending`; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure("no response within \(timeoutSeconds) s") }
            throw Failure("recv: errno \(errno)")
        }
    }

    private func readResponse() throws -> Response {
        var headerEnd: Int?
        var searchFrom = 0
        while headerEnd == nil {
            if let end = Self.find([13, 10, 13, 10], in: pending, from: searchFrom) {
                headerEnd = end
                break
            }
            searchFrom = max(0, pending.count - 3)
            guard try fill() else {
                throw Failure(pending.isEmpty ? Self.closedEarly : "connection closed inside the response head")
            }
        }
        guard let end = headerEnd else { throw Failure("no response head") }
        let head = String(decoding: pending[0..<end], as: UTF8.self)
        pending.removeFirst(end + 4)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1."),
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw Failure("not an HTTP response: \(head.prefix(80))") }
        var contentLength: Int?
        var chunked = false
        var closeAfter = statusLine.hasPrefix("HTTP/1.0")
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "content-length": contentLength = Int(value)
            case "transfer-encoding": chunked = value.contains("chunked")
            case "connection": closeAfter = value == "close" ? true : (value == "keep-alive" ? false : closeAfter)
            default: break
            }
        }
        var body: [UInt8] = []
        if chunked {
            body = try readChunked()
        } else if let length = contentLength {
            while pending.count < length {
                guard try fill() else { throw Failure("connection closed inside the response body") }
            }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            // No length: the body runs to the end of the connection.
            while try fill() {}
            body = pending
            pending.removeAll()
            closeAfter = true
        }
        if closeAfter { disconnect() }
        return Response(status: status, body: body)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: pending, from: 0)
            while lineEnd == nil {
                guard try fill() else { throw Failure("connection closed inside a chunk size") }
                lineEnd = Self.find([13, 10], in: pending, from: 0)
            }
            guard let sizeEnd = lineEnd else { throw Failure("no chunk size") }
            let sizeText = String(decoding: pending[0..<sizeEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw Failure("bad chunk size \(sizeText)") }
            pending.removeFirst(sizeEnd + 2)
            while pending.count < size + 2 {
                guard try fill() else { throw Failure("connection closed inside a chunk") }
            }
            body.append(contentsOf: pending[0..<size])
            pending.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
