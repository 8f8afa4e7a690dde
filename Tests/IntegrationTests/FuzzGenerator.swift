import Bus
import Foundation
import JGTesting
import Messages

extension SeededRandom {
    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Double) -> Bool { Double.random(in: 0..<100, using: &self) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &self)] }
}

/// One generated bad request: where it goes, what it is, and a description to print when it finds a bug.
struct FuzzCase: Sendable {
    enum Channel: Sendable {
        /// Frames straight onto a DEALER at the broker; most are not MDP and are dropped without a reply.
        case rawFrames([Data])
        /// A well-framed MDP/0.2 client REQUEST whose body frames are malformed in some way; always answered.
        case busRequest(service: String, body: [Data])
        case http(method: String, path: String, headers: [String: String], body: Data)
    }

    var channel: Channel
    /// The service the request is aimed at (for the per-service hit counts), nil when it names none of ours.
    var target: String?
    var kind: String

    /// What to print when this case got `INTERNAL`, or no answer: enough to replay it by hand.
    var description: String {
        switch channel {
        case .rawFrames(let frames): "raw frames [\(kind)] \(frames.map(Self.preview))"
        case .busRequest(let service, let body): "bus \(service.debugDescription) [\(kind)] \(body.count) frame(s): \(body.map(Self.preview))"
        case .http(let method, let path, let headers, let body): "HTTP \(method) \(path) [\(kind)] headers \(headers) body \(Self.preview(body))"
        }
    }

    static func preview(_ data: Data) -> String {
        let head = String(decoding: data.prefix(400), as: UTF8.self)
        return data.count > 400 ? "\(head.debugDescription)… (\(data.count) bytes)" : head.debugDescription
    }
}

/// Generates malformed requests for the campaign from a seed: broken JSON, wrong types, huge strings, wrong MDP
/// frames, random bytes, Unicode edge cases and SQL-looking text, aimed at every method each service lists.
struct FuzzGenerator {
    var random: SeededRandom
    let methods: [String: [SystemMessages.MethodSpec]]
    let adminToken: String
    let suiteToken: String
    let services: [String]

    init(seed: UInt64, methods: [String: [SystemMessages.MethodSpec]], adminToken: String, suiteToken: String) {
        random = SeededRandom(seed: seed)
        self.methods = methods
        self.adminToken = adminToken
        self.suiteToken = suiteToken
        services = methods.keys.sorted()
    }

    // MARK: Text

    static let sqlLike = [
        "'; DROP TABLE outbox; --", "' OR '1'='1", "1; DELETE FROM idempotency", "\" OR 1=1 --", "%", "_", "%%'--", "x' UNION SELECT sql FROM sqlite_master --",
        "'); PRAGMA writable_schema=1; --", "ATTACH DATABASE '/tmp/x' AS x", "\\", "''", "NULL", "null", "0x00", "char(0)", "/*", "*/", "--",
    ]

    static let unicodeEdges = [
        "\u{0000}", "\u{0000}abc\u{0000}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "\u{10FFFF}", "\u{202E}evil\u{202C}", "e\u{0301}\u{0301}\u{0301}\u{0301}",
        "😀👨‍👩‍👧‍👦🏳️‍🌈", "𠀋𡈽𡌛", "\u{200B}\u{200C}\u{200D}", "ﷺ", "\r\n\t\u{0B}\u{0C}", "Ω≈ç√∫", "城镇 燃气", "９１４１１６０３ＭＡ", "\u{1F}\u{7F}",
        "a\u{2028}b\u{2029}c", "İıſ", "ß", String(repeating: "\u{0301}", count: 300),
    ]

    static let shapes = [
        "", " ", "../../../etc/passwd", "/dev/null", "%s%s%n%x", "${jndi:ldap://x}", "<script>alert(1)</script>", "2025-02-30", "9999-99-99T99:99:99Z",
        "-1", "1e309", "NaN", "Infinity", "true", "[]", "{}", "91411603MA0000133X", "91411603MA000013", "HY-2025-99", "a,b,c", "key=value", "\"",
    ]

