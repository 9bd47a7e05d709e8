// Alerting rules. KE-1 and KE-4 alerts come from log-side recording rules (summed over a
// homeserver's exporters, no `instance`) and join database-side series with `max by`, which
// a second polling exporter could not double. Every join names the homeserver label.
local fold(text) = std.join(' ', std.split(std.rstripChars(text, '\n'), '\n'));

{
  prometheusAlerts+:: {
    local c = $._config,
    local hs = c.homeserverLabel,
    local f = c { hs: hs, exporter: c.exporterSelector, synapse: c.synapseSelector },
    local runbook(anchor) = c.runbookBaseUrl + '#' + anchor,
    // The family and release behind a device's uploads, looked up when the alert fires.
    local client = fold(|||
      {{ with printf "synapse_e2ee_device_client_info{%(hs)s=%%q,user=%%q,device=%%q}" $labels.%(hs)s $labels.user $labels.device | query }}{{ with . | first }}{{ .Labels.client }} {{ .Labels.version }}{{ end }}{{ else }}unknown (no user agent seen for this device yet){{ end }}
    ||| % f),
    // Divergence as the Q1 verdict decides it (diagnosis/DecisionTree): the database decides when
    // it answered for the device (a divergence series, 1 or 0); where it has no answer (no
    // database, a worker host, a stored value not comparable) Synapse's own error text does, which
    // names a stored value other than the upload (synapse_e2ee_otk_conflict_values_differ).
    local byDevice(metric) = 'max by (%(hs)s, user, device) (%(metric)s{%(exporter)s})' % (f { metric: metric }),
    local divergence =
      '(%(db)s == 1 or (%(log)s == 1 unless on (%(hs)s, user, device) %(db)s))' % (f {
        db: byDevice('synapse_e2ee_otk_conflict_divergence'),
        log: byDevice('synapse_e2ee_otk_conflict_values_differ'),
      }),

    groups+: [
      {
        name: 'synapse_e2ee_ke',
        rules: [
          {
            alert: 'E2EEOtkDivergence',
            expr: |||
              synapse_e2ee:otk_conflicts:rate5m > %(otkConflictsPerSecond)g
              and on (%(hs)s, user, device) %(divergence)s
            ||| % (f { divergence: divergence }),
            'for': '5m',
            labels: { severity: 'critical', ke: 'KE-1', verdict: 'divergence' },
            annotations: {
              summary: 'KE-1 one-time-key divergence for {{ $labels.user }} device {{ $labels.device }}',
              description: fold(|||
                {{ $labels.device }} of {{ $labels.user }} has its key uploads rejected
                {{ $value | humanize }} times a second, and the key id the server rejects is stored
                with another value than the client sends (the database shows it; where no database
                answers for the device, Synapse's error named both values): the client's crypto
                store and the server diverged. Nobody can open a new Olm session with this device (media keys of calls
                will not decrypt). Capture now (synapse-e2ee-exporter capture --user ... --device ...);
                the remedy is a logout and login of that device, not row surgery.
              |||),
              client: client,
              runbook_url: runbook('ke-1-otk-conflict-storm'),
            },
          },
          {
            alert: 'E2EEOtkConflictStorm',
            expr: |||
              synapse_e2ee:otk_conflicts:rate5m > %(otkConflictsPerSecond)g
              unless on (%(hs)s, user, device) %(divergence)s
            ||| % (f { divergence: divergence }),
            'for': '5m',
            labels: { severity: 'warning', ke: 'KE-1', verdict: 'client_loop' },
            annotations: {
              summary: 'KE-1 key upload storm from {{ $labels.user }} device {{ $labels.device }}',
              description: fold(|||
                {{ $labels.device }} of {{ $labels.user }} keeps uploading one-time keys the server
                rejects as already existing ({{ $value | humanize }}/s), but nothing shows a stored
                key that differs from the upload: the database answered the same value or no longer
                stored (it decides when it answered), or, without a database answer, Synapse's error
                named equal values or could not be read. A client retry loop. Check
                synapse_e2ee_otk_conflict_key_stored, synapse_e2ee_otk_conflict_values_differ and
                the device's synapse_e2ee_otk_count.
              |||),
              client: client,
              runbook_url: runbook('ke-1-otk-conflict-storm'),
            },
          },
          {
            alert: 'E2EEOtkConflictStormSevere',
            expr: 'synapse_e2ee:otk_conflicts:rate5m > %(otkConflictsSeverePerSecond)g' % f,
            'for': '2m',
            labels: { severity: 'critical', ke: 'KE-1' },
            annotations: {
              summary: 'KE-1 storm at {{ $value | humanize }}/s from {{ $labels.user }} device {{ $labels.device }}',
              description: fold(|||
                Storms of this size have exhausted Synapse's memory and worker locks (Synapse issues
                19392, 19588). The device keeps re-sending until it is logged out.
              |||),
              client: client,
              runbook_url: runbook('ke-1-otk-conflict-storm'),
            },
          },
          {
            alert: 'E2EEOtkExhaustion',
            expr: |||
              synapse_e2ee_otk_count{%(exporter)s,algorithm="signed_curve25519"} == 0
              and on (%(hs)s, instance, user, device) synapse_e2ee_fallback_key_used{%(exporter)s,algorithm="signed_curve25519"} == 1
            ||| % f,
            'for': c.otkExhaustionFor,
            labels: { severity: 'warning', ke: 'KE-1', verdict: 'exhaustion' },
            annotations: {
              summary: 'No one-time keys left for {{ $labels.user }} device {{ $labels.device }}',
              description: fold(|||
                The device has no unclaimed one-time keys and its fallback key has been handed out:
                new Olm sessions reuse the fallback key. Not a divergence: the device is not
                uploading new keys (offline, or its uploads fail - see KE-1 storm alerts).
              |||),
              runbook_url: runbook('otk-exhaustion'),
            },
          },
          {
            alert: 'E2EEToDeviceBacklogStalled',
            expr: |||
              synapse_e2ee_to_device_stalled_seconds{%(exporter)s} > %(toDeviceStalledSeconds)g
              and on (%(hs)s, instance, user, device) synapse_e2ee_to_device_pending{%(exporter)s} > %(toDeviceStalledPending)g
            ||| % f,
            'for': '5m',
            labels: { severity: 'warning', ke: 'KE-2', verdict: 'backlog' },
            annotations: {
              summary: 'To-device messages for {{ $labels.user }} device {{ $labels.device }} not draining',
              description: fold(|||
                Messages (media keys of calls among them) have waited for this device for
                {{ $value | humanizeDuration }} without it acknowledging any: it is not syncing, or
                is syncing with another device id. Call partners of this device will lose audio or video.
              |||),
              runbook_url: runbook('ke-2-to-device-backlog'),
            },
          },
          {
            alert: 'E2EEToDeviceStaleTargetsGrowing',
            expr: 'synapse_e2ee_device_inbox_stale_rows{%(exporter)s} - (synapse_e2ee_device_inbox_stale_rows{%(exporter)s} offset 30m) > %(staleTargetRowsGrowth30m)g' % f,
            'for': '10m',
            labels: { severity: 'warning', ke: 'KE-2', verdict: 'stale_device' },
            annotations: {
              summary: 'To-device messages keep going to device ids that no longer exist',
              description: fold(|||
                {{ $value | humanize }} more messages in 30 minutes were queued for device ids absent
                from the devices table: a client (often a call) targets a stale device.
                synapse_e2ee_to_device_stale_pending names the users and ids.
              |||),
              runbook_url: runbook('ke-2-stale-device'),
            },
          },
          {
            alert: 'E2EEMalformedEncryptedEvents',
            expr: 'increase(synapse_e2ee_encrypted_events_missing_algorithm_total{%(exporter)s}[1h]) > 0' % f,
            labels: { severity: 'warning', ke: 'KE-3', verdict: 'server_data' },
            annotations: {
              summary: 'Encrypted events stored without content.algorithm',
              description: fold(|||
                {{ $value | humanize }} new m.room.encrypted events were stored without an algorithm
                field in the last hour (redactions excluded): a data problem on the server side,
                not a client decoding bug. Event ids: /api/v1/findings on the exporter.
              |||),
              runbook_url: runbook('ke-3-missing-algorithm'),
            },
          },
          {
            alert: 'E2EEDelayedEventTimeoutsHomeserverLoad',
            expr: |||
              synapse_e2ee:delayed_event_timeouts:rate5m > %(delayedEventTimeoutsPerSecond)g
              and on (%(hs)s) (
                synapse_e2ee:synapse_p99_latency_excluding_sync_seconds:5m > %(homeserverLoadP99Seconds)g
                or synapse_e2ee:synapse_health_probe_trouble:rate5m > 0
              )
            ||| % f,
            'for': '5m',
            labels: { severity: 'warning', ke: 'KE-4', verdict: 'homeserver_load' },
            annotations: {
              summary: 'Call membership timeouts for {{ $labels.user }} while Synapse is slow',
              description: fold(|||
                Element Call gave up on delayed-event requests of {{ $labels.user }}
                ({{ $value | humanize }}/s) while this homeserver's p99 latency excluding /sync is
                above %(homeserverLoadP99Seconds)g s or it did not answer the exporter's /health probe
                in time (a stall: its own latency leaves that out): the homeserver's load, not the
                client, is the cause.
              ||| % f),
              runbook_url: runbook('ke-4-delayed-event-timeouts'),
            },
          },
          {
            alert: 'E2EEDelayedEventTimeoutsClientRetry',
            expr: |||
              synapse_e2ee:delayed_event_timeouts:rate5m > %(delayedEventTimeoutsPerSecond)g
              unless on (%(hs)s) (
                synapse_e2ee:synapse_p99_latency_excluding_sync_seconds:5m > %(homeserverLoadP99Seconds)g
                or synapse_e2ee:synapse_health_probe_trouble:rate5m > 0
              )
            ||| % f,
            'for': '5m',
            labels: { severity: 'info', ke: 'KE-4', verdict: 'client_retry' },
            annotations: {
              summary: 'Call membership timeouts for {{ $labels.user }} with a healthy homeserver',
              description: fold(|||
                Element Call gave up on delayed-event requests of {{ $labels.user }}
                ({{ $value | humanize }}/s) although this homeserver answers quickly (and, where
                synapse.health_url is set, its /health probe too): the client's MembershipManager
                retry behaviour or its network.
              |||),
              runbook_url: runbook('ke-4-delayed-event-timeouts'),
            },
          },
        ],
      },
      {
        name: 'synapse_e2ee_meta',
        rules: [
          {
            alert: 'E2EEExporterDown',
            expr: 'up{%(exporter)s} == 0' % f,
            'for': '2m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'synapse-e2ee-exporter on {{ $labels.instance }} is not answering scrapes',
              description: 'Every other E2EE alert of this instance is blind (and inhibited) until it is back.',
              runbook_url: runbook('exporter-down'),
            },
          },
          {
            alert: 'E2EELogStale',
            expr: |||
              time() - synapse_e2ee_log_last_record_timestamp_seconds{%(exporter)s} > %(logStaleSeconds)g
              and on (%(hs)s) count by (%(hs)s) (up{%(synapse)s} == 1) > 0
            ||| % f,
            'for': '5m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'No new Synapse log records from {{ $labels.file }} for {{ $value | humanizeDuration }}',
              description: fold(|||
                Synapse is up but the exporter reads nothing new: the log moved (new path, workers),
                logging was reconfigured, or the exporter lost permission. KE-1/2/4 log metrics are stale.
              |||),
              runbook_url: runbook('log-stale'),
            },
          },
          {
            alert: 'E2EEDatabaseUnreachable',
            expr: 'synapse_e2ee_db_up{%(exporter)s} == 0' % f,
            'for': '5m',
            labels: { severity: 'warning' },
            annotations: {
              summary: "synapse-e2ee-exporter on {{ $labels.instance }} cannot poll Synapse's database",
              description: 'Per-device key, inbox, delayed-event and KE-3 metrics are stale; see synapse_e2ee_db_query_errors_total for the reason.',
              runbook_url: runbook('database-unreachable'),
            },
          },
          {
            alert: 'E2EEDatabaseReplicaLagging',
            expr: 'synapse_e2ee_db_standby{%(exporter)s} == 1 and on (%(hs)s, instance) synapse_e2ee_db_replica_lag_seconds{%(exporter)s} > %(replicaLagSeconds)g' % f,
            'for': '10m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The replica synapse-e2ee-exporter on {{ $labels.instance }} polls is behind its primary',
              description: fold(|||
                The hot standby the exporter reads has not replayed what it received for longer
                than %(replicaLagSeconds)g s: per-device key, inbox and KE-3 figures describe the past,
                and verdicts built on them say "as of the replica's replay time".
              ||| % f),
              runbook_url: runbook('database-replica-lagging'),
            },
          },
          {
            alert: 'E2EELogParseErrorsHigh',
            expr: 'synapse_e2ee:log_unrecognised_ratio:15m > %(logUnrecognisedRatio)g' % f,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: '{{ $value | humanizePercentage }} of lines in {{ $labels.file }} are not in a layout the exporter reads',
              description: 'Check logs.format (text/json) and the Synapse log formatter; counts from this file are incomplete.',
              runbook_url: runbook('log-parse-errors'),
            },
          },
          {
            alert: 'E2EECollectorDisabled',
            expr: 'synapse_e2ee_db_collector_enabled{%(exporter)s} == 0' % f,
            'for': '10m',
            labels: { severity: 'info' },
            annotations: {
              summary: 'Database collector {{ $labels.collector }} is switched off',
              description: "Its table or column is missing (older Synapse) or the exporter's role lacks SELECT on it; the exporter's log says which.",
              runbook_url: runbook('collector-disabled'),
            },
          },
        ],
      },
    ],
  },
}
