// The modules of prom-client that src/metrics.ts imports one by one (prom-client declares only its index): each is
// the index's export of the same name, as prom-client's index.js assigns them.
declare module "prom-client/lib/cluster.js" {
  import { AggregatorRegistry } from "prom-client";
  export = AggregatorRegistry;
}
declare module "prom-client/lib/defaultMetrics.js" {
  import { collectDefaultMetrics } from "prom-client";
  export = collectDefaultMetrics;
}
declare module "prom-client/lib/gauge.js" {
  import { Gauge } from "prom-client";
  export = Gauge;
}
declare module "prom-client/lib/registry.js" {
  import { Registry } from "prom-client";
  export = Registry;
}
