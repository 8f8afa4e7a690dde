import Foundation
import Messages
import Testing

/// The gateway sets an HTTP body into the envelope as it came (`RequestEnvelope.encoded(params:)`): the result must
/// read exactly as the envelope encoded the usual way.
@Suite struct RequestEnvelopeSpliceTests {
    @Test func aSplicedEnvelopeDecodesAsTheEncodedOne() throws {
        let actor = Actor(dept: "hy-market", user: "m1", role: .operator)
        let params: JSONValue = ["uscc": "91410000000000001X", "items": ["HY-2025-04"], "limit": 20, "nested": ["a": ["b": .null]]]
        let encoded = try Wire.encode(RequestEnvelope(id: "r-1", method: "clues.list", params: params, actor: actor, deadlineMs: 5_000, traceId: "t-1"))
        let raw = Data(#"  {"nested":{"a":{"b":null}},"limit":20,"items":["HY-2025-04"],"uscc":"91410000000000001X"} "#.utf8)
        let spliced = try RequestEnvelope(id: "r-1", method: "clues.list", params: SystemMessages.Empty(), actor: actor, deadlineMs: 5_000, traceId: "t-1")
            .encoded(params: raw)
        #expect(try Wire.decode(JSONValue.self, from: spliced) == Wire.decode(JSONValue.self, from: encoded))
    }

    @Test func theOtherFieldsFollowTheParametersSorted() throws {
        let spliced = try RequestEnvelope(id: "r-2", method: "health.check", params: SystemMessages.Empty(), traceId: "t-2").encoded(params: Data("{}".utf8))
        #expect(String(decoding: spliced, as: UTF8.self) == #"{"params":{},"id":"r-2","method":"health.check","traceId":"t-2","v":1}"#)
    }
}