    mutating func junkString() -> String {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<25: return random.pick(Self.sqlLike)
        case 25..<50: return random.pick(Self.unicodeEdges)
        case 50..<70: return random.pick(Self.shapes)
        case 70..<85:
            let length = Int.random(in: 1...40, using: &random)
            return String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random))) })
        case 85..<97:
            let length = Int.random(in: 1...20, using: &random)
            var scalars = String.UnicodeScalarView()
            while scalars.count < length {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) { scalars.append(scalar) }
            }
            return String(scalars)
        default:
            // Huge: 4 KiB to 256 KiB (every few hundred requests), built from a 4-byte UTF-8 character now and then.
            let unit = random.chance(50) ? "A" : "𠀋"
            return String(repeating: unit, count: Int.random(in: 4_096...(unit == "A" ? 262_144 : 65_536), using: &random))
        }
    }

    // MARK: JSON values

    mutating func junkNumber() -> JSONValue {
        random.pick([
            .int(0), .int(-1), .int(Int64.max), .int(Int64.min), .int(Int64(Int32.max) + 1), .double(1e308), .double(-1e308), .double(0.5),
            .double(-0.0), .double(4.9e-324), .int(Int64.random(in: Int64.min...Int64.max, using: &random)),
        ])
    }

    mutating func junkValue(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return junkNumber()
        case 3, 4: return .string(junkString())
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in junkValue(depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) { object[junkString()] = junkValue(depth: depth + 1) }
            return .object(object)
        }
    }

    /// A value that is not of the declared type.
    mutating func wrongTyped(for type: String) -> JSONValue {
        let lowered = type.lowercased()
        var candidates: [JSONValue] = [.null, .bool(true), junkNumber(), .string(junkString()), .array([junkValue()]), .object(["x": junkValue()])]
        if lowered.contains("string") || lowered.contains("date") || lowered.contains("timestamp") {
            candidates.removeAll { if case .string = $0 { true } else { false } }
        } else if lowered.contains("integer") || lowered.contains("number") {
            candidates.removeAll { if case .int = $0 { true } else if case .double = $0 { true } else { false } }
        } else if lowered.contains("bool") {
            candidates.removeAll { if case .bool = $0 { true } else { false } }
        } else if lowered.hasPrefix("[") || lowered.contains("array") {
            candidates.removeAll { if case .array = $0 { true } else { false } }
        } else if lowered.contains("object") {
            candidates.removeAll { if case .object = $0 { true } else { false } }
        }
        return random.pick(candidates)
    }

    /// A value of the declared type that is wrong in content: junk text, extreme numbers, odd members.
    mutating func badContent(for type: String) -> JSONValue {
        let lowered = type.lowercased()
        if lowered.contains("integer") || lowered.contains("number") { return junkNumber() }
        if lowered.contains("bool") { return .bool(random.chance(50)) }
        if lowered.hasPrefix("[") || lowered.contains("array") {
            return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in random.chance(50) ? .string(junkString()) : junkValue(depth: 1) })
        }
        if lowered.contains("object") {
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) { object[random.chance(50) ? junkString() : "name"] = junkValue(depth: 1) }
            return .object(object)
        }
        return .string(junkString())
    }

    // MARK: Parameters

    /// Parameters for `method` that should fail validation: not an object, missing what is required, wrong types,
    /// junk content (huge, Unicode, SQL-looking), unknown keys, or nesting deep enough to trouble a parser.
    mutating func params(for spec: SystemMessages.MethodSpec?) -> (value: JSONValue, kind: String) {
        let declared = spec?.params ?? []
        let required = declared.filter(\.required)
        let roll = Int.random(in: 0..<100, using: &random)
        if roll < 8 {
            return (random.pick([.array([junkValue()]), .string(junkString()), junkNumber(), .bool(false)]), "params not an object")
        }
        if roll < 16, !required.isEmpty { return (.emptyObject, "required params missing") }
        if roll < 45, !declared.isEmpty {
            var object: [String: JSONValue] = [:]
            for param in declared where param.required || random.chance(40) { object[param.name] = badContent(for: param.type) }
            let victim = random.pick(declared)
            object[victim.name] = wrongTyped(for: victim.type)
            return (.object(object), "wrong type for \(victim.name)")
        }
        if roll < 85, !declared.isEmpty {
            var object: [String: JSONValue] = [:]
            for param in declared where param.required || random.chance(60) { object[param.name] = badContent(for: param.type) }
            return (.object(object), "junk content")
        }
        if roll < 97 {
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 1...6, using: &random) { object[junkString()] = junkValue() }
            return (.object(object), "unknown keys")
        }
        var object: [String: JSONValue] = [:]
        for param in declared where random.chance(50) { object[param.name] = .string(FuzzGenerator.deepMarker) }
        if object.isEmpty { object[declared.first?.name ?? "x"] = .string(FuzzGenerator.deepMarker) }
        return (.object(object), "deep nesting")
    }

    /// Replaced in the encoded text by nesting too deep to build as a value.
    static let deepMarker = "@@JG-DEEP@@"
    /// Replaced in the encoded text by a lone UTF-16 surrogate escape (a string Swift cannot hold).
    static let loneSurrogateMarker = "@@JG-LONE@@"

    mutating func finish(_ text: Data) -> Data {
        var string = String(decoding: text, as: UTF8.self)
        if string.contains(Self.deepMarker) {
            let depth = random.chance(5) ? 100_000 : random.pick([64, 600, 5_000])
            let open = random.chance(50) ? "[" : "{\"a\":"
            let close = open == "[" ? "]" : "}"
            string = string.replacingOccurrences(
                of: "\"\(Self.deepMarker)\"", with: String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth))
            string = string.replacingOccurrences(of: Self.deepMarker, with: String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
        if string.contains(Self.loneSurrogateMarker) {
            string = string.replacingOccurrences(of: Self.loneSurrogateMarker, with: random.pick(["\\ud800", "\\udfff", "\\ud83d", "\\u0000", "\\uZZZZ"]))
        }
        return Data(string.utf8)
    }

    // MARK: Bus

    mutating func methodName(for service: String) -> (String, SystemMessages.MethodSpec?) {
        let listed = methods[service] ?? []
        if listed.isEmpty || random.chance(4) {
            return (random.pick(["nope.verb", "", ".", "items.", junkString(), "health.check ", "HEALTH.CHECK", "methods.list\u{0000}"]), nil)
        }
        var spec = random.pick(listed)
        // `admin.backup` with a string directory would really write files wherever the service runs: only wrong types for it.
        if spec.name == "admin.backup" { spec.params = spec.params.map { var p = $0; p.type = "array"; return p } }
        return (spec.name, spec)
    }

    mutating func envelope(service: String) -> (body: [Data], kind: String) {
        let (method, spec) = methodName(for: service)
        var (params, kind) = params(for: spec)
        if spec?.name == "admin.backup", case .object(var object) = params, case .string? = object["directory"] {
            object["directory"] = .array([])
            params = .object(object)
        }
        var fields: [String: JSONValue] = [
            "v": 1, "id": .string("fuzz-\(random.next())"), "method": .string(method), "token": .string(adminToken), "params": params,
        ]
        // Mostly the parameters are the only thing wrong; otherwise break the envelope as well.
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<70:
            break
        case 70..<73:
            fields["v"] = random.pick([.string("1"), .int(7), .int(-1), .double(1.5), .null, .array([])])
            kind = "bad v"
        case 73..<76:
            fields["id"] = random.pick([.int(42), .null, .object([:]), .string(""), .string(junkString()), .string(String(repeating: "i", count: 100_000))])
            kind = "bad id"
        case 76..<79:
            fields["method"] = random.pick([.int(1), .null, .array([.string(method)]), .string(junkString())])
            kind = "bad method"
        case 79..<83:
            fields["token"] = random.pick([.int(1), .null, .string("jgt_" + junkString()), .string(""), .object(["token": .string(adminToken)])])
            kind = "bad token"
        case 83..<86:
            fields["token"] = .string(suiteToken)
            fields["actor"] = random.pick([
                .object(["role": .string("root"), "dept": .string(junkString())]), .string("admin"), .object(["role": .string("operator"), "dept": .string(junkString())]),
                .object(["role": .string("admin"), "user": .int(3)]), .object([:]),
            ])
            kind = "suite token, odd actor"
        case 86..<90:
            fields["deadlineMs"] = random.pick([
                .int(Int64.max), .int(Int64.min), .int(-1), .int(0), .double(1e30), .string("soon"), .int(Int64(Int32.max) * 4_000_000),
            ])
            kind = "bad deadline"
        case 90..<92:
            fields["traceId"] = random.pick([.int(1), .string(junkString()), .array([])])
            kind = "bad trace"
        case 92..<94:
            fields["params"] = .string(Self.loneSurrogateMarker)
            fields["id"] = .string("fuzz-\(Self.loneSurrogateMarker)")
            kind = "lone surrogate"
        case 94..<96:
            fields.removeValue(forKey: random.pick(["v", "id", "method", "params"]))
            kind = "field missing"
        default:
            fields["id"] = .string("fuzz-reused-\(Int.random(in: 0..<8, using: &random))")
            kind += ", reused request id"
        }
        guard let encoded = try? Wire.encode(JSONValue.object(fields)) else { return ([Data("{".utf8)], "unencodable") }
        let text = finish(encoded)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<80: return ([text], kind)
        case 80..<86: return ([text.prefix(Int.random(in: 0..<max(1, text.count), using: &random))], "truncated JSON")
        case 86..<89:
            var flipped = text
            if !flipped.isEmpty { flipped[Int.random(in: 0..<flipped.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            return ([flipped], "flipped byte")
        case 89..<91: return ([Data([0xFF, 0xFE, 0xC0, 0x80]) + text], "invalid UTF-8 prefix")
        case 91..<93: return ([randomBytes(maximum: 256)], "random bytes")
        case 93..<95: return ([text, text], "two body frames")
        case 95..<97: return ([], "no body frame")
        case 97..<99: return ([Data(random.pick(["[]", "null", "42", "\"x\"", "{\"v\":1,\"v\":2}", "{\"params\":{},\"params\":1}", " ", "\u{FEFF}{}"]).utf8)], "not an envelope")
        default:
            if random.chance(5) { return ([Data(repeating: 0x20, count: 8 * 1_024 * 1_024 + 1)], "over the body limit") }
            return ([text + Data(repeating: 0x20, count: 1_024 * 1_024)], "1 MiB of trailing spaces")
        }
    }

    mutating func randomBytes(maximum: Int) -> Data {
        Data((0..<Int.random(in: 0...maximum, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    /// Frames that are not a well-formed client request: the broker drops them (some get a DISCONNECT or an MMI answer).
    mutating func rawFrames() -> (frames: [Data], kind: String) {
        let client = MDP.clientHeader
        let worker = MDP.workerHeader
        switch Int.random(in: 0..<13, using: &random) {
        case 0: return ((0..<Int.random(in: 1...4, using: &random)).map { _ in randomBytes(maximum: 64) }, "random bytes")
        case 12:
            // What a REQ socket (or an MDP/0.1 peer) puts on the wire: an empty delimiter before the header.
            return ([Data(), random.chance(50) ? client : worker, Data([0x01]), Data(random.pick(services).utf8), Data("{}".utf8)], "REQ framing (empty first frame)")
        case 1: return ([Data(random.pick(["MDPC01", "MDPW01", "MDPC03", "mdpc02", "", "MDPC02 ", "GET / HTTP/1.1"]).utf8), Data([0x01]), Data("catalog".utf8)], "wrong header")
        case 2: return ([client], "header only")
        case 3: return ([client, Data(random.pick([[], [0x00], [0x04], [0xFF], [0x01, 0x01]]))] + [Data("catalog".utf8), Data("{}".utf8)], "bad client command")
        case 4: return ([client, Data([0x01])], "no service frame")
        case 5: return ([client, Data([random.pick([0x02, 0x03])]), Data("catalog".utf8), Data("{}".utf8)], "client sent a reply command")
        case 6: return ([client, Data([0x01]), Data([0xFF, 0xFE, 0x80]), Data("{}".utf8)], "service name not UTF-8")
        case 7: return ([worker, Data(random.pick([[], [0x00], [0x07], [0xFF], [0x05, 0x05]]))], "bad worker command")
        case 8: return ([worker, Data([0x01])] + (random.chance(50) ? [Data()] : []), "READY without a service")
        case 9:
            let command = UInt8(random.pick([0x02, 0x03, 0x04]))
            return ([worker, Data([command]), randomBytes(maximum: 8)] + (random.chance(50) ? [Data("x".utf8)] : []), "worker command without delimiter")
        case 10: return ([worker, Data([random.pick([0x04, 0x05, 0x06])]), randomBytes(maximum: 8), Data(), Data("{}".utf8)], "worker command from a stranger")
        default:
            // A READY for a service that does not exist: the broker keeps a fake worker until its heartbeats lapse.
            return ([worker, Data([0x01]), Data("fuzz-\(random.next() % 1_000)".utf8)], "READY for a made-up service")
        }
    }

    // MARK: HTTP

    static func encodePath(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x"
    }

    mutating func httpCase() -> FuzzCase {
        var headers: [String: String] = [:]
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<85: headers["Authorization"] = "Bearer \(adminToken)"
        case 85..<88: break
        case 88..<91: headers["Authorization"] = "Basic \(adminToken)"
        case 91..<94: headers["Authorization"] = "Bearer"
        case 94..<97: headers["Authorization"] = "Bearer jgt_\(random.next())"
        default: headers["Authorization"] = "Bearer \(adminToken)   "
        }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<8: headers["X-Request-Id"] = "fuzz-reused-\(Int.random(in: 0..<8, using: &random))"
        case 8..<10: headers["X-Request-Id"] = String(repeating: "r", count: Int.random(in: 1_000...20_000, using: &random))
        case 10..<13: headers["X-Request-Id"] = random.pick(["'; DROP TABLE idempotency; --", "%00", "../x", " ", "null"])
        default: break
        }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<70:
            let service = random.chance(98) ? random.pick(services) : random.pick(["nosuch", "mmi.service", "..", junkString()])
            let (method, spec) = methodName(for: service)
            let body: Data
            var kind: String
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<75:
                var (params, paramsKind) = params(for: spec)
                if spec?.name == "admin.backup" { params = .object(["directory": .int(1)]) }
                body = finish((try? Wire.encode(params)) ?? Data())
                kind = paramsKind
            case 75..<85:
                let text = (try? Wire.encode(params(for: spec).value)) ?? Data()
                body = text.prefix(Int.random(in: 0..<max(1, text.count), using: &random))
                kind = "truncated JSON"
            case 85..<92:
                body = randomBytes(maximum: 512)
                kind = "random bytes"
            case 92..<96:
                body = Data()
                kind = "empty body"
            default:
                body = Data(random.pick(["[]", "null", "\"x\"", "1", "{\"a\":", "\u{FEFF}{}", "{\"\(Self.loneSurrogateMarker)\":1}"]).utf8)
                kind = "not an object"
            }
            let path = "/v1/call/\(Self.encodePath(service))/\(Self.encodePath(method))"
            return FuzzCase(channel: .http(method: "POST", path: path, headers: headers, body: finish(body)), target: services.contains(service) ? service : nil, kind: kind)
        case 70..<88:
            let (line, target) = commandLine()
            return FuzzCase(channel: .http(method: "POST", path: "/v1/cmd", headers: headers, body: Data(line.utf8)), target: target, kind: "text command")
        default:
            let routes: [(String, String)] = [
                ("/public/items", "catalog"), ("/public/guides", "catalog"), ("/public/plans", "planning"), ("/public/draws", "planning"),
                ("/public/draws/", "planning"), ("/public/results/", "inspection"), ("/public/credit/", "credit"),
            ]
            let (route, target) = random.pick(routes)
            var path = route
            // A URL part is at most 20,000 characters (≤ 240 KB percent-encoded): libcurl, under URLSession, refuses a
            // URL over 8 MB before sending it ("Out of memory"), which is the client's limit, not the gateway's.
            func part(_ text: String) -> String { Self.encodePath(String(text.prefix(20_000))) }
            if route.hasSuffix("/") { path += part(random.chance(20) ? "91411603MA0000133E" : junkString()) }
            let keys = ["domain", "year", "planId", "status", "limit", "after", junkString()]
            let query = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                "\(part(random.pick(keys)))=\(part(random.chance(30) ? "\(junkNumber())" : junkString()))"
            }
            if !query.isEmpty { path += "?" + query.joined(separator: "&") }
            return FuzzCase(channel: .http(method: "GET", path: path, headers: [:], body: Data()), target: target, kind: "public page")
        }
    }

    /// A `/v1/cmd` line: `<service> <method> key=value …` with broken quoting, JSON and Unicode, or `help` asking odd things.
    mutating func commandLine() -> (String, String?) {
        let service = random.pick(services)
        let (method, spec) = methodName(for: service)
        var words = [service, method]
        for param in spec?.params ?? [] where random.chance(50) {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: words.append("\(param.name)=\"\(junkString())")
            case 1: words.append("\(param.name):=\(random.pick(["{", "[1,", "nul", "\"x", "{\"a\":}", "1e999", "[[[[[[", FuzzGenerator.deepMarker]))")
            case 2: words.append("=\(junkString())")
            case 3: words.append("\(param.name)=\(junkString().replacingOccurrences(of: " ", with: ""))")
            case 4: words.append("\(param.name)=\(random.pick(["a,b,,", "007", "-0", "1.2.3", "true,false", "null", "9223372036854775808"]))")
            case 5: words.append("\(param.name)='\(junkString())'")
            case 6: words.append(junkString())
            default: words.append("\(param.name):=\(String(decoding: (try? Wire.encode(wrongTyped(for: param.type))) ?? Data(), as: UTF8.self))")
            }
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ("help \(random.chance(50) ? service : junkString()) \(random.chance(50) ? method : junkString())", service)
        case 1: return (random.pick(["", " ", "\"", "catalog", "catalog \"", "help", "\u{0000}", "catalog items.list \\"]), nil)
        default:
            let line = words.joined(separator: " ")
            return (line.contains(FuzzGenerator.deepMarker) ? String(decoding: finish(Data(line.utf8)), as: UTF8.self) : line, service)
        }
    }
}
