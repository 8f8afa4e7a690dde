import InspectionCore
import ServiceRunner

await ServiceMain.run(InspectionService.self)
