import Messages
import Testing

@Suite struct SpellingTests {
    /// Edit distances worked by hand (optimal string alignment: insert, delete, substitute, swap neighbours).
    @Test func aMisspellingIsMatchedToTheNameItMostLikelyMeant() {
        #expect(Spelling.editDistance("domian", "domain") == 1)  // swap i/a
        #expect(Spelling.editDistance("kitten", "sitting") == 3)  // k→s, e→i, +g
        #expect(Spelling.editDistance("", "abc") == 3)
        #expect(Spelling.editDistance("lead", "lead") == 0)
        #expect(Spelling.closest(to: "domian", among: ["domain", "dept", "status"]) == "domain")
        #expect(Spelling.closest(to: "Limit", among: ["limit", "after"]) == "limit")
        #expect(Spelling.closest(to: "zzz", among: ["limit", "after"]) == nil, "too far from anything")
        #expect(Spelling.closest(to: "ab", among: ["ax", "ay"]) == nil, "two equally near: no guess")
        #expect(Spelling.closest(to: "id", among: ["ids"]) == "ids")
        #expect(Spelling.closest(to: "x", among: ["ab"]) == nil, "a two-letter name allows one edit, not two")
        #expect(Spelling.closest(to: String(repeating: "A", count: 262_144), among: ["limit", "after"]) == nil, "junk is not a typo")
    }
}
