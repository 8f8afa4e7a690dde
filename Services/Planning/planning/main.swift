import PlanningCore
import ServiceRunner

await ServiceMain.run(PlanningService.self)
