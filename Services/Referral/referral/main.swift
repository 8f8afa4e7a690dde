import ReferralCore
import ServiceRunner

await ServiceMain.run(ReferralService.self)
