import Messages
import Testing

@testable import PlanningCore

/// The draw rules against values computed independently of this code.
///
/// Python 3 (hashlib), run once and its output pasted below:
/// ```python
/// import hashlib, struct
/// def key_string(sources):
///     return "".join("".join(f"{n}." for n in sorted(s)) + "/" for s in sources)
/// def rfc3797(key, pool, count):
///     remaining = list(pool); out = []
///     for i in range(count):
///         p = struct.pack(">H", i)
///         h = hashlib.md5(p + key.encode() + p).digest()
///         out.append(remaining.pop(int.from_bytes(h, "big") % len(remaining)))
///     return out
/// def sha256_rank(key, stratum, pool, count):
///     return sorted(pool, key=lambda c: hashlib.sha256(f"{key}|{stratum}|{c}".encode()).digest())[:count]
/// k2 = key_string([[20250401], [7, 3, 33, 21, 15, 9]])           # 20250401./3.7.9.15.21.33./
/// pool = ["91411627MA%05dX" % n for n in range(1, 21)]
/// rfc3797(k2, pool, 5)        # ['91411627MA00020X', '91411627MA00011X', '91411627MA00009X', '91411627MA00015X', '91411627MA00016X']
/// sha256_rank(k2, "all", pool, 5)  # ['91411627MA00002X', '91411627MA00013X', '91411627MA00016X', '91411627MA00015X', '91411627MA00003X']
/// sha256_rank(k2, "A", pool, 3)    # ['91411627MA00005X', '91411627MA00002X', '91411627MA00018X']
/// hashlib.sha256(f"{k2}|all|{pool[0]}".encode()).hexdigest()
///     # d23ecb201ea710ddb96c8a46573c16e702581b6fa0d109c04927bc046b7254f8
/// ```
@Suite struct DrawEngineTests {
    static let key2 = "20250401./3.7.9.15.21.33./"
    static let pool = (1...20).map { "91411627MA" + String(repeating: "0", count: 5 - String($0).count) + String($0) + "X" }

    @Test func keyStringSortsEachSourceAndEndsItWithASlash() throws {
        #expect(try KeyString.make([[9319], [2, 5, 12, 8, 10]]) == "9319./2.5.8.10.12./")
        #expect(try KeyString.make([[20250401], [7, 3, 33, 21, 15, 9]]) == Self.key2)
        // Digit strings sort as numbers and lose leading zeros; large values stay exact.
        let big = try #require(PlanningMessages.SeedNumber(digits: "123456789012345678901234"))
        let padded = try #require(PlanningMessages.SeedNumber(digits: "0042"))
        #expect(try KeyString.make([[big, padded, 7]]) == "7.42.123456789012345678901234./")
    }

    @Test func keyStringRefusesNoSourcesAndEmptySources() {
        #expect(throws: PlanningError.self) { try KeyString.make([]) }
        #expect(throws: PlanningError.self) { try KeyString.make([[1], []]) }
    }

    /// RFC 3797 §6, the fully worked example: pool 1…25, 11 picks. The expected picks are the RFC's own (also
    /// reproduced by the Python above and by votelib's test suite).
    @Test func rfc3797ReproducesTheRFCWorkedExample() throws {
        let key = try KeyString.make([[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]])
        #expect(key == "9319./2.5.8.10.12./9.18.26.34.41.45./")
        let picks = try DrawEngine.select(method: .rfc3797, key: key, pool: (1...25).map(String.init), count: 11)
        #expect(picks == ["17", "7", "2", "16", "25", "23", "8", "24", "19", "13", "22"])
    }

    /// RFC 3797 §6 prints the first MD5 values and remainders: 990DD0A5…3459 mod 25 = 16, 3691E55C…5EC6 mod 24 = 6.
    @Test func oneHundredTwentyEightBitModuloByLongDivision() {
        let first: [UInt8] = [0x99, 0x0D, 0xD0, 0xA5, 0x69, 0x2A, 0x02, 0x9A, 0x98, 0xB5, 0xE0, 0x1A, 0xA2, 0x8F, 0x34, 0x59]
        let second: [UInt8] = [0x36, 0x91, 0xE5, 0x5C, 0xB6, 0x3F, 0xCC, 0x37, 0x91, 0x44, 0x30, 0xB2, 0xF7, 0x0B, 0x5E, 0xC6]
        #expect(Digests.bigEndianModulo(first, 25) == 16)
        #expect(Digests.bigEndianModulo(second, 24) == 6)
        #expect(Digests.bigEndianModulo([UInt8](repeating: 0xFF, count: 16), 1 << 40) == (1 << 40) - 1)
    }

