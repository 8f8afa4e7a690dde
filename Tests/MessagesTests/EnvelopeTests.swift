import Foundation
import Messages
import Testing

/// Golden fixtures: the exact JSON a peer in any language sees (DESIGN §3.2).
@Suite struct EnvelopeTests {
    @Test func requestEnvelopeGoldenJSON() throws {
        let envelope = RequestEnvelope(
            id: "7f1c0e1a-0000-4000-8000-000000000001", method: "items.list", params: ["domain": "gas-safety"] as JSONValue,
            actor: Actor(dept: "hy-market", user: "u123", role: .operator), deadlineMs: 5000, traceId: "4bf92f3577b34da6a3ce929d0e0e4736")
        let json = String(decoding: try Wire.encode(envelope), as: UTF8.self)
        #expect(
            json
                == #"{"actor":{"dept":"hy-market","role":"operator","user":"u123"},"deadlineMs":5000,"id":"7f1c0e1a-0000-4000-8000-000000000001","method":"items.list","params":{"domain":"gas-safety"},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","v":1}"#
        )
    }

    @Test func replyEnvelopesGoldenJSON() throws {
        let failure = AnyReply.failure(id: "abc", .notFound, "item HY-2025-99 does not exist", details: ["code": "HY-2025-99"])
        #expect(
            String(decoding: try Wire.encode(failure), as: UTF8.self)
                == #"{"error":{"details":{"code":"HY-2025-99"},"message":"item HY-2025-99 does not exist"},"id":"abc","status":"NOT_FOUND","v":1}"#)
        let decoded = try Wire.decode(AnyReply.self, from: Data(#"{"v":1,"id":"x","status":"OK","result":{"n":3,"ok":true,"xs":[1.5,"a",null]}}"#.utf8))
        #expect(decoded.status == .ok)
        #expect(decoded.result == ["n": 3, "ok": true, "xs": [.double(1.5), "a", .null]])
    }

    @Test func eventEnvelopeGoldenJSON() throws {
        let event = EventEnvelope(
            source: "inspection", seq: 42, topic: "inspection.result.published", at: "2026-11-24T08:00:00Z", traceId: nil, event: ["uscc": "X"])
        #expect(
            String(decoding: try Wire.encode(event), as: UTF8.self)
                == #"{"at":"2026-11-24T08:00:00Z","event":{"uscc":"X"},"seq":42,"source":"inspection","topic":"inspection.result.published","v":1}"#)
    }

    @Test func statusNamesAndHTTPCodesFollowGRPCAndTheGatewayTable() {
        let expected: [Status: (String, Int)] = [
            .ok: ("OK", 200), .invalidArgument: ("INVALID_ARGUMENT", 400), .unauthenticated: ("UNAUTHENTICATED", 401),
            .permissionDenied: ("PERMISSION_DENIED", 403), .notFound: ("NOT_FOUND", 404), .alreadyExists: ("ALREADY_EXISTS", 409),
            .aborted: ("ABORTED", 409), .failedPrecondition: ("FAILED_PRECONDITION", 412), .resourceExhausted: ("RESOURCE_EXHAUSTED", 429),
            .unavailable: ("UNAVAILABLE", 503), .deadlineExceeded: ("DEADLINE_EXCEEDED", 504), .internal: ("INTERNAL", 500),
            .unimplemented: ("UNIMPLEMENTED", 501),
        ]
        #expect(expected.count == Status.allCases.count)
        for status in Status.allCases {
            #expect(status.rawValue == expected[status]?.0)
            #expect(status.httpStatus == expected[status]?.1)
        }
    }

    @Test func jsonValueKeepsIntegersBooleansAndUnicode() throws {
        let text = #"{"a":1,"b":true,"c":"城镇燃气","d":-7,"e":1e3,"f":[0,false]}"#
        let value = try Wire.decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .bool(true))
        #expect(value["c"] == .string("城镇燃气"))
        #expect(value["d"] == .int(-7))
        #expect(value["f"] == [.int(0), .bool(false)])
        #expect(try Wire.decode(JSONValue.self, from: Wire.encode(value)) == value)
    }

    @Test func traceIDsAreW3CShaped() {
        let id = TraceID.make()
        #expect(id.count == 32)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(TraceID.make() != id)
    }
}
