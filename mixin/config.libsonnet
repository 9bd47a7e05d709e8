// The one place to adapt synapse-e2ee-exporter's rules and dashboards to a Prometheus setup.
// mixin/generate.sh renders alerts/*.rules.yml and dashboards/*.json from it; to use other
// values, override _config (see mixin/README.md) instead of editing the generated files.
{
  _config+:: {
    // Scrape jobs. The exporter's selector picks every exporter of every homeserver (log-only
    // worker hosts and the polling instance alike); Synapse's picks its main process and workers.
    exporterSelector: 'job="synapse-e2ee-exporter"',
    synapseSelector: 'job=~"synapse.*",job!="synapse-e2ee-exporter"',

    // The target label naming the homeserver, set in the scrape config of both the Synapse
    // jobs and the exporter jobs (deploy/prometheus/scrape.yml). Every rule aggregates and
    // joins by it, so one homeserver's load never decides another's verdict.
    homeserverLabel: 'homeserver',

    // Where docs/runbook.md is served; runbook_url annotations are this plus an anchor. The
    // exporter serves it at /runbook on its listener (default port 9477): replace the host
    // with the exporter's address as the on-call browser reaches it (mixin/README.md).
    runbookBaseUrl: 'http://localhost:9477/runbook',

    // Rule evaluation interval and rate windows (with a 30 s scrape: 10 samples per window).
    ruleInterval: '30s',
    rateWindow: '5m',

    // Alert thresholds for a small homeserver (a few hundred users); alerts/README.md gives
    // the reason for each number.
    otkConflictsPerSecond: 0.05,
    otkConflictsSeverePerSecond: 1,
    otkExhaustionFor: '15m',
    toDeviceStalledSeconds: 600,
    toDeviceStalledPending: 10,
    staleTargetRowsGrowth30m: 20,
    delayedEventTimeoutsPerSecond: 0.01,
    homeserverLoadP99Seconds: 2,
    logStaleSeconds: 600,
    logUnrecognisedRatio: 0.05,
    replicaLagSeconds: 300,
  },
}