    @Test func rfc3797MatchesPython() throws {
        let picks = try DrawEngine.select(method: .rfc3797, key: Self.key2, pool: Self.pool, count: 5)
        #expect(picks == ["91411627MA00020X", "91411627MA00011X", "91411627MA00009X", "91411627MA00015X", "91411627MA00016X"])
    }

    @Test func sha256RankMatchesPython() throws {
        #expect(Digests.sha256Hex("\(Self.key2)|all|\(Self.pool[0])") == "d23ecb201ea710ddb96c8a46573c16e702581b6fa0d109c04927bc046b7254f8")
        let all = try DrawEngine.select(method: .sha256Rank, key: Self.key2, pool: Self.pool, count: 5)
        #expect(all == ["91411627MA00002X", "91411627MA00013X", "91411627MA00016X", "91411627MA00015X", "91411627MA00003X"])
        let gradeA = try DrawEngine.select(method: .sha256Rank, key: Self.key2, pool: Self.pool, count: 3, stratum: "A")
        #expect(gradeA == ["91411627MA00005X", "91411627MA00002X", "91411627MA00018X"])
    }

    @Test func sha256RankIsTheSameWithTheHeapAndTheFullSort() throws {
        // count < n/8 takes the bounded heap, count = n the full sort: the first picks must agree.
        let pool = (0..<400).map { "E\($0)" }
        let few = try DrawEngine.select(method: .sha256Rank, key: Self.key2, pool: pool, count: 10)
        let all = try DrawEngine.select(method: .sha256Rank, key: Self.key2, pool: pool, count: 400)
        #expect(few == Array(all.prefix(10)))
        #expect(Set(all).count == 400)
    }

    @Test func stratumCountIsTheCeilingWithoutFloatingPointSurprises() {
        #expect(DrawEngine.stratumCount(ratio: 0.05, size: 200) == 10)
        #expect(DrawEngine.stratumCount(ratio: 0.05, size: 201) == 11)
        #expect(DrawEngine.stratumCount(ratio: 0.1, size: 1) == 1)
        #expect(DrawEngine.stratumCount(ratio: 0.07, size: 100) == 7)
        #expect(DrawEngine.stratumCount(ratio: 1, size: 7) == 7)
        #expect(DrawEngine.stratumCount(ratio: 0.2, size: 0) == 0)
    }

    @Test func countsAboveThePoolOrTheRFCLimitAreRefused() {
        #expect(throws: PlanningError.countExceedsPool(count: 21, pool: 20)) {
            try DrawEngine.select(method: .sha256Rank, key: Self.key2, pool: Self.pool, count: 21)
        }
        let big = (0..<70_000).map { "E\($0)" }
        #expect(throws: PlanningError.tooManySelections(65_536)) {
            try DrawEngine.select(method: .rfc3797, key: Self.key2, pool: big, count: 65_536)
        }
    }

    @Test func poolDigestHashesIdsWithNewlines() {
        // printf 'a\nb\n' | sha256sum
        #expect(Digests.poolDigest(["a", "b"]) == Digests.sha256Hex("a\nb\n"))
        #expect(Digests.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

/// The inspector assignment rule on its own.
@Suite struct InspectorAssignmentTests {
    let roster = (1...4).map { PlanningMessages.InspectorRef(id: "I\($0)", dept: $0 <= 2 ? "a" : "b") }

    @Test func loadIsSpreadEvenly() throws {
        let entities = (1...10).map { "E\($0)" }
        let teams = try InspectorAssignment.assign(
            entities: entities, roster: roster, conflicts: [:], perEntity: 2, method: .sha256Rank, key: "1./")
        var load: [String: Int] = [:]
        for team in teams {
            #expect(Set(team.map(\.id)).count == 2)
            for inspector in team { load[inspector.id, default: 0] += 1 }
        }
        #expect(load.values.sorted() == [5, 5, 5, 5])
    }

    @Test func declaredConflictsAreSkippedAndTheSkippedInspectorComesNext() throws {
        let order = try InspectorAssignment.order(roster: roster, method: .sha256Rank, key: "1./")
        let first = order[0].id
        let teams = try InspectorAssignment.assign(
            entities: ["E1", "E2"], roster: roster, conflicts: ["E1": [first]], perEntity: 2, method: .sha256Rank, key: "1./")
        #expect(!teams[0].map(\.id).contains(first))
        #expect(teams[1].first?.id == first)
    }

    @Test func tooFewEligibleInspectorsIsAnError() {
        #expect(throws: PlanningError.notEnoughInspectors(entityId: "E1", eligible: 1, needed: 2)) {
            try InspectorAssignment.assign(
                entities: ["E1"], roster: roster, conflicts: ["E1": ["I1", "I2", "I3"]], perEntity: 2, method: .rfc3797, key: "1./")
        }
    }
}
