import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal HTTP client for tests against the gateway.
public enum HTTP {
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public static func get(_ url: String) async throws -> Response {
        try await send(URLRequest(url: try parse(url)))
    }

    public static func post(_ url: String, body: Data, headers: [String: String] = [:]) async throws -> Response {
        var request = URLRequest(url: try parse(url))
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    static func parse(_ url: String) throws -> URL {
        guard let parsed = URL(string: url) else { throw SuiteError("not a URL: \(url)") }
        return parsed
    }

    static func send(_ request: URLRequest) async throws -> Response {
        var request = request
        request.timeoutInterval = 15
        let (data, response) = try await URLSession.shared.data(for: request)
        return Response(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    /// Polls `/healthz` until it answers 200 or the time is up; returns the last response.
    @discardableResult
    public static func waitHealthy(_ base: String, seconds: Double = 30) async throws -> Response {
        let deadline = Date().addingTimeInterval(seconds)
        var last = Response(status: 0, body: Data())
        while Date() < deadline {
            if let response = try? await get("\(base)/healthz") {
                last = response
                if response.status == 200 { return response }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }
}
