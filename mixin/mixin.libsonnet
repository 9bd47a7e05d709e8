// The synapse-e2ee-exporter mixin: config, recording rules, alerts, dashboards.
(import 'config.libsonnet')
+ (import 'rules.libsonnet')
+ (import 'alerts.libsonnet')
+ (import 'dashboards.libsonnet')
