import Foundation
import Messages
import Testing

/// UUID version 7 as RFC 9562 §5.7 lays it out.
struct TimeOrderedIDTests {
    @Test func theFirst48BitsAreTheUnixMillisecondsThenVersion7AndVariant10() throws {
        // 2025-06-01T00:00:00Z = 1748736000000 ms; `printf '%012x' 1748736000000` → 019728c9c000.
        let id = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_748_736_000))
        #expect(id.count == 36)
        #expect(id.hasPrefix("019728c9-c000-7"))
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        // Variant: the two top bits of byte 8 are 10, so its first hex digit is 8, 9, a or b.
        #expect(["8", "9", "a", "b"].contains(parts[3].prefix(1)))
        #expect(UUID(uuidString: id) != nil)
    }

    @Test func idsSortByTimeAndNeverRepeat() {
        let base = Date(timeIntervalSince1970: 1_748_736_000)
        let ids = (0..<1_000).map { TimeOrderedID.make(at: base.addingTimeInterval(Double($0) / 100)) }
        // One id every 10 ms: their text order is their time order.
        #expect(ids == ids.sorted())
        let sameInstant = (0..<10_000).map { _ in TimeOrderedID.make(at: base) }
        #expect(Set(sameInstant).count == 10_000)
    }
}
