import GatewayCore

await Gateway.main()
