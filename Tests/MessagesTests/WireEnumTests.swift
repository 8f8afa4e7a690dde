import Foundation
import Messages
import Testing

/// Wire words: an unknown one is refused with the words that are allowed.
@Suite struct WireEnumTests {
    @Test func aKnownWordDecodesAndEncodesAsItself() throws {
        #expect(try Wire.decode(ReferralMessages.ClueSource.self, from: Data(#""hotline12345""#.utf8)) == .hotline12345)
        #expect(String(decoding: try Wire.encode(InspectionMessages.Outcome.failed), as: UTF8.self) == #""failed""#)
    }

    @Test func anUnknownWordNamesEveryAllowedOne() throws {
        let error = #expect(throws: DecodingError.self) { try Wire.decode(ReferralMessages.ClueSource.self, from: Data(#""hotline""#.utf8)) }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        // The allowed words, in declaration order, as DESIGN §4 lists the clue sources.
        #expect(
            context.debugDescription
                == #""hotline" is not one of hotline12345 | superiorAssignment | internetPlusSupervision | association | media | department | complaint"#)
    }

    @Test func aWordOfTheWrongTypeIsStillATypeMismatch() {
        let error = #expect(throws: DecodingError.self) { try Wire.decode(CatalogMessages.Level.self, from: Data("3".utf8)) }
        guard case .typeMismatch? = error else {
            Issue.record("expected typeMismatch, got \(String(describing: error))")
            return
        }
    }
}
