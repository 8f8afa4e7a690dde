import Foundation

/// Identifiers that sort by creation time: UUID version 7 (RFC 9562 §5.7), a 48-bit Unix-millisecond timestamp
/// followed by 74 random bits, written like any UUID.
///
/// Request ids and record ids are primary keys. Random (version 4) ids send every insert to a random leaf of the
/// key's index, so each commit rewrites a page of it that nothing else touched; time-ordered ids append to the
/// newest leaves, which the next requests share. They stay unguessable (74 random bits) and unique across processes.
public enum TimeOrderedID {
    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1_000))
        let randomA = generator.next() as UInt64
        let randomB = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: randomA & 0x0F)  // version 7
        bytes[7] = UInt8(truncatingIfNeeded: randomA >> 8)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: (randomA >> 16) & 0x3F)  // variant 10
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: randomB >> (8 * (index - 9))) }
        let hex = Hex.encode(bytes)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, digit) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
            text.append(digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
