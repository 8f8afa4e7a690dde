import Foundation

#if canImport(Glibc)
    import Glibc

    /// Many keep-alive HTTP/1.1 connections to a loopback port, each with one request in flight, driven by one thread
    /// with poll(2), like wrk's event loop.
    ///
    /// Why not a blocking thread per connection (`LoopbackHTTPConnection`): on 2 cores the load generator shares the
    /// CPU with the suite it measures. With 128 client threads every response woke a thread of its own, and the client
    /// used 48–52 µs of CPU per request, 8 % of a registration's total; one thread that takes whatever responses are
    /// ready at each wake-up uses 28–38 µs. The server sees the same traffic: `connections` sockets, one request each.
    final class LoopbackHTTPLoad {
        typealias Failure = LoopbackHTTPConnection.Failure

        /// One connection's socket, its share of the requests and the response it is reading.
        private struct Connection {
            var fd: Int32
            var requests: ArraySlice<[UInt8]>
            var received: [UInt8] = []
            /// Where the body starts and the response ends, once the head is in.
            var body: Range<Int>?
        }

        let port: Int
        let timeoutSeconds: Int

        init(port: Int, timeoutSeconds: Int = 30) {
            self.port = port
            self.timeoutSeconds = timeoutSeconds
        }

        /// POSTs every body to `path` over `connections` connections, one request in flight on each, and calls
        /// `response` with each status and body. Returns when all are answered; throws on a broken connection or when
        /// nothing was answered for `timeoutSeconds`.
        func post(_ bodies: [[UInt8]], to path: String, bearer: String, connections: Int, response: (Int, ArraySlice<UInt8>) -> Void) throws {
            let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(bearer)\r\nContent-Type: application/json\r\n"
            let requests = bodies.map { Array((head + "Content-Length: \($0.count)\r\n\r\n").utf8) + $0 }
            let share = (requests.count + connections - 1) / max(1, connections)
            var open: [Connection] = []
            defer { for connection in open { close(connection.fd) } }
            for start in stride(from: 0, to: requests.count, by: max(1, share)) {
                open.append(Connection(fd: try LoopbackHTTPConnection.openSocket(port: port, timeoutSeconds: timeoutSeconds), requests: requests[start..<min(requests.count, start + share)]))
            }
            var polled = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            var busy = 0
            for index in open.indices where try sendNext(&open[index]) { busy += 1 }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var lastProgress = ContinuousClock.now
            while busy > 0 {
                let ready = polled.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), 1_000) }
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw Failure("poll: errno \(errno)")
                }
                if ready == 0, ContinuousClock.now - lastProgress > .seconds(timeoutSeconds) {
                    throw Failure("no response within \(timeoutSeconds) s (\(busy) requests in flight)")
                }
                for index in polled.indices where polled[index].revents != 0 {
                    polled[index].revents = 0
                    guard try receive(&open[index], into: &chunk) else { continue }
                    lastProgress = ContinuousClock.now
                    let connection = open[index]
                    guard let body = connection.body, let status = Self.status(connection.received) else {
                        throw Failure("not an HTTP response: \(String(decoding: connection.received.prefix(80), as: UTF8.self))")
                    }
                    response(status, connection.received[body])
                    open[index].received.removeAll(keepingCapacity: true)
                    open[index].body = nil
                    if try !sendNext(&open[index]) { busy -= 1 }
                }
            }
        }

        /// Sends the connection's next request; false when it has none left.
        private func sendNext(_ connection: inout Connection) throws -> Bool {
            guard let request = connection.requests.popFirst() else { return false }
            var offset = 0
            while offset < request.count {
                // Blocking socket: a request of a few hundred bytes never waits on an idle loopback connection.
                let written = request[offset...].withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure("send: errno \(errno)")
                }
                offset += written
            }
            return true
        }

        /// Reads what is there; true once a whole response is in `received`.
        private func receive(_ connection: inout Connection, into chunk: inout [UInt8]) throws -> Bool {
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count > 0 {
                    connection.received.append(contentsOf: chunk[0..<count])
                    continue
                }
                if count == 0 { throw Failure("the server closed a connection") }
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                throw Failure("recv: errno \(errno)")
            }
            if connection.body == nil, let end = Self.headEnd(connection.received) {
                guard let length = Self.contentLength(connection.received, headEnd: end) else {
                    throw Failure("a response without Content-Length: \(String(decoding: connection.received.prefix(end), as: UTF8.self))")
                }
                connection.body = (end + 4)..<(end + 4 + length)
            }
            guard let body = connection.body else { return false }
            if connection.received.count > body.upperBound { throw Failure("more bytes than one response") }
            return connection.received.count == body.upperBound
        }

        /// Offset of the blank line that ends the head.
        static func headEnd(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            return nil
        }

        /// The Content-Length of the head; the gateway sends one on every response.
        static func contentLength(_ bytes: [UInt8], headEnd: Int) -> Int? {
            let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" {
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }
            }
            return nil
        }

        /// The status code of `HTTP/1.1 200 OK`.
        static func status(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 12, bytes.starts(with: Array("HTTP/1.".utf8)) else { return nil }
            return Int(String(decoding: bytes[9..<12], as: UTF8.self))
        }
    }
#endif
