import CatalogCore
import ServiceRunner

await ServiceMain.run(CatalogService.self)
