import Messages
import Testing

/// An object parameter's fields come from its message type, so they cannot drift from what the service decodes.
@Suite struct ParamSpecTests {
    @Test func fieldsAreTheTypesPropertiesInOrder() {
        // The filter of a plan as DESIGN §4 lists it: domain, industry, region, kind, tags.
        let filter = SystemMessages.ParamSpec("filter", fieldsOf: PlanningMessages.TargetFilter(), "which entities")
        #expect(filter.type == "object")
        #expect(filter.fields == ["domain", "industry", "region", "kind", "tags"])
        #expect(filter.doc == "which entities")
        #expect(!filter.required)
        let window = SystemMessages.ParamSpec("window", required: true, fieldsOf: PlanningMessages.Window(start: "", end: ""))
        #expect(window.fields == ["start", "end"])
        #expect(window.required)
        // An array of objects: each element's fields, the same way.
        let inspectors = SystemMessages.ParamSpec("inspectors", elementsOf: InspectionMessages.InspectorRef(id: "", dept: ""))
        #expect(inspectors.type == "array")
        #expect(inspectors.fields == ["id", "dept"])
    }
}
