import WarningCore
import ServiceRunner

await ServiceMain.run(WarningService.self)
