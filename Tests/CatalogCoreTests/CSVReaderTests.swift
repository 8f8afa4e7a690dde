import CatalogCore
import Testing

struct CSVReaderTests {
    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n\n3,,last"
        let records = try CSVReader.parse(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", ""], ["3", "", "last"]])
        #expect(records.map(\.line) == [1, 2, 3, 6])
    }

    @Test func skipsABOMAndKeepsChineseText() throws {
        let records = try CSVReader.parse("\u{FEFF}code,name\nhy-edu,区教体局\n")
        #expect(records.map(\.fields) == [["code", "name"], ["hy-edu", "区教体局"]])
    }

    @Test func refusesBrokenQuoting() {
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse("a\n\"never closed\n") }
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse("a\nx\"y\n") }
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse("a\n\"x\"y\n") }
    }
}
