import CreditCore
import ServiceRunner

await ServiceMain.run(CreditService.self)
