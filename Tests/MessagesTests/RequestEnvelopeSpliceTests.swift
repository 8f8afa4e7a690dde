import Foundation
import Messages
import Testing

/// The gateway sets an HTTP body into the envelope as it came (`RequestHeader.envelope(params:)`): the result must
/// read exactly as the envelope encoded the usual way.
@Suite struct RequestEnvelopeSpliceTests {
    @Test func aSplicedEnvelopeDecodesAsTheEncodedOne() throws {
        let actor = Actor(dept: "hy-market", user: "m1", role: .operator)
        let params: JSONValue = ["uscc": "91410000000000001X", "items": ["HY-2025-04"], "limit": 20, "nested": ["a": ["b": .null]]]
        let encoded = try Wire.encode(RequestEnvelope(id: "r-1", method: "clues.list", params: params, actor: actor, deadlineMs: 5_000, traceId: "t-1"))
        let raw = Data(#"  {"nested":{"a":{"b":null}},"limit":20,"items":["HY-2025-04"],"uscc":"91410000000000001X"} "#.utf8)
        let spliced = try RequestHeader(id: "r-1", method: "clues.list", actor: actor, deadlineMs: 5_000, traceId: "t-1").envelope(params: raw)
        #expect(try Wire.decode(JSONValue.self, from: spliced) == Wire.decode(JSONValue.self, from: encoded))
    }

    @Test func aHeaderWithoutOptionalFieldsStillMakesOneObject() throws {
        let spliced = try RequestHeader(id: "r-2", method: "health.check", actor: nil, deadlineMs: nil, traceId: nil).envelope(params: Data("{}".utf8))
        #expect(String(decoding: spliced, as: UTF8.self) == #"{"params":{},"id":"r-2","method":"health.check","v":1}"#)
    }
}
