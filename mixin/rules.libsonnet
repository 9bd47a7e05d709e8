// Recording rules. Log-side series are summed over every exporter of a homeserver (each reads
// other files: the main process on one host, workers on others); nothing keeps `instance`
// except the per-file log ratio. Windows are 5m: with a 30 s scrape, 10 samples per series.
{
  prometheusRules+:: {
    local c = $._config,
    local hs = c.homeserverLabel,
    groups+: [
      {
        name: 'synapse_e2ee_recording',
        interval: c.ruleInterval,
        rules: [
          {
            // Synapse p99 request latency excluding long-polling /sync (whose latency is the
            // poll timeout, not load), per homeserver. Synapse's own histogram when Prometheus
            // scrapes its metrics listener; otherwise the exporters' access-log histogram,
            // summed over the homeserver's exporters. `or` works per homeserver: one that
            // exposes Synapse's metrics never falls back. Used by the KE-4 verdict.
            record: 'synapse_e2ee:synapse_p99_latency_excluding_sync_seconds:5m',
            expr: |||
              histogram_quantile(0.99, sum by (%(hs)s, le) (rate(synapse_http_server_response_time_seconds_bucket{%(synapse)s,servlet!~"SyncRestServlet|SlidingSyncRestServlet"}[5m])))
              or
              histogram_quantile(0.99, sum by (%(hs)s, le) (rate(synapse_e2ee_http_request_duration_seconds_bucket{%(exporter)s,endpoint!="sync"}[5m])))
            ||| % { hs: hs, synapse: c.synapseSelector, exporter: c.exporterSelector },
          },
          {
            // KE-1: rejected one-time-key uploads per device and second, whichever worker
            // (and so whichever exporter) took them.
            record: 'synapse_e2ee:otk_conflicts:rate5m',
            expr: 'sum by (%(hs)s, user, device) (rate(synapse_e2ee_otk_conflicts_total{%(exporter)s}[5m]))'
                  % { hs: hs, exporter: c.exporterSelector },
          },
          {
            // KE-4: delayed-event requests the client gave up on (logged abandoned, with `!` after the status: its timeout
            // fired before Synapse answered), per user and second.
            record: 'synapse_e2ee:delayed_event_timeouts:rate5m',
            expr: 'sum by (%(hs)s, user) (rate(synapse_e2ee_delayed_event_disconnects_total{%(exporter)s}[5m]))'
                  % { hs: hs, exporter: c.exporterSelector },
          },
          {
            // KE-4: a homeserver that does not answer. While Synapse's reactor is blocked it logs
            // nothing and leaves the blocked time out of its processing times (a frozen Synapse
            // 1.160 logged its abandoned restarts with 0.017sec), so no p99 shows it; the
            // exporter's probe of its /health (synapse.health_url) does. Above 0 while probes
            // got no answer (timeout, connect) or answered slower than the load threshold (one of
            // the probe histogram's bounds: 0.5, 1, 2, 5 or 10 s), per homeserver. Another status
            // than 200 is an answer: a wrong URL must not read as load.
            record: 'synapse_e2ee:synapse_health_probe_trouble:rate5m',
            expr: |||
              sum by (%(hs)s) (rate(synapse_e2ee_synapse_health_probe_failures_total{%(exporter)s,reason=~"timeout|connect"}[5m])) > 0
              or
              (
                sum by (%(hs)s) (rate(synapse_e2ee_synapse_health_probe_duration_seconds_count{%(exporter)s}[5m]))
                - sum by (%(hs)s) (rate(synapse_e2ee_synapse_health_probe_duration_seconds_bucket{%(exporter)s,le="%(le)s"}[5m]))
              ) > 0
            ||| % { hs: hs, exporter: c.exporterSelector, le: local t = c.homeserverLoadP99Seconds; if std.floor(t) == t then '%d.0' % t else std.toString(t) },
          },
          {
            // KE-4: delayed-event updates and restarts Synapse took longer than 5 s to answer.
            record: 'synapse_e2ee:delayed_event_slow_requests:rate5m',
            expr: |||
              sum by (%(hs)s) (rate(synapse_e2ee_delayed_event_request_duration_seconds_count{%(exporter)s,action=~"update|restart"}[5m]))
              - sum by (%(hs)s) (rate(synapse_e2ee_delayed_event_request_duration_seconds_bucket{%(exporter)s,action=~"update|restart",le="5.0"}[5m]))
            ||| % { hs: hs, exporter: c.exporterSelector },
          },
          {
            // Share of log lines an exporter could not read as Synapse records of its layout;
            // per file, so it names the exporter and file to fix.
            record: 'synapse_e2ee:log_unrecognised_ratio:15m',
            expr: |||
              sum by (%(hs)s, instance, file) (rate(synapse_e2ee_log_lines_skipped_total{%(exporter)s,reason=~"unrecognised_layout|invalid_json"}[15m]))
              / sum by (%(hs)s, instance, file) (rate(synapse_e2ee_log_lines_read_total{%(exporter)s}[15m]))
            ||| % { hs: hs, exporter: c.exporterSelector },
          },
        ],
      },
    ],
  },
}
